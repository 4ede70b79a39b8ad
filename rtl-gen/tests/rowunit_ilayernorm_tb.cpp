// Co-simulation of qsr_ilayernorm against models::nonlinear::layerNorm: rows of several lengths
// and kinds (var = 0, tiny variances where ten Newton steps are not the exact root, moderate
// and wide spreads, all negative near -2^31, two-element rows at the 32-bit extremes with var
// near 2^63, exact mean ties of both signs), single channels and rows of row_max; bias_int from
// a table of row_max entries (0, +-2^62, random) loaded through the write port before the
// stream. bp=1: seeded gaps and back-pressure; bp=0: every row's cycles against
// arch::layerNormFirstOut / LastOut / RowCycles.
#include "rowunit_tb.h"

#include "blocks/blocks.h"
#include "blocks/rowunits.h"
#include "hex_bits.h"
#include "quasar/arch/post_timing.h"
#include "quasar/config/error.h"
#include "quasar/models/nonlinear.h"

#include <fstream>
#include <vector>

namespace quasar::tb {
namespace {

constexpr int64_t kXMin = -(int64_t(1) << 31), kXMax = (int64_t(1) << 31) - 1;
constexpr int kBiasBits = 64;

std::vector<int64_t> makeRow(RowUnitRun &run, const std::string &kind, int64_t len) {
  std::vector<int64_t> x(static_cast<size_t>(len));
  const int64_t base = run.uni(-(int64_t(1) << 30), int64_t(1) << 30);
  for (int64_t &v : x) {
    if (kind == "equal") v = base;
    else if (kind == "tiny") v = base + run.uni(-2, 2);
    else if (kind == "small") v = base + run.uni(-1000, 1000);
    else if (kind == "medium") v = base + run.uni(-(int64_t(1) << 15), int64_t(1) << 15);
    else if (kind == "wide") v = run.uni(-(int64_t(1) << 25), int64_t(1) << 25);
    else if (kind == "negative") v = kXMin + run.uni(0, int64_t(1) << 20);
    else v = run.uni(0, 1) ? kXMin : kXMax; // "extreme": only short rows keep var < 2^63
  }
  if (kind == "tie" || kind == "extreme") {
    for (int64_t &v : x) v = base + run.uni(-50, 50);
    if (kind == "extreme") {
      x.resize(2);
      x[0] = kXMin;
      x[1] = run.uni(0, 1) ? kXMax : kXMin + 1;
    } else if (x.size() % 2 == 0) {
      // sum = C q + C / 2 exactly: adjust the last element.
      const int64_t c = int64_t(x.size());
      int64_t sum = 0;
      for (int64_t v : x) sum += v;
      const int64_t rem = ((sum % c) + c) % c;
      x.back() += c / 2 - rem;
    }
  }
  return x;
}

} // namespace

void writeILayerNormRun(RowUnitRun &run) {
  blocks::RowUnitShape s;
  s.lanes = int(run.num("lanes"));
  s.rowMax = run.num("rowmax");
  const int L = s.lanes;
  const int64_t words = (s.rowMax + L - 1) / L;
  const int64_t biasLim = int64_t(1) << 62;
  std::vector<int64_t> bias(size_t(words * L));
  for (size_t i = 0; i < bias.size(); ++i) {
    switch (i % 5) {
    case 0: bias[i] = 0; break;
    case 1: bias[i] = run.uni(0, 1) ? biasLim : -biasLim; break;
    default: bias[i] = run.uni(-biasLim, biasLim);
    }
  }

  std::vector<RowCase> cases;
  auto add = [&](const std::vector<int64_t> &x) {
    const std::vector<int64_t> b(bias.begin(), bias.begin() + int64_t(x.size()));
    std::vector<int64_t> y;
    try {
      y = models::nonlinear::layerNorm(x, b);
    } catch (const CheckError &) {
      return; // var beyond 63 bits: outside the unit's domain (the generator picks mostly inside)
    }
    const int64_t w = (int64_t(x.size()) + L - 1) / L;
    cases.push_back({x, y, 0, arch::layerNormFirstOut(w), arch::layerNormLastOut(w),
                     arch::layerNormRowCycles(w)});
  };
  const std::vector<std::string> kinds = {"equal", "tiny", "small", "medium", "wide", "negative", "tie"};
  for (const std::string &k : kinds) {
    add(makeRow(run, k, 1));
    add(makeRow(run, k, s.rowMax));
    add(makeRow(run, k, std::min<int64_t>(s.rowMax, std::max(2, L + 1))));
  }
  for (int i = 0; i < 4; ++i) add(makeRow(run, "extreme", 2));
  for (int64_t i = 0, n = run.num("rows"); i < n; ++i)
    add(makeRow(run, kinds[size_t(run.uni(0, int64_t(kinds.size()) - 1))], run.uni(1, s.rowMax)));

  ir::Design d;
  config::AccelConfig cfg;
  cfg.name = "rowunit";
  const blocks::BlockContext ctx(cfg);
  d.modules.push_back(blocks::buildSdpRam(ctx));
  d.modules.push_back(blocks::buildSeqDiv(ctx));
  d.modules.push_back(blocks::buildILayerNorm(ctx, s));
  run.writeDesign(d);

  std::ofstream bf(run.dir + "/bias.hex");
  for (int64_t w = 0; w < words; ++w) {
    HexBits h;
    for (int l = 0; l < L; ++l) h.push(bias[size_t(w * L + l)], kBiasBits);
    bf << h.hex() << "\n";
  }
  const int addrBits = ir::build::addrBits(words);
  RowStreamSpec spec;
  spec.module = "qsr_ilayernorm";
  spec.lanes = L;
  spec.outBits = arch::kLayerNormOutBits;
  spec.decls = "  logic bias_we = 1'b0;\n  logic [" + std::to_string(addrBits - 1) +
               ":0] bias_waddr = '0;\n  logic [L*64-1:0] bias_wdata = '0, bias_m [0:" +
               std::to_string(words - 1) + "];\n";
  spec.conns = "    .bias_we_i(bias_we), .bias_waddr_i(bias_waddr), .bias_wdata_i(bias_wdata),\n";
  spec.load = "    $readmemh(\"bias.hex\", bias_m);\n"
              "    for (int w = 0; w < " + std::to_string(words) + "; w++) begin\n"
              "      bias_we <= 1'b1; bias_waddr <= w[" + std::to_string(addrBits - 1) + ":0]; bias_wdata <= bias_m[w];\n"
              "      @(posedge clk);\n"
              "    end\n"
              "    bias_we <= 1'b0;\n";
  spec.rowSlack = int(arch::layerNormRowCycles(1)) + 100;
  spec.timingName = "arch::layerNorm*";
  writeRowStreamTb(run, spec, cases);
}

} // namespace quasar::tb
