// qsr_csr: the AXI4-Lite slave with the register map of arch::csrMapFor() and the performance
// counters (docs/rtl-contract.md, "CSRs"). top: pipeline uses the same block with
// arch::pipelineCsrMap(): no dim_k, MAC counter or array shape, and N up to post.row_max.
//
// Writes: AW and W are accepted independently (each held until the other arrives); the
// register is written on the edge where both are present, and BVALID rises on the next cycle.
// Reads: ARREADY while no read response is pending; RDATA is captured on the AR handshake and
// RVALID rises on the next cycle. A start (ctrl bit 0) takes effect on its write edge.
#include "blocks.h"

#include "pe_bitserial.h"
#include "quasar/arch/bitserial_timing.h"
#include "quasar/arch/csr.h"
#include "quasar/arch/pipeline.h"
#include "quasar/arch/post_params.h"
#include "quasar/config/load.h"
#include "widths.h"

#include <cctype>
#include <cstdio>
#include <map>
#include <stdexcept>

namespace quasar::blocks {

using ir::build::assign;
using ir::build::caseOf;
using ir::build::ifThen;
using ir::build::lit;

namespace {

std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "32'h%08x", v);
  return buf;
}

// Byte-strobed update of a 32-bit register.
std::vector<ir::Stmt> strobed(const std::string &reg) {
  std::vector<ir::Stmt> s;
  for (int i = 0; i < 4; ++i) {
    const std::string slice = "[" + std::to_string(8 * i + 7) + ":" + std::to_string(8 * i) + "]";
    s.push_back(ifThen("wr_strb[" + std::to_string(i) + "]", {assign(reg + slice, "wr_data" + slice)}));
  }
  return s;
}

// "dim_m" -> "RegDimM": the localparam holding a register's word index.
std::string regParam(const std::string &csrName) {
  std::string name = "Reg";
  bool up = true;
  for (char ch : csrName) {
    if (ch == '_') {
      up = true;
      continue;
    }
    name += up ? char(std::toupper(static_cast<unsigned char>(ch))) : ch;
    up = false;
  }
  return name;
}

// The post-processing outputs: per-tensor values, or the parameter RAM's write port; the clip
// bounds (docs/dyadic-pipeline.md, "Parameter source").
void addPostPorts(ModuleBuilder &b) {
  const config::AccelConfig &cfg = b.ctx().cfg;
  const int o = cfg.post.requant.out_bits;
  b.group("Post-processing parameters");
  if (cfg.post.requant.granularity == config::Granularity::PerTensor) {
    b.out("mult_o", cfg.post.requant.mult_bits);
    b.out("shift_o", arch::kShiftFieldBits);
    b.out("zp_o", o);
    if (cfg.post.bias) b.out("bias_o", cfg.pe.acc_bits);
    if (cfg.post.residual) {
      b.out("res_mult_o", cfg.post.requant.mult_bits, {}, "residual branch: m2");
      b.out("res_shift_o", arch::kShiftFieldBits, {}, "residual branch: e2");
    }
  }
  if (arch::hasParamRegisters(cfg)) {
    b.out("param_wr_en_o", 1, {}, "a whole parameter word is written");
    b.out("param_wr_addr_o", arch::paramIndexBits(cfg));
    b.out("param_wr_data_o", arch::paramWordBits(cfg));
  }
  if (cfg.post.activation == config::Activation::Relu6 ||
      cfg.post.activation == config::Activation::Clip) {
    b.out("clip_lo_o", o);
    b.out("clip_hi_o", o);
  }
  if (arch::isPipeline(cfg) && arch::rowUnitUsesX0(cfg))
    b.out("x0_o", arch::kShiftmaxX0Bits, {}, "the row unit's x0 (signed; checked at start)");
}

