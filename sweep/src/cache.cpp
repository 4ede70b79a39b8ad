#include "quasar/sweep/cache.h"

#include "quasar/config/error.h"
#include "quasar/fpga/json.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace quasar::sweep {
namespace {

// Records of another quasar version are not reused: the generator or a stage may have changed.
const std::string kFormat = std::string("quasar-sweep-stage-1 ") + QUASAR_VERSION;

config::Stage stageFromName(const std::string &name, const std::string &what) {
  for (const auto &[v, spelled] : config::enumTable<config::Stage>())
    if (name == spelled) return v;
  throw InputError(what + ": unknown stage '" + name + "'");
}

} // namespace

std::string StageCache::dir(const std::string &hash, config::Stage stage,
                            const std::string &workloadKey) const {
  std::string leaf = config::toString(stage);
  if (!workloadKey.empty()) leaf += "@" + workloadKey;
  return (fs::path(m_root) / "points" / hash.substr(0, 12) / leaf).string();
}

std::optional<StageRecord> StageCache::load(const std::string &hash, config::Stage stage,
                                            const std::string &workloadKey) const {
  const fs::path path = fs::path(dir(hash, stage, workloadKey)) / "result.json";
  if (!fs::exists(path)) return std::nullopt;
  try {
    std::string storedHash;
    StageRecord r = recordFromJson(fpga::readTextFile(path.string()), path.string(), &storedHash);
    if (storedHash != hash || r.stage != stage || r.workload != workloadKey) return std::nullopt;
    return r;
  } catch (const InputError &) {
    return std::nullopt; // another version or a damaged file: run the stage again
  }
}

void StageCache::store(const std::string &hash, const StageRecord &record) const {
  const fs::path path = fs::path(dir(hash, record.stage, record.workload)) / "result.json";
  fpga::writeFileAtomic(path.string(), recordToJson(hash, record));
}

std::string recordToJson(const std::string &hash, const StageRecord &r) {
  fpga::JsonWriter w;
  w.beginObject();
  w.key("format").value(kFormat);
  w.key("config_hash").value(hash);
  w.key("stage").value(config::toString(r.stage));
  w.key("workload").value(r.workload);
  w.key("ok").value(r.ok);
  w.key("error").value(r.error);
  w.key("seconds").value(r.seconds);
  w.key("values").beginObject();
  for (const auto &[k, v] : r.output.values) w.key(k).value(v);
  w.endObject();
  w.key("layers").beginArray();
  for (const LayerCycles &l : r.output.layers) {
    w.beginObject();
    w.key("name").value(l.name);
    w.key("m").value(l.m).key("n").value(l.n).key("k").value(l.k);
    w.key("count").value(l.count).key("cycles").value(l.cycles);
    w.endObject();
  }
  w.endArray();
  w.endObject();
  return w.str();
}

StageRecord recordFromJson(const std::string &text, const std::string &what,
                           std::string *hash) {
  const YAML::Node n = fpga::parseJson(text, what);
  StageRecord r;
  try {
    if (!n.IsMap() || !n["format"] || n["format"].as<std::string>() != kFormat)
      throw InputError(what + ": not a stage record of this quasar version (" + kFormat + ")");
    if (hash) *hash = n["config_hash"].as<std::string>();
    r.stage = stageFromName(n["stage"].as<std::string>(), what);
    r.workload = n["workload"].as<std::string>();
    r.ok = n["ok"].as<bool>();
    r.error = n["error"].as<std::string>();
    r.seconds = n["seconds"].as<double>();
    for (const auto &kv : n["values"])
      r.output.values[kv.first.as<std::string>()] = kv.second.as<std::string>();
    for (const auto &l : n["layers"])
      r.output.layers.push_back({l["name"].as<std::string>(), l["m"].as<int64_t>(),
                                 l["n"].as<int64_t>(), l["k"].as<int64_t>(),
                                 l["count"].as<int64_t>(), l["cycles"].as<int64_t>()});
  } catch (const YAML::Exception &e) {
    throw InputError(what + ": malformed stage record: " + e.what());
  }
  return r;
}

} // namespace quasar::sweep
