// The generator driver: a flat list of steps with checkpoints, Verilator-style.
//   1. checkSupported      user errors (InputError, exit 2) before anything is built
//   2. block generators    one module each (src/blocks/)
//   3. passes              legalizeNames, lowerPortWidths, pruneUnusedParams, verifyDesign
//                          (a generator bug raises InternalError)
//   4. emitters            Verilog, files.f, manifest.json, quasar_params.h, <name>.core
#include "driver.h"

#include "blocks/blocks.h"
#include "blocks/pe_bitserial.h"
#include "blocks/dyadic.h"
#include "blocks/rowunits.h"
#include "emit/metadata.h"
#include "passes/legalize_names.h"
#include "passes/port_widths.h"
#include "passes/prune_params.h"
#include "passes/verify.h"
#include "quasar/arch/ovp_stream.h"
#include "quasar/arch/pipeline.h"
#include "quasar/config/error.h"
#include "quasar/config/load.h"
#include "quasar/rtlgen/emit.h"

#include <filesystem>
#include <fstream>

namespace quasar::rtlgen {
namespace {

// A combination the generator does not build (each with its reason in
// docs/dyadic-pipeline.md, "Not built, and why"): an error naming the key where the YAML set it.
void notBuilt(const config::AccelConfig &cfg, const std::string &key, const std::string &value) {
  auto it = cfg.locations.find(key);
  const std::string where = it != cfg.locations.end() ? it->second.str() + ": " : cfg.name + ": ";
  throw InputError(where + key + ": " + value +
                   " is not built by the RTL generator (docs/dyadic-pipeline.md, \"Not built, "
                   "and why\")");
}

} // namespace

void checkSupported(const config::AccelConfig &cfg) {
  // top: pipeline is built with the requantizer (docs/dyadic-pipeline.md, "top: pipeline").
  if (cfg.top == config::TopKind::Pipeline && !cfg.post.requant.enabled)
    notBuilt(cfg, "top", "pipeline without post.requant");
  if (cfg.pe.type == config::PeType::Ovp) arch::ovpCheckLayout(cfg);
  const config::PostConfig &p = cfg.post;
  // bias, requant and activation run in the drain (docs/dyadic-pipeline.md); a bias without
  // requantization would need an accumulator-wide bias path, which is not built.
  if (p.bias && !p.requant.enabled) notBuilt(cfg, "post.bias", "true without post.requant");
  // Co-simulated with int and bit-serial PEs; behind an OVP array not (never co-simulated).
  if (p.requant.enabled && cfg.pe.type == config::PeType::Ovp)
    notBuilt(cfg, "post.requant.enabled", "true with pe.type " + config::toString(cfg.pe.type));
  // The residual add's second stream exists on top: pipeline only (s_axis_res_*).
  if (p.residual && cfg.top != config::TopKind::Pipeline)
    notBuilt(cfg, "post.residual", "true with top: accelerator (only top: pipeline)");
  // The row units are wired into top: pipeline (docs/dyadic-pipeline.md, "Row units in top:
  // pipeline"), not after the array.
  if (p.nonlinear != config::Nonlinear::None && cfg.top == config::TopKind::Accelerator)
    notBuilt(cfg, "post.nonlinear",
           config::toString(p.nonlinear) +
               " with top: accelerator (the row units are built in top: pipeline only; after the "
               "array they are not wired)");
}

namespace {

void runPasses(ir::Design &d) {
  passes::legalizeNames(d);
  passes::lowerPortWidths(d);
  passes::pruneUnusedParams(d);
  passes::verifyDesign(d);
}

// top: pipeline: the requantizer (post.residual: the residual add), the parameter RAM, the row
// unit of post.nonlinear and the CSR block under qsr_<name>_top.
void addPipelineModules(ir::Design &d, const blocks::BlockContext &ctx) {
  const config::AccelConfig &cfg = ctx.cfg;
  if (cfg.post.requant.granularity == config::Granularity::PerChannel || arch::hasRowUnit(cfg))
    d.modules.push_back(blocks::buildSdpRam(ctx));
  const blocks::RequantShape rqShape = blocks::requantShapeOf(cfg, cfg.post.lanes);
  d.modules.push_back(cfg.post.residual ? blocks::buildDyadicResidual(ctx, rqShape)
                                        : blocks::buildDyadicRequant(ctx, rqShape));
  if (arch::hasRowUnit(cfg)) {
    blocks::RowUnitShape shape;
    shape.lanes = cfg.post.lanes;
    shape.rowMax = cfg.post.row_max;
    d.modules.push_back(blocks::buildSeqDiv(ctx));
    switch (cfg.post.nonlinear) {
    case config::Nonlinear::Shiftmax: d.modules.push_back(blocks::buildShiftmax(ctx, shape)); break;
    case config::Nonlinear::ShiftGelu: d.modules.push_back(blocks::buildShiftGelu(ctx, shape)); break;
    case config::Nonlinear::LayerNorm: d.modules.push_back(blocks::buildILayerNorm(ctx, shape)); break;
    case config::Nonlinear::None: break;
    }
  }
  d.modules.push_back(blocks::buildCsr(ctx));
  d.modules.push_back(blocks::buildPipelineTop(ctx));
}

} // namespace

ir::Design buildDesign(const config::AccelConfig &cfg, const GenOptions &options) {
  checkSupported(cfg);
  const blocks::BlockContext ctx(cfg);
  ir::Design d;
  d.info.version = options.withVersion ? QUASAR_VERSION : "";
  d.info.configName = cfg.name;
  d.info.configHash = config::shortHash(cfg);
  if (cfg.top == config::TopKind::Pipeline) {
    addPipelineModules(d, ctx);
    d.top = d.modules.back().name;
    runPasses(d);
    return d;
  }
  const blocks::PeFamily &family = blocks::peFamily(cfg);
  const bool ws = cfg.array.dataflow == config::Dataflow::WeightStationary;

  // Compile order: leaves first, the top last.
  d.modules.push_back(blocks::buildSdpRam(ctx));
  d.modules.push_back(blocks::buildDelay(ctx));
  d.modules.push_back(blocks::buildValidDelay(ctx));
  if (cfg.pe.type == config::PeType::Ovp) {
    // OVP operands: tagged at the buffer read, decoded at the array edge (docs/ovp-array.md).
    d.modules.push_back(blocks::buildOvpPairTag(ctx));
    if (family.wLaneBits(cfg) > 0) d.modules.push_back(blocks::buildOvpUnpack(ctx, arch::Operand::Weights));
    if (family.aLaneBits(cfg) > 0)
      d.modules.push_back(blocks::buildOvpUnpack(ctx, arch::Operand::Activations));
    d.modules.push_back(family.buildEdgeDecoder(ctx));
  }
  d.modules.push_back(family.buildPe(ctx));
  if (cfg.pe.type == config::PeType::Bitserial) {
    d.modules.push_back(blocks::buildBitserialTermgen(ctx)); // edge term generators (top)
    if (!blocks::isBitplane(cfg))
      d.modules.push_back(blocks::buildBitserialDequant(ctx)); // in qsr_compute (ws bitmod)
  }
  d.modules.push_back(blocks::buildArray(ctx, family));
  d.modules.push_back(blocks::buildTileWalker(ctx));
  d.modules.push_back(blocks::buildLoader(ctx));
  d.modules.push_back(ws ? blocks::buildComputeWs(ctx) : blocks::buildComputeOs(ctx));
  d.modules.push_back(blocks::buildAccBuf(ctx));
  if (cfg.post.requant.enabled) {
    blocks::RequantShape shape = blocks::requantShapeOf(cfg, cfg.array.cols);
    shape.lanesKey = "array.cols";
    d.modules.push_back(blocks::buildDyadicRequant(ctx, shape));
  }
  d.modules.push_back(blocks::buildDrain(ctx));
  d.modules.push_back(blocks::buildCsr(ctx));
  d.modules.push_back(blocks::buildTop(ctx, family));
  d.top = d.modules.back().name;
  runPasses(d);
  return d;
}

std::map<std::string, std::string> renderFiles(const config::AccelConfig &cfg,
                                               const GenOptions &options) {
  const ir::Design d = buildDesign(cfg, options);
  std::map<std::string, std::string> files;
  for (const ir::Module &m : d.modules) files["rtl/" + m.name + ".sv"] = emit::emitModule(d, m);
  files["rtl/files.f"] = emit::emitFileList(d);
  files["manifest.json"] = emit::emitManifest(d, cfg);
  files["quasar_params.h"] = emit::emitParamsHeader(d, cfg);
  files[cfg.name + ".core"] =
      emit::emitCoreFile(d, cfg, options.coreFilesets, options.coreTargets);
  return files;
}

GenResult generate(const config::AccelConfig &cfg, const std::string &outDir,
                   const GenOptions &options) {
  namespace fs = std::filesystem;
  const auto files = renderFiles(cfg, options);
  GenResult result;
  result.topModule = "qsr_" + cfg.name + "_top";
  std::error_code ec;
  fs::create_directories(fs::path(outDir) / "rtl", ec);
  if (ec) throw InputError("cannot create " + (fs::path(outDir) / "rtl").string() + ": " + ec.message());
  // Generated modules of an earlier run that this design no longer has would be picked up by
  // a `*.sv` glob; remove them (only files this generator wrote: qsr_*.sv with its header).
  for (const auto &entry : fs::directory_iterator(fs::path(outDir) / "rtl")) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("qsr_", 0) != 0 || entry.path().extension() != ".sv") continue;
    if (files.count("rtl/" + name)) continue;
    std::ifstream in(entry.path());
    std::string first, second;
    std::getline(in, first);
    std::getline(in, second);
    if ((first + second).find("Generated by quasar") != std::string::npos) fs::remove(entry.path());
  }
  for (const auto &[path, text] : files) {
    const fs::path full = fs::path(outDir) / path;
    std::ofstream out(full, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw InputError("cannot write " + full.string());
    result.files.push_back(path);
  }
  return result;
}

} // namespace quasar::rtlgen
