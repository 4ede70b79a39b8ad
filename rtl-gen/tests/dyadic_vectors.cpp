// Unit co-simulation of qsr_dyadic_requant against the golden model: writes the generated block,
// input words, the golden model's expected words (models::dyadic::requantize, independent of the
// generator) and a self-checking SystemVerilog testbench for Icarus.
//
// usage: rtlgen_dyadic_vectors OUTDIR key=value...
//   rounding=half_up|half_even|half_away|floor  activation=none|relu|relu6|clip
//   acc=BITS mult=BITS out=BITS signed=0|1 bias=0|1 lanes=N
//   mode=exhaustive|random  words=N (random)  seed=N  bp=0|1 (seeded back-pressure)
// exhaustive: every z = acc + bias of an acc-bit accumulator (acc <= 12) times a list of (m, e)
// pairs chosen for ties (e = 1, 2, 3 with odd m), identity and saturation (e = 0), m = 0, the
// largest shifts (e = mult_bits + acc_bits, 63) and random pairs; zero points cycle through the
// out range's ends, 0 and random values.
#include "blocks/dyadic.h"
#include "passes/legalize_names.h"
#include "passes/port_widths.h"
#include "passes/prune_params.h"
#include "passes/verify.h"
#include "quasar/arch/post_timing.h"
#include "quasar/config/error.h"
#include "quasar/models/dyadic.h"
#include "quasar/rtlgen/emit.h"
#include "hex_bits.h"

#include <cstdint>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace quasar;

struct Element {
  int64_t acc, bias, m, zp;
  int e;
  int64_t res = 0, resM = 0; // residual branch: z2, m2, e2
  int resE = 0;
};

using Bits = tb::HexBits;