// The registers behind the post CSRs. Per-tensor values are 32-bit registers (read back as
// written) of which the datapath uses the low bits; per channel, param_data collects a RAM
// word's 32-bit chunks and writes the word with its last chunk (whole-word writes: wstrb is
// not looked at for param_index and param_data).
void addPostRegisters(ModuleBuilder &b, const std::vector<arch::Csr> &post) {
  const config::AccelConfig &cfg = b.ctx().cfg;
  const int o = cfg.post.requant.out_bits, a = cfg.pe.acc_bits;
  b.banner("Post-processing parameters");
  std::vector<std::string> unused;
  auto slice = [](const std::string &reg, int hi, int lo) {
    return reg + "[" + std::to_string(hi) + ":" + std::to_string(lo) + "]";
  };
  for (const arch::Csr &c : post) {
    const std::string name = c.name;
    if (c.access != arch::CsrAccess::ReadWrite || name == "param_index") continue;
    b.net(name + "_q", 32);
  }
  auto drive = [&](const std::string &port, const std::string &reg, int bits) {
    b.assign(port, slice(reg, bits - 1, 0));
    if (bits < 32) unused.push_back(slice(reg, 31, bits));
  };
  for (const arch::Csr &c : post) {
    const std::string name = c.name;
    if (name == "requant_mult") drive("mult_o", "requant_mult_q", cfg.post.requant.mult_bits);
    if (name == "requant_shift") drive("shift_o", "requant_shift_q", arch::kShiftFieldBits);
    if (name == "zero_point") drive("zp_o", "zero_point_q", o);
    if (name == "clip_lo") drive("clip_lo_o", "clip_lo_q", o);
    if (name == "clip_hi") drive("clip_hi_o", "clip_hi_q", o);
    if (name == "res_mult") drive("res_mult_o", "res_mult_q", cfg.post.requant.mult_bits);
    if (name == "res_shift") drive("res_shift_o", "res_shift_q", arch::kShiftFieldBits);
    if (name == "nonlinear_x0") drive("x0_o", "nonlinear_x0_q", arch::kShiftmaxX0Bits);
  }
  if (cfg.post.bias && cfg.post.requant.granularity == config::Granularity::PerTensor) {
    if (a <= 32) {
      drive("bias_o", "bias_lo_q", a);
    } else {
      b.assign("bias_o", "{" + slice("bias_hi_q", a - 33, 0) + ", bias_lo_q}");
      if (a < 64) unused.push_back(slice("bias_hi_q", 31, a - 32));
    }
  }
  if (arch::hasParamRegisters(cfg)) {
    const int pib = arch::paramIndexBits(cfg);
    const int chunks = arch::paramWordChunks(cfg);
    const int wordBits = arch::paramWordBits(cfg);
    const int topBits = wordBits - (chunks - 1) * 32; // bits of the last chunk
    b.localInt("ParamChunks", chunks, "32-bit writes per parameter word (arch::paramWordChunks)");
    b.net("param_index_q", pib, {}, "parameter word written next");
    b.net("param_data_wr", 1, {}, "a write to param_data");
    b.net("param_last_chunk", 1, {}, "this write is the word's last chunk");
    b.assign("param_data_wr", "do_write && wr_idx == " + regParam("param_data"));
    const std::string idxWrite = "do_write && wr_idx == " + regParam("param_index");
    std::vector<ir::Stmt> reset = {assign("param_index_q", "'0")};
    std::vector<ir::Stmt> onIndex = {assign("param_index_q", slice("wr_data", pib - 1, 0))};
    std::vector<ir::Stmt> onLast = {assign("param_index_q", "param_index_q + " + lit(pib, 1))};
    if (chunks > 1) {
      const int cb = ir::build::bitsFor(chunks - 1);
      b.net("chunk_q", cb, {}, "chunks of the word written so far");
      b.net("staging_q", (chunks - 1) * 32, {}, "the word's earlier chunks");
      b.assign("param_last_chunk", "chunk_q == " + lit(cb, chunks - 1));
      reset.push_back(assign("chunk_q", "'0"));
      onIndex.push_back(assign("chunk_q", "'0"));
      onLast.push_back(assign("chunk_q", "'0"));
      std::vector<ir::Stmt> stage;
      for (int i = 0; i < chunks - 1; ++i)
        stage.push_back(ifThen("chunk_q == " + lit(cb, i),
                               {assign(slice("staging_q", 32 * i + 31, 32 * i), "wr_data")}));
      b.ff(reset, {ifThen(idxWrite, onIndex,
                          {ifThen("param_data_wr", {ifThen("param_last_chunk", onLast,
                                                           {assign("chunk_q", "chunk_q + " + lit(cb, 1))})})})});
      b.ffNoReset({ifThen("param_data_wr && !param_last_chunk", stage)},
                  "Staged chunks: written into the RAM with the last one, no reset.");
      b.assign("param_wr_data_o", "{" + slice("wr_data", topBits - 1, 0) + ", staging_q}");
    } else {
      b.assign("param_last_chunk", "1'b1");
      b.ff(reset, {ifThen(idxWrite, onIndex, {ifThen("param_data_wr", onLast)})});
      b.assign("param_wr_data_o", slice("wr_data", wordBits - 1, 0));
    }
    b.assign("param_wr_en_o", "param_data_wr && param_last_chunk");
    b.assign("param_wr_addr_o", "param_index_q");
  }
  if (!unused.empty()) {
    int bits = 0;
    std::string cat = "{";
    for (size_t i = 0; i < unused.size(); ++i) {
      const std::string &u = unused[i];
      const size_t lb = u.find('['), colon = u.find(':');
      bits += std::stoi(u.substr(lb + 1, colon - lb - 1)) - std::stoi(u.substr(colon + 1)) + 1;
      cat += (i ? ", " : "") + u;
    }
    b.net("unused_post", bits, {}, "register bits the datapath does not use (read back only)");
    b.assign("unused_post", cat + "}");
  }
}

} // namespace

