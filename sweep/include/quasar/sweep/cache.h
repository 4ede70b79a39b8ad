// The sweep cache: one directory per point and stage (and workload, for cycle stages), holding
// the stage's files and its record, result.json.
//
//   <root>/points/<hash12>/<stage>/result.json              gen, lint, synth
//   <root>/points/<hash12>/<stage>@<workload key>/result.json  analytical, systemc, cosim
//
// A record is written atomically when the stage ends, successful or not. A successful record
// with the same config hash, workload key and quasar version is reused (the stage is not run
// again); a failed record is only read by the collect step and is retried by the next run.
// An interrupted run leaves no record for the stages it was running, so they run again.
#pragma once

#include "quasar/config/enums.h"
#include "quasar/sweep/stages.h"

#include <optional>
#include <string>

namespace quasar::sweep {

struct StageRecord {
  config::Stage stage = config::Stage::Gen;
  std::string workload;  // workload key, or empty
  bool ok = false;
  std::string error;     // when !ok
  double seconds = 0;    // run time of the stage
  StageOutput output;
};

class StageCache {
public:
  explicit StageCache(std::string root) : m_root(std::move(root)) {}
  const std::string &root() const { return m_root; }
  // The stage's directory (not created).
  std::string dir(const std::string &configHash, config::Stage stage,
                  const std::string &workloadKey) const;
  // The stored record, if there is a readable one for this hash/stage/workload and version.
  std::optional<StageRecord> load(const std::string &configHash, config::Stage stage,
                                  const std::string &workloadKey) const;
  void store(const std::string &configHash, const StageRecord &record) const;

private:
  std::string m_root; // the cache root directory
};

std::string recordToJson(const std::string &configHash, const StageRecord &record);
// Throws InputError naming `what` when the text is not a record.
StageRecord recordFromJson(const std::string &text, const std::string &what,
                           std::string *configHash = nullptr);

} // namespace quasar::sweep