int64_t lowMask(int bits) { return bits >= 64 ? -1 : (int64_t(1) << bits) - 1; }

} // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    std::cerr << "usage: rtlgen_dyadic_vectors OUTDIR key=value...\n";
    return 2;
  }
  const std::string dir = argv[1];
  std::map<std::string, std::string> kv = {
      {"rounding", "half_up"}, {"activation", "none"}, {"acc", "10"}, {"mult", "8"},
      {"out", "8"},           {"signed", "1"},        {"bias", "1"}, {"lanes", "4"},
      {"mode", "exhaustive"}, {"words", "2000"},      {"seed", "1"}, {"bp", "1"},
      {"residual", "0"}};
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto eq = arg.find('=');
    if (eq == std::string::npos || !kv.count(arg.substr(0, eq))) {
      std::cerr << "bad argument " << arg << "\n";
      return 2;
    }
    kv[arg.substr(0, eq)] = arg.substr(eq + 1);
  }
  try {
    blocks::RequantShape s;
    s.rounding = models::dyadic::parseRounding(kv["rounding"]);
    s.activation = models::dyadic::parseActivation(kv["activation"]);
    s.accBits = std::stoi(kv["acc"]);
    s.multBits = std::stoi(kv["mult"]);
    s.outBits = std::stoi(kv["out"]);
    s.outSigned = kv["signed"] == "1";
    s.bias = kv["bias"] == "1";
    s.lanes = std::stoi(kv["lanes"]);
    const bool exhaustive = kv["mode"] == "exhaustive";
    const bool residual = kv["residual"] == "1";
    if (residual && s.bias) throw InputError("residual=1 needs bias=0");
    std::mt19937_64 rng(std::stoull(kv["seed"]));
    auto uni = [&](int64_t lo, int64_t hi) {
      return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
    };

    // The block, through the generator's own passes.
    config::AccelConfig cfg;
    cfg.name = "dyadic_unit";
    const blocks::BlockContext ctx(cfg);
    ir::Design d;
    d.info.configName = cfg.name;
    d.modules.push_back(residual ? blocks::buildDyadicResidual(ctx, s)
                                 : blocks::buildDyadicRequant(ctx, s));
    d.top = d.modules.back().name;
    passes::legalizeNames(d);
    passes::lowerPortWidths(d);
    passes::pruneUnusedParams(d);
    passes::verifyDesign(d);
    std::ofstream(dir + "/" + d.top + ".sv") << emit::emitModule(d, d.modules.back());

    const auto range = models::dyadic::outRange(s.outBits, s.outSigned);
    const int64_t accMin = s.accBits >= 64 ? INT64_MIN : -(int64_t(1) << (s.accBits - 1));
    const int64_t accMax = s.accBits >= 64 ? INT64_MAX : (int64_t(1) << (s.accBits - 1)) - 1;
    const int64_t mMax = (int64_t(1) << s.multBits) - 1;
    int64_t clipLo = range.lo, clipHi = range.hi;
    if (s.activation == models::dyadic::Activation::Relu6 ||
        s.activation == models::dyadic::Activation::Clip) {
      clipLo = uni(range.lo, (range.lo + range.hi) / 2);
      clipHi = uni(clipLo, range.hi);
    }
    const std::vector<int64_t> zps = {range.lo, range.hi, 0, range.lo + 1, range.hi - 1};
    auto pickZp = [&](size_t i) { return i % 7 < zps.size() ? zps[i % 7] : uni(range.lo, range.hi); };
    // acc + bias = z, both in range when possible (the golden model requires z to fit).
    auto split = [&](int64_t z) {
      if (!s.bias) return std::pair<int64_t, int64_t>{z, 0};
      const int64_t b = uni(accMin / 2, accMax / 2);
      const __int128 acc = __int128(z) - b;
      if (acc < accMin || acc > accMax) return std::pair<int64_t, int64_t>{z, 0};
      return std::pair<int64_t, int64_t>{int64_t(acc), b};
    };

    std::vector<Element> elems;
    if (exhaustive) {
      if (s.accBits > 12) throw InputError("exhaustive mode needs acc <= 12");
      std::vector<std::pair<int64_t, int>> pairs = {
          {1, 0}, {3, 0}, {1, 1}, {3, 1}, {1, 2}, {5, 3}, {mMax, 1}, {mMax, s.multBits},
          {int64_t(1) << (s.multBits - 1), s.multBits - 1}, {(int64_t(1) << (s.multBits - 1)) + 1, s.multBits + 2},
          {mMax, s.multBits + s.accBits - 1}, {mMax, std::min(63, s.multBits + s.accBits)},
          {mMax, 63}, {0, 5}};
      for (int i = 0; i < 6; ++i) pairs.push_back({uni(int64_t(1) << (s.multBits - 1), mMax), int(uni(0, s.multBits + 3))});
      size_t n = 0;
      for (const auto &[m, e] : pairs)
        for (int64_t z = accMin; z <= accMax; ++z, ++n) {
          const auto [acc, b] = split(z);
          elems.push_back({acc, b, m, pickZp(n), e});
        }
    } else {
      const int64_t words = std::stoll(kv["words"]);
      for (int64_t n = 0; n < words * s.lanes; ++n) {
        int64_t z;
        switch (uni(0, 5)) {
        case 0: z = uni(0, 1) ? accMin : accMax; break;                   // largest magnitudes
        case 1: z = uni(accMin, accMax); break;
        default: {                                                        // any magnitude
          const int bits = int(uni(1, s.accBits - 1));
          const int64_t lim = int64_t(1) << (bits - 1);
          z = uni(-lim, lim - 1);
        }
        }
        const int64_t m = uni(0, 15) == 0 ? uni(0, mMax) : uni(int64_t(1) << (s.multBits - 1), mMax);
        const int e = uni(0, 9) == 0 ? int(uni(0, 63)) : int(uni(std::max(0, s.multBits - 4),
                                                              std::min(63, s.multBits + s.accBits)));
        const auto [acc, b] = split(z);
        elems.push_back({acc, b, m, pickZp(size_t(n)), e});
      }
    }
    if (residual) {
      // Branch 2: any z2 (extremes included) with its own pair; in exhaustive mode a fixed
      // z2 per (m, e) block so both branches' ties and signs meet.
      for (size_t i = 0; i < elems.size(); ++i) {
        Element &el = elems[i];
        el.res = uni(0, 3) == 0 ? (uni(0, 1) ? accMin : accMax) : uni(accMin, accMax);
        el.resM = uni(0, 7) == 0 ? uni(0, mMax) : uni(int64_t(1) << (s.multBits - 1), mMax);
        el.resE = int(uni(0, 5) == 0 ? uni(0, 63) : uni(0, std::min(63, s.multBits + s.accBits)));
        if (exhaustive && i % 3 == 0) { el.resM = el.m; el.resE = el.e; el.res = el.acc == accMin ? accMax : -el.acc; }
      }
    }
    while (elems.size() % s.lanes) elems.push_back({0, 0, 1, 0, 0});

    std::ofstream in(dir + "/in.hex"), exp(dir + "/exp.hex");
    const size_t words = elems.size() / s.lanes;
    for (size_t w = 0; w < words; ++w) {
      Bits acc, bias, mult, shift, zp, y, res, resMult, resShift;
      for (int l = 0; l < s.lanes; ++l) {
        const Element &el = elems[w * s.lanes + l];
        const auto act = models::dyadic::activationRange(s.activation, el.zp, s.outBits,
                                                         s.outSigned, clipLo, clipHi);
        const int64_t golden =
            residual ? models::dyadic::residual(el.acc, {el.m, el.e}, el.res, {el.resM, el.resE},
                                                el.zp, act.lo, act.hi, s.outBits, s.outSigned,
                                                s.rounding)
                     : models::dyadic::requantize(el.acc + el.bias, {el.m, el.e}, el.zp, act.lo,
                                                  act.hi, s.outBits, s.outSigned, s.rounding);
        res.push(el.res, s.accBits);
        resMult.push(el.resM, s.multBits);
        resShift.push(el.resE, 6);
        acc.push(el.acc, s.accBits);
        bias.push(el.bias, s.accBits);
        mult.push(el.m, s.multBits);
        shift.push(el.e, 6);
        zp.push(el.zp & lowMask(s.outBits), s.outBits);
        y.push(golden & lowMask(s.outBits), s.outBits);
      }
      // One line per word, one hex field per port (MSB-first lanes), read by $fscanf.
      in << zp.hex() << " " << shift.hex() << " " << mult.hex() << " "
         << (s.bias ? bias.hex() : std::string("0")) << " " << acc.hex() << " " << res.hex()
         << " " << resMult.hex() << " " << resShift.hex() << "\n";
      exp << y.hex() << "\n";
    }

    // The testbench: reads the parts into separate memories, drives seeded valid/ready.
    const int L = s.lanes, a = s.accBits, mb = s.multBits, o = s.outBits;
    const bool clip = s.activation == models::dyadic::Activation::Relu6 ||
                      s.activation == models::dyadic::Activation::Clip;
    const bool bp = kv["bp"] == "1";
    std::ofstream tb(dir + "/tb.sv");
    tb << "`timescale 1ns/1ps\nmodule tb;\n"
       << "  localparam int N = " << words << ";\n"
       << "  localparam int Stages = " << arch::kRequantStages << ";\n"
       << "  logic clk = 1'b0, rst_n = 1'b0;\n"
       << "  logic [" << L * a - 1 << ":0] acc_m [0:N-1], bias_m [0:N-1];\n"
       << "  logic [" << L * a - 1 << ":0] res_m [0:N-1];\n"
       << "  logic [" << L * mb - 1 << ":0] mult_m [0:N-1], res_mult_m [0:N-1];\n"
       << "  logic [" << L * 6 - 1 << ":0] shift_m [0:N-1], res_shift_m [0:N-1];\n"
       << "  logic [" << L * o - 1 << ":0] zp_m [0:N-1], exp_m [0:N-1];\n"
       << "  logic valid_i, ready_o, last_i, valid_o, ready_i, last_o;\n"
       << "  logic [" << L * o - 1 << ":0] y_o;\n"
       << "  integer sent, got, errors, cycles, seed, t_first_in, t_first_out, t_last_out, nxt, fd, r;\n"
       << "  always #5 clk = ~clk;\n"
       << "  " << d.top << " dut (.clk_i(clk), .rst_ni(rst_n), .valid_i(valid_i), .ready_o(ready_o),\n"
       << "    .last_i(last_i), .acc_i(acc_m[sent < N ? sent : 0]),\n"
       << (s.bias ? "    .bias_i(bias_m[sent < N ? sent : 0]),\n" : "")
       << (residual ? "    .res_i(res_m[sent < N ? sent : 0]), .res_mult_i(res_mult_m[sent < N ? sent : 0]),\n"
                      "    .res_shift_i(res_shift_m[sent < N ? sent : 0]),\n" : "")
       << "    .mult_i(mult_m[sent < N ? sent : 0]), .shift_i(shift_m[sent < N ? sent : 0]),\n"
       << "    .zp_i(zp_m[sent < N ? sent : 0]),\n"
       << (clip ? "    .clip_lo_i(" + std::to_string(o) + "'d" + std::to_string(clipLo & lowMask(o)) +
                      "), .clip_hi_i(" + std::to_string(o) + "'d" + std::to_string(clipHi & lowMask(o)) + "),\n"
                : "")
       << "    .valid_o(valid_o), .ready_i(ready_i), .last_o(last_o), .y_o(y_o));\n"
       << "  assign last_i = sent == N - 1;\n"
       << "  initial begin\n"
       << "    fd = $fopen(\"in.hex\", \"r\");\n"
       << "    for (int w = 0; w < N; w++) r = $fscanf(fd, \"%h %h %h %h %h %h %h %h\\n\", zp_m[w], shift_m[w], mult_m[w], bias_m[w], acc_m[w], res_m[w], res_mult_m[w], res_shift_m[w]);\n"
       << "    $fclose(fd);\n"
       << "    $readmemh(\"exp.hex\", exp_m);\n"
       << "    sent = 0; got = 0; errors = 0; cycles = 0; seed = " << kv["seed"] << ";\n"
       << "    t_first_in = -1; t_first_out = -1; t_last_out = -1;\n"
       << "    valid_i = 1'b0; ready_i = 1'b0;\n"
       << "    repeat (3) @(posedge clk);\n"
       << "    rst_n <= 1'b1;\n"
       << "  end\n"
       << "  always @(posedge clk) if (rst_n) begin\n"
       << "    cycles <= cycles + 1;\n"
       << "    nxt = sent + (valid_i && ready_o);\n"
       << "    if (valid_i && ready_o && t_first_in < 0) t_first_in <= cycles;\n"
       << "    sent <= nxt;\n"
       << "    if (!valid_i || ready_o) valid_i <= nxt < N && " << (bp ? "($random(seed) & 3) != 0" : "1'b1") << ";\n"
       << "    ready_i <= " << (bp ? "($random(seed) & 1) != 0" : "1'b1") << ";\n"
       << "    if (valid_o && ready_i) begin\n"
       << "      if ($isunknown(y_o) || y_o !== exp_m[got] || last_o !== (got == N - 1)) begin\n"
       << "        errors = errors + 1;\n"
       << "        if (errors <= 10) $display(\"MISMATCH word %0d: got %h last %b, expected %h\", got, y_o, last_o, exp_m[got]);\n"
       << "      end\n"
       << "      if (t_first_out < 0) t_first_out <= cycles;\n"
       << "      t_last_out <= cycles;\n"
       << "      got <= got + 1;\n"
       << "    end\n"
       << "    if (got == N || cycles > 20 * N + 1000) begin\n"
       << "      if (got != N) begin $display(\"FAIL: %0d of %0d words\", got, N); errors = errors + 1; end\n"
       << (bp ? "" :
           "      if (t_first_out - t_first_in != Stages || t_last_out - t_first_in != Stages + N - 1) begin\n"
           "        $display(\"FAIL: latency %0d, last at %0d (expected %0d, %0d)\", t_first_out - t_first_in,\n"
           "                 t_last_out - t_first_in, Stages, Stages + N - 1); errors = errors + 1; end\n")
       << "      if (errors == 0) $display(\"PASS: %0d words x " << L << " lanes in %0d cycles\", N, cycles);\n"
       << "      else $display(\"FAIL: %0d errors\", errors);\n"
       << "      $finish;\n"
       << "    end\n"
       << "  end\n"
       << "endmodule\n";
    std::cout << words << " words\n";
    return 0;
  } catch (const std::exception &ex) {
    std::cerr << "rtlgen_dyadic_vectors: " << ex.what() << "\n";
    return 1;
  }
}
