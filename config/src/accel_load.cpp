// Reading an accelerator YAML into AccelConfig: the schema, key by key. Cross-field rules
// live in accel_validate.cpp.
#include "quasar/config/load.h"

#include "accel_validate.h"
#include "yaml_reader.h"

#include <limits>

namespace quasar::config {
namespace {

constexpr int kMaxArrayDim = 64;
constexpr int64_t kMaxDimension = int64_t(1) << 24;
constexpr int kMaxDepth = 1 << 20;

void readArray(MapReader &r, ArrayConfig &a) {
  r.read("rows", a.rows, 1, kMaxArrayDim);
  r.read("cols", a.cols, 1, kMaxArrayDim);
  r.readEnum("dataflow", a.dataflow);
  r.finish();
}

void readOvp(MapReader &r, OvpConfig &o) {
  r.readEnum("mode", o.mode);
  r.readEnum("normal", o.normal);
  r.readEnum("pair_policy", o.pair_policy);
  r.finish();
}

void readBitserial(MapReader &r, BitserialConfig &b) {
  r.readEnum("encoding", b.encoding);
  if (b.encoding == BitEncoding::Bitplane) {
    r.read("w_bits_max", b.w_bits_max, 1, 16);
    r.readEnum("binary", b.binary);
    r.forbid("modes", "it selects bitmod datatypes; this PE uses encoding: bitplane");
    r.forbid("group", "groups belong to encoding: bitmod");
  } else {
    r.readEnumList("modes", b.modes);
    r.read("group", b.group, 2, 4096);
    r.forbid("w_bits_max", "bitmod precision is set by its modes");
    r.forbid("binary", "binary: pm1 belongs to encoding: bitplane");
  }
  r.finish();
}

void readPe(MapReader &r, PeConfig &pe) {
  r.readEnum("type", pe.type);
  const std::string derivedByOvp = "OVP operand widths follow pe.ovp.mode (w4a4 or w4a8)";
  if (pe.type == PeType::Ovp) {
    for (const char *key : {"a_bits", "w_bits", "a_signed", "w_signed"}) r.forbid(key, derivedByOvp);
  } else {
    r.read("a_bits", pe.a_bits, 2, 16);
    r.read("a_signed", pe.a_signed);
  }
  if (pe.type == PeType::Int) {
    r.read("w_bits", pe.w_bits, 2, 16);
    r.read("w_signed", pe.w_signed);
  } else if (pe.type == PeType::Bitserial) {
    r.forbid("w_bits", "bit-serial weight precision is pe.bitserial.w_bits_max or its modes");
    r.forbid("w_signed", "bit-serial weights are always signed");
  }
  r.read("acc_bits", pe.acc_bits, 8, 64);

  if (pe.type == PeType::Ovp) {
    if (auto s = r.section("ovp")) readOvp(*s, pe.ovp);
  } else {
    r.forbid("ovp", "pe.type is " + toString(pe.type));
  }
  if (pe.type == PeType::Bitserial) {
    if (auto s = r.section("bitserial")) readBitserial(*s, pe.bitserial);
  } else {
    r.forbid("bitserial", "pe.type is " + toString(pe.type));
  }
  r.finish();
}

void readLimits(MapReader &r, LimitsConfig &l) {
  r.read("k_max", l.k_max, 1, kMaxDimension);
  r.read("m_max", l.m_max, 1, kMaxDimension);
  r.read("n_max", l.n_max, 1, kMaxDimension);
  r.finish();
}

void readBuffers(MapReader &r, BuffersConfig &b) {
  r.read("weight_depth", b.weight_depth, 1, kMaxDepth);
  r.read("act_depth", b.act_depth, 1, kMaxDepth);
  r.read("acc_depth", b.acc_depth, 1, kMaxDepth);
  r.read("double_buffered", b.double_buffered);
  r.finish();
}

void readPost(MapReader &r, PostConfig &p) {
  r.read("bias", p.bias);
  if (auto s = r.section("requant")) {
    s->read("enabled", p.requant.enabled);
    s->read("mult_bits", p.requant.mult_bits, 8, 31);
    s->readEnum("granularity", p.requant.granularity);
    s->readEnum("rounding", p.requant.rounding);
    s->read("out_bits", p.requant.out_bits, 4, 16);
    s->read("out_signed", p.requant.out_signed);
    s->finish();
  }
  r.readEnum("activation", p.activation);
  r.read("residual", p.residual);
  r.readEnum("nonlinear", p.nonlinear);
  r.read("row_max", p.row_max, 1, 65536);
  r.read("lanes", p.lanes, 1, 64);
  r.finish();
}

void readInterfaces(MapReader &r, InterfacesConfig &i) {
  r.read("axis_in_bits", i.axis_in_bits, 8, 1024);
  r.read("axis_out_bits", i.axis_out_bits, 8, 1024);
  r.read("axil_addr_bits", i.axil_addr_bits, 8, 32);
  r.read("axil_data_bits", i.axil_data_bits, 32, 32);
  r.finish();
}

void readFpga(MapReader &r, FpgaConfig &f) {
  r.readEnum("target", f.target);
  r.read("part", f.part);
  r.read("clock_mhz", f.clock_mhz, 1.0, 1000.0);
  r.finish();
}

} // namespace

AccelConfig loadAccelNode(const YAML::Node &root, const std::string &name,
                          const std::map<std::string, SourceLoc> *overrides) {
  Diagnostics diag;
  AccelConfig cfg;
  cfg.source_file = name;
  ReadContext ctx{name, diag, &cfg.locations, overrides};
  MapReader r(root, "", ctx);
  if (!r.isMap()) {
    if (root.IsNull()) diag.error(SourceLoc{name, 0, 0}, "empty configuration; 'name' is required");
    diag.checkpoint();
  }
  r.read("name", cfg.name);
  r.readEnum("top", cfg.top);
  if (auto s = r.section("array")) readArray(*s, cfg.array);
  if (auto s = r.section("pe")) readPe(*s, cfg.pe);
  if (auto s = r.section("limits")) readLimits(*s, cfg.limits);
  if (auto s = r.section("buffers")) readBuffers(*s, cfg.buffers);
  if (auto s = r.section("post")) readPost(*s, cfg.post);
  if (auto s = r.section("interfaces")) readInterfaces(*s, cfg.interfaces);
  if (auto s = r.section("fpga")) readFpga(*s, cfg.fpga);
  if (auto s = r.section("rtl")) {
    s->readEnum("reset", cfg.rtl.reset);
    s->finish();
  }
  r.finish();
  diag.checkpoint(); // cross-field rules assume every field parsed

  validateAccel(cfg, r, diag);
  diag.checkpoint();
  return cfg;
}

AccelConfig loadAccelText(const std::string &text, const std::string &name) {
  Diagnostics diag;
  const auto root = parseYamlText(text, name, diag);
  diag.checkpoint();
  return loadAccelNode(*root, name);
}

AccelConfig loadAccel(const std::string &path) {
  Diagnostics diag;
  const auto root = parseYamlFile(path, diag);
  diag.checkpoint();
  return loadAccelNode(*root, path);
}

} // namespace quasar::config