ir::Module buildCsr(const BlockContext &ctx) {
  const config::AccelConfig &cfg = ctx.cfg;
  const Widths w = widthsOf(cfg);
  const int addrBits = cfg.interfaces.axil_addr_bits;
  const int idxBits = addrBits - 2;
  const uint32_t hash = uint32_t(std::stoul(config::configHash(cfg).substr(0, 8), nullptr, 16));
  const bool gemm = cfg.top == config::TopKind::Accelerator; // dim_k, macs, array_shape

  ModuleBuilder b(ctx, "qsr_csr", "AXI4-Lite control/status registers and performance counters");
  b.describe({"Register map: arch::csrMap() (docs/rtl-contract.md). Unmapped addresses read 0",
              "and ignore writes; responses are always OKAY."});
  b.localInt("AddrBits", addrBits, ctx.cite("interfaces.axil_addr_bits"));
  b.localBits("MMax", 32, cfg.limits.m_max, ctx.cite("limits.m_max"));
  if (gemm) {
    b.localBits("NMax", 32, cfg.limits.n_max, ctx.cite("limits.n_max"));
    b.localBits("KMax", 32, cfg.limits.k_max, ctx.cite("limits.k_max"));
  } else {
    b.localBits("NMax", 32, cfg.post.row_max, ctx.cite("post.row_max"));
  }
  b.localRaw("ConfigHash", "logic [31:0]", hex32(hash), "first 8 hex digits of the config hash");
  if (gemm)
    b.localRaw("ArrayShape", "logic [31:0]",
               "{" + lit(16, cfg.array.cols) + ", " + lit(16, cfg.array.rows) + "}",
               "cols in 31:16, rows in 15:0");
  const std::vector<arch::Csr> map = arch::csrMapFor(cfg);
  for (const arch::Csr &c : map)
    b.localBits(regParam(c.name), idxBits, c.offset / 4,
                "byte offset " + std::to_string(c.offset) + ": " + c.name);
  // The row unit's x0 (top: pipeline, Shiftmax / ShiftGELU): checked at start, error code 4
  // (docs/dyadic-pipeline.md, "Row units in top: pipeline"); error_code then needs 3 bits.
  const bool x0 = arch::isPipeline(cfg) && arch::rowUnitUsesX0(cfg);
  const int errBits = x0 ? 3 : 2;
  b.localBits("ErrBadDims", errBits, arch::csr_error::kBadDims);
  b.localBits("ErrBusy", errBits, arch::csr_error::kStartWhileBusy);
  if (x0) b.localBits("ErrBadX0", errBits, arch::csr_error::kBadX0);
  // The bit-serial layer format (docs/bitserial-array.md, "CSR"): held for the run from start.
  const bool bitserial = cfg.pe.type == config::PeType::Bitserial;
  const bool plane = bitserial && isBitplane(cfg);
  if (bitserial) {
    // RegBitserialFormat comes with arch::csrMapFor (bitserial_format).
    b.localBits("ErrBadFormat", 2, arch::csr_error::kBadFormat);
    b.localRaw("FormatReset", "logic [31:0]",
               hex32(arch::bitserialResetFormat(cfg)),
               plane ? "w_prec = w_bits_max" : "w_mode = the first built mode");
  }

  b.clockAndReset();
  b.group("AXI4-Lite slave");
  b.in("awaddr_i", addrBits, "AddrBits");
  b.in("awvalid_i");
  b.out("awready_o");
  b.in("wdata_i", 32);
  b.in("wstrb_i", 4);
  b.in("wvalid_i");
  b.out("wready_o");
  b.out("bresp_o", 2);
  b.out("bvalid_o");
  b.in("bready_i");
  b.in("araddr_i", addrBits, "AddrBits");
  b.in("arvalid_i");
  b.out("arready_o");
  b.out("rdata_o", 32);
  b.out("rresp_o", 2);
  b.out("rvalid_o");
  b.in("rready_i");
  b.group("Run control");
  b.out("start_o", 1, {}, "a valid start: the units load the run on this edge");
  b.out("dim_m_o", w.dimMBits);
  b.out("dim_n_o", w.dimNBits);
  if (gemm) b.out("dim_k_o", w.dimKBits);
  b.in("done_i", 1, {}, "the last result beat is accepted");
  if (plane) b.out("w_prec_o", bitserialPrecBits(cfg), {}, "bitplane precision P of the run");
  if (bitserial && !plane) b.out("w_mode_o", kBitserialModeBits, {}, "bitmod mode of the run");
  b.group("Performance events");
  b.in("stall_in_i", 1, {}, "s_axis_tready high and s_axis_tvalid low");
  b.in("stall_out_i", 1, {}, "m_axis_tvalid high and m_axis_tready low");
  if (gemm) b.in("mac_inc_i", w.macIncBits);
  if (cfg.post.requant.enabled) addPostPorts(b);
  const bool ovp = cfg.pe.type == config::PeType::Ovp;
  if (ovp) {
    b.group("OVP operand formats");
    b.out("ovp_format_o", 2, {}, "bit 0 weights flint4, bit 1 activations flint4 (edge decoders)");
  }

  b.banner("Write channel");
  b.net("aw_held_q");
  b.net("w_held_q");
  b.net("bvalid_q");
  b.net("awaddr_q", addrBits, "AddrBits");
  b.net("wdata_q", 32);
  b.net("wstrb_q", 4);
  b.net("aw_hs");
  b.net("w_hs");
  b.net("have_aw");
  b.net("have_w");
  b.net("do_write", 1, {}, "the register write happens on this edge");
  b.net("wr_addr", addrBits, "AddrBits");
  b.net("wr_data", 32);
  b.net("wr_strb", 4);
  b.net("wr_idx", idxBits);
  b.assign("awready_o", "!aw_held_q && !bvalid_q");
  b.assign("wready_o", "!w_held_q && !bvalid_q");
  b.assign("aw_hs", "awvalid_i && awready_o");
  b.assign("w_hs", "wvalid_i && wready_o");
  b.assign("have_aw", "aw_held_q || aw_hs");
  b.assign("have_w", "w_held_q || w_hs");
  b.assign("do_write", "have_aw && have_w");
  b.assign("wr_addr", "aw_held_q ? awaddr_q : awaddr_i");
  b.assign("wr_data", "w_held_q ? wdata_q : wdata_i");
  b.assign("wr_strb", "w_held_q ? wstrb_q : wstrb_i");
  b.assign("wr_idx", "wr_addr[AddrBits-1:2]");
  b.ff({assign("aw_held_q", "1'b0"), assign("w_held_q", "1'b0"), assign("bvalid_q", "1'b0")},
       {assign("aw_held_q", "have_aw && !do_write"), assign("w_held_q", "have_w && !do_write"),
        assign("bvalid_q", "do_write || (bvalid_q && !bready_i)")});
  b.ffNoReset({ifThen("aw_hs", {assign("awaddr_q", "awaddr_i")}),
               ifThen("w_hs", {assign("wdata_q", "wdata_i"), assign("wstrb_q", "wstrb_i")})},
              "Held address and data: used only while held, no reset.");
  b.assign("bvalid_o", "bvalid_q");
  b.assign("bresp_o", "2'b00");

  b.banner("Registers");
  b.net("dim_m_q", 32);
  b.net("dim_n_q", 32);
  if (gemm) b.net("dim_k_q", 32);
  b.net("busy_q");
  b.net("done_q");
  b.net("error_q");
  b.net("error_code_q", errBits);
  b.net("cycles_busy_q", 32);
  b.net("stall_in_q", 32);
  b.net("stall_out_q", 32);
  if (gemm) b.net("macs_q", 64);
  b.net("start_req", 1, {}, "1 written to ctrl bit 0");
  b.net("dim_m_ok");
  b.net("dim_n_ok");
  if (gemm) b.net("dim_k_ok");
  b.net("dims_ok");
  b.assign("start_req",
           "do_write && wr_idx == " + regParam("ctrl") + " && wr_strb[0] && wr_data[0]");
  b.assign("dim_m_ok", "dim_m_q != '0 && dim_m_q <= MMax");
  b.assign("dim_n_ok", "dim_n_q != '0 && dim_n_q <= NMax");
  // OVP operands are paired along K (the host pads K to even): an odd K is a bad dimension.
  if (gemm)
    b.assign("dim_k_ok", std::string("dim_k_q != '0 && dim_k_q <= KMax") + (ovp ? " && !dim_k_q[0]" : ""));
  b.assign("dims_ok", gemm ? "dim_m_ok && dim_n_ok && dim_k_ok" : "dim_m_ok && dim_n_ok");
  if (bitserial) {
    b.net("format_q", 32, {}, "bitserial_format as written");
    b.net("format_ok", 1, {}, "a format this accelerator runs");
    if (plane) {
      const std::string prec = "format_q[" + std::to_string(arch::kBitserialPrecLsb +
                                                             arch::kBitserialPrecBits - 1) +
                               ":" + std::to_string(arch::kBitserialPrecLsb) + "]";
      b.assign("format_ok", prec + " != '0 && " + prec + " <= " +
                                lit(arch::kBitserialPrecBits, cfg.pe.bitserial.w_bits_max));
    } else {
      const std::string mode = "format_q[" + std::to_string(arch::kBitserialModeLsb +
                                                            arch::kBitserialModeBits - 1) +
                               ":" + std::to_string(arch::kBitserialModeLsb) + "]";
      std::string any;
      for (config::BitmodMode m : cfg.pe.bitserial.modes)
        any += (any.empty() ? "" : " || ") + mode + " == " +
               lit(arch::kBitserialModeBits, static_cast<int>(m));
      b.assign("format_ok", any);
    }
  }
  if (x0) {
    b.net("x0_ok", 1, {}, "nonlinear_x0 in -(2^16 - 1)..-1: bits 31:16 ones, 15:0 not all zero");
    b.assign("x0_ok", "(&nonlinear_x0_q[31:16]) && (|nonlinear_x0_q[15:0])");
  }
  b.assign("start_o", "start_req && !busy_q && dims_ok" +
                          std::string(bitserial ? " && format_ok" : "") +
                          std::string(x0 ? " && x0_ok" : ""));
  auto clearCounters = [gemm] {
    std::vector<ir::Stmt> s = {assign("cycles_busy_q", "'0"), assign("stall_in_q", "'0"),
                               assign("stall_out_q", "'0")};
    if (gemm) s.push_back(assign("macs_q", "'0"));
    return s;
  };
  std::vector<ir::Stmt> badDims = clearCounters();
  badDims.insert(badDims.begin(), {assign("error_q", "1'b1"), assign("done_q", "1'b1"),
                                   assign("error_code_q", "ErrBadDims")});
  std::vector<ir::Stmt> badFormat = clearCounters();
  badFormat.insert(badFormat.begin(), {assign("error_q", "1'b1"), assign("done_q", "1'b1"),
                                       assign("error_code_q", "ErrBadFormat")});
  std::vector<ir::Stmt> badX0 = clearCounters();
  badX0.insert(badX0.begin(), {assign("error_q", "1'b1"), assign("done_q", "1'b1"),
                               assign("error_code_q", "ErrBadX0")});
  std::vector<ir::Stmt> good = clearCounters();
  good.insert(good.begin(), {assign("busy_q", "1'b1"), assign("done_q", "1'b0"),
                             assign("error_q", "1'b0"), assign("error_code_q", "'0")});
  std::vector<ir::Stmt> dimWrites;
  for (const char *d : {"m", "n", "k"}) {
    if (!gemm && std::string(d) == "k") continue;
    const std::string reg = std::string("dim_") + d + "_q";
    dimWrites.push_back(ifThen("do_write && wr_idx == " + regParam(std::string("dim_") + d),
                               strobed(reg)));
  }
  std::vector<ir::Stmt> body = dimWrites;
  const std::vector<arch::Csr> post = arch::postCsrMap(cfg);
  for (const arch::Csr &c : post)
    if (c.access == arch::CsrAccess::ReadWrite && std::string(c.name) != "param_index")
      body.push_back(ifThen("do_write && wr_idx == " + regParam(c.name), strobed(std::string(c.name) + "_q")));
  std::vector<ir::Stmt> whileBusy = {
      assign("cycles_busy_q", "cycles_busy_q + 32'd1"),
      ifThen("stall_in_i", {assign("stall_in_q", "stall_in_q + 32'd1")}),
      ifThen("stall_out_i", {assign("stall_out_q", "stall_out_q + 32'd1")})};
  if (gemm)
    whileBusy.push_back(
        assign("macs_q", "macs_q + " + ir::build::zeroExtend("mac_inc_i", w.macIncBits, 64)));
  whileBusy.push_back(ifThen("done_i", {assign("busy_q", "1'b0"), assign("done_q", "1'b1")}));
  body.push_back(ifThen("busy_q", whileBusy));
  body.push_back(ifThen("start_req",
                        {ifThen("busy_q", {assign("error_q", "1'b1"), assign("error_code_q", "ErrBusy")},
                                {ifThen("!dims_ok", badDims,
                                        bitserial ? std::vector<ir::Stmt>{ifThen(
                                                        "!format_ok", badFormat, good)}
                                        : x0      ? std::vector<ir::Stmt>{ifThen("!x0_ok", badX0, good)}
                                                  : good)})}));
  std::vector<ir::Stmt> resetBody = {
      assign("dim_m_q", "'0"),         assign("dim_n_q", "'0"),      assign("busy_q", "1'b0"),
      assign("done_q", "1'b0"),        assign("error_q", "1'b0"),    assign("error_code_q", "'0"),
      assign("cycles_busy_q", "'0"),   assign("stall_in_q", "'0"),   assign("stall_out_q", "'0")};
  if (gemm) {
    resetBody.insert(resetBody.begin() + 2, assign("dim_k_q", "'0"));
    resetBody.push_back(assign("macs_q", "'0"));
  }
  for (const arch::Csr &c : post)
    if (c.access == arch::CsrAccess::ReadWrite && std::string(c.name) != "param_index")
      resetBody.push_back(assign(std::string(c.name) + "_q", "'0"));
  b.ff(resetBody, body,
       "Counters run while busy (including the cycle of the last beat) and hold until the next\n"
       "start.");
  if (bitserial) {
    b.ff({assign("format_q", "FormatReset")},
         {ifThen("do_write && wr_idx == RegBitserialFormat", strobed("format_q"))});
    const int lsb = plane ? arch::kBitserialPrecLsb : arch::kBitserialModeLsb;
    const int bits = plane ? bitserialPrecBits(cfg) : kBitserialModeBits;
    const std::string run = plane ? "w_prec_q" : "w_mode_q";
    b.net(run, bits, {}, "the format of the running layer, taken at start");
    b.ff({assign(run, "'0")},
         {ifThen("start_o", {assign(run, "format_q[" + std::to_string(lsb + bits - 1) + ":" +
                                             std::to_string(lsb) + "]")})});
    b.assign(plane ? "w_prec_o" : "w_mode_o", run);
  }
  if (ovp) {
    b.net("ovp_format_q", 2);
    b.ff({assign("ovp_format_q", "'0")},
         {ifThen("do_write && wr_idx == " + regParam("ovp_format") + " && wr_strb[0]",
                 {assign("ovp_format_q", "wr_data[1:0]")})},
         "ovp_format: the normal types, written with the layer's other settings before start.");
    b.assign("ovp_format_o", "ovp_format_q");
  }
  b.assign("dim_m_o", "dim_m_q[" + std::to_string(w.dimMBits - 1) + ":0]");
  b.assign("dim_n_o", "dim_n_q[" + std::to_string(w.dimNBits - 1) + ":0]");
  if (gemm) b.assign("dim_k_o", "dim_k_q[" + std::to_string(w.dimKBits - 1) + ":0]");

  b.banner("Read channel");
  b.net("rvalid_q");
  b.net("rdata_q", 32);
  b.net("rdata_d", 32);
  b.net("ar_hs");
  b.net("rd_idx", idxBits);
  if (gemm) {
    b.net("macs_lo", 32);
    b.net("macs_hi", 32);
    b.assign("macs_lo", "macs_q[31:0]");
    b.assign("macs_hi", "macs_q[63:32]");
  }
  b.assign("arready_o", "!rvalid_q");
  b.assign("ar_hs", "arvalid_i && arready_o");
  b.assign("rd_idx", "araddr_i[AddrBits-1:2]");
  // What each register of arch::csrMap() reads as; a register this generator does not know
  // is an internal error, so the map and the RTL cannot drift apart.
  const std::map<std::string, std::string> readValue = {
      {"status", "{29'd0, error_q, done_q, busy_q}"},
      {"error_code", x0 ? "{29'd0, error_code_q}" : "{30'd0, error_code_q}"},
      {"dim_m", "dim_m_q"},
      {"dim_n", "dim_n_q"},
      {"dim_k", "dim_k_q"},
      {"cycles_busy", "cycles_busy_q"},
      {"stall_in", "stall_in_q"},
      {"stall_out", "stall_out_q"},
      {"macs_lo", "macs_lo"},
      {"macs_hi", "macs_hi"},
      {"config_hash", "ConfigHash"},
      {"array_shape", "ArrayShape"},
      {"requant_mult", "requant_mult_q"},
      {"requant_shift", "requant_shift_q"},
      {"zero_point", "zero_point_q"},
      {"bias_lo", "bias_lo_q"},
      {"bias_hi", "bias_hi_q"},
      {"clip_lo", "clip_lo_q"},
      {"clip_hi", "clip_hi_q"},
      {"res_mult", "res_mult_q"},
      {"res_shift", "res_shift_q"},
      {"nonlinear_x0", "nonlinear_x0_q"},
      {"ovp_format", "{30'd0, ovp_format_q}"},
      {"param_index", ir::build::zeroExtend("param_index_q", arch::paramIndexBits(cfg), 32)},
      {"bitserial_format", "format_q"}};
  std::vector<ir::CaseItem> reads;
  for (const arch::Csr &c : map) {
    if (c.access == arch::CsrAccess::WriteOneToStart || c.access == arch::CsrAccess::WriteOnly)
      continue;
    auto it = readValue.find(c.name);
    if (it == readValue.end())
      throw std::logic_error(std::string("qsr_csr: no read value for CSR '") + c.name + "'");
    reads.push_back({regParam(c.name), {assign("rdata_d", it->second)}});
  }
  reads.push_back({"default", {assign("rdata_d", "'0")}});
  b.comb({caseOf("rd_idx", reads)},
         cfg.post.requant.enabled && arch::hasParamRegisters(cfg)
             ? "ctrl, param_data (write-only) and unmapped addresses read 0."
             : "ctrl (write-only) and unmapped addresses read 0.");
  b.ff({assign("rvalid_q", "1'b0")}, {assign("rvalid_q", "ar_hs || (rvalid_q && !rready_i)")});
  b.ffNoReset({ifThen("ar_hs", {assign("rdata_q", "rdata_d")})},
              "Read data: observed only with rvalid, no reset.");
  b.assign("rvalid_o", "rvalid_q");
  b.assign("rdata_o", "rdata_q");
  b.assign("rresp_o", "2'b00");
  if (bitserial) {
    // Only the format's own field (and, bitplane, P up to w_bits_max) reaches the array.
    b.net("unused_format", 1, {}, "format bits no unit reads");
    b.assign("unused_format", "^format_q");
  }
  b.net("unused_addr", 4, {}, "byte-in-word address bits: registers are word-aligned");
  b.assign("unused_addr", "{wr_addr[1:0], araddr_i[1:0]}");
  if (cfg.post.requant.enabled) addPostRegisters(b, post);
  return b.take();
}

} // namespace quasar::blocks
