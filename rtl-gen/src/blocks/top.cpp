// qsr_<name>_top: the accelerator of docs/rtl-contract.md. Wires the CSR block, the loader
// (AXI4-Stream slave), the weight and activation buffers, the compute unit, the array, the
// accumulator buffer and the drain unit (AXI4-Stream master). Bus ports keep their standard
// names so vendor tools infer the interfaces.
#include "blocks.h"

#include "pe_bitserial.h"
#include "quasar/arch/bitserial_timing.h"
#include "quasar/arch/post_params.h"
#include "widths.h"

namespace quasar::blocks {

void addTopPorts(ModuleBuilder &b, const std::string &inWhat, const std::string &outWhat) {
  const config::AccelConfig &cfg = b.ctx().cfg;
  const int addrBits = cfg.interfaces.axil_addr_bits;
  b.clockAndReset();
  b.group("AXI4-Stream slave: " + inWhat);
  b.in("s_axis_tdata", cfg.interfaces.axis_in_bits);
  b.in("s_axis_tvalid");
  b.out("s_axis_tready");
  b.in("s_axis_tlast");
  b.group("AXI4-Stream master: " + outWhat);
  b.out("m_axis_tdata", cfg.interfaces.axis_out_bits);
  b.out("m_axis_tvalid");
  b.in("m_axis_tready");
  b.out("m_axis_tlast");
  b.group("AXI4-Lite slave: control and status registers");
  b.in("s_axi_awaddr", addrBits);
  b.in("s_axi_awvalid");
  b.out("s_axi_awready");
  b.in("s_axi_wdata", 32);
  b.in("s_axi_wstrb", 4);
  b.in("s_axi_wvalid");
  b.out("s_axi_wready");
  b.out("s_axi_bresp", 2);
  b.out("s_axi_bvalid");
  b.in("s_axi_bready");
  b.in("s_axi_araddr", addrBits);
  b.in("s_axi_arvalid");
  b.out("s_axi_arready");
  b.out("s_axi_rdata", 32);
  b.out("s_axi_rresp", 2);
  b.out("s_axi_rvalid");
  b.in("s_axi_rready");
}

void connectCsrBus(ir::Instance &i) {
  connect(i, "clk_i", "clk_i");
  connect(i, "rst_ni", "rst_ni");
  for (const char *p : {"awaddr", "awvalid", "wdata", "wstrb", "wvalid", "bready", "araddr",
                        "arvalid", "rready"})
    connect(i, std::string(p) + "_i", std::string("s_axi_") + p);
  for (const char *p : {"awready", "wready", "bresp", "bvalid", "arready", "rdata", "rresp",
                        "rvalid"})
    connect(i, std::string(p) + "_o", std::string("s_axi_") + p);
}

ir::Module buildTop(const BlockContext &ctx, const PeFamily &family) {
  const config::AccelConfig &cfg = ctx.cfg;
  const Widths w = widthsOf(cfg);
  const bool ws = cfg.array.dataflow == config::Dataflow::WeightStationary;
  const bool rq = cfg.post.requant.enabled;
  const bool perChannel = rq && cfg.post.requant.granularity == config::Granularity::PerChannel;
  const bool clip = cfg.post.activation == config::Activation::Relu6 ||
                    cfg.post.activation == config::Activation::Clip;
  const int pab = arch::paramIndexBits(cfg);
  const bool ovp = cfg.pe.type == config::PeType::Ovp;
  // OVP operands reach the array as tagged codes (qsr_ovp_unpack_*, docs/ovp-array.md).
  const bool unpackA = family.aLaneBits && family.aLaneBits(cfg) > 0;
  const bool unpackW = family.wLaneBits && family.wLaneBits(cfg) > 0;

  ModuleBuilder b(ctx, "qsr_" + cfg.name + "_top",
                  "GEMM accelerator " + cfg.name + ": " + std::to_string(w.rows) + " x " +
                      std::to_string(w.cols) + " " + family.moduleName() + ", " +
                      (ws ? "weight" : "output") + "-stationary, AXI4-Stream in/out, AXI4-Lite CSRs");
  b.describe({"External contract: docs/rtl-contract.md; cycle behaviour: docs/microarchitecture.md."});

  addTopPorts(b, "weights and activations", "results");

  b.banner("Control and status registers");
  const bool serial = cfg.pe.type == config::PeType::Bitserial;
  if (serial) {
    const int precBits = bitserialPrecBits(cfg), idxBits = bitserialTermIndexBits(cfg);
    b.net("terms_m1", idxBits, {}, "T - 1 of the run");
    b.net("term_idx", idxBits, {}, "term index j from the compute unit");
    b.net("w_terms", w.cols * bitserialTermBits(cfg), {}, "one term per column");
    if (bitserialPadNeedsValid(cfg)) b.net("lane_valid", w.cols, {}, "real columns of the step");
    if (isBitplane(cfg)) {
      b.net("w_prec", precBits, {}, "bitplane precision P of the run (bitserial_format)");
      b.net("prec_m1", precBits, {}, "P - 1");
      b.assign("prec_m1", "w_prec - " + ir::build::lit(precBits, 1));
      b.assign("terms_m1", ir::build::zeroExtend("prec_m1", precBits, idxBits));
      if (precBits > idxBits) {
        b.net("unused_prec_m1", precBits - idxBits, {}, "P - 1 < w_bits_max: always zero");
        b.assign("unused_prec_m1", "prec_m1[" + std::to_string(precBits - 1) + ":" +
                                       std::to_string(idxBits) + "]");
      }
    } else {
      b.net("w_mode", kBitserialModeBits, {}, "bitmod mode of the run (bitserial_format)");
      b.net("group_scale", w.cols * kBitmodScaleBits, {}, "loader: s_g of the compute's bank");
      b.net("group_special", w.cols * kBitmodSpecialBits, {}, "loader: special indices");
      b.net("run_special", w.cols * kBitmodSpecialBits, {}, "compute: of the running step");
      // T per built mode (arch::bitserialTerms); the CSR only starts runs of built modes.
      std::string t = ir::build::lit(idxBits, 0);
      for (config::BitmodMode m : cfg.pe.bitserial.modes)
        t = "w_mode == " + ir::build::lit(kBitserialModeBits, static_cast<int>(m)) + " ? " +
            ir::build::lit(idxBits, arch::bitserialTerms(cfg, arch::bitmodFormat(cfg, m)) - 1) +
            " : " + (t.find('?') == std::string::npos ? t : "(" + t + ")");
      b.assign("terms_m1", t);
    }
  }
  b.net("start", 1, {}, "a run starts on this edge");
  b.net("dim_m", w.dimMBits);
  b.net("dim_n", w.dimNBits);
  b.net("dim_k", w.dimKBits);
  b.net("done", 1, {}, "the last result beat is accepted");
  b.net("stall_in");
  b.net("stall_out");
  b.net("mac_inc", w.macIncBits);
  b.assign("stall_in", "s_axis_tready && !s_axis_tvalid");
  b.assign("stall_out", "m_axis_tvalid && !m_axis_tready");
  // Post-processing parameters from the CSR block to the drain (per tensor) or into the
  // parameter RAM (per channel).
  std::vector<std::pair<std::string, int>> postNets;
  if (rq && !perChannel) {
    postNets = {{"mult", cfg.post.requant.mult_bits},
                {"shift", arch::kShiftFieldBits},
                {"zp", cfg.post.requant.out_bits}};
    if (cfg.post.bias) postNets.push_back({"bias", cfg.pe.acc_bits});
  }
  if (clip) {
    postNets.push_back({"clip_lo", cfg.post.requant.out_bits});
    postNets.push_back({"clip_hi", cfg.post.requant.out_bits});
  }
  for (const auto &[name, bits] : postNets) b.net("post_" + name, bits);
  if (perChannel) {
    b.net("param_wr_en");
    b.net("param_wr_addr", pab);
    b.net("param_wr_data", arch::paramWordBits(cfg));
    b.net("param_rd_en");
    b.net("param_rd_addr", pab);
    b.net("param_rd_data", arch::paramWordBits(cfg));
  }
  if (ovp) b.net("ovp_format", 2, {}, "normal types: bit 0 weights, bit 1 activations");
  {
    ir::Instance &i = b.instance("qsr_csr", "u_csr");
    connectCsrBus(i);
    connect(i, "start_o", "start");
    connect(i, "dim_m_o", "dim_m");
    connect(i, "dim_n_o", "dim_n");
    connect(i, "dim_k_o", "dim_k");
    if (cfg.pe.type == config::PeType::Bitserial)
      connect(i, isBitplane(cfg) ? "w_prec_o" : "w_mode_o", isBitplane(cfg) ? "w_prec" : "w_mode");
    connect(i, "done_i", "done");
    connect(i, "stall_in_i", "stall_in");
    connect(i, "stall_out_i", "stall_out");
    connect(i, "mac_inc_i", "mac_inc");
    for (const auto &[name, bits] : postNets) connect(i, name + "_o", "post_" + name);
    if (perChannel)
      for (const char *p : {"param_wr_en", "param_wr_addr", "param_wr_data"})
        connect(i, std::string(p) + "_o", p);
    if (ovp) connect(i, "ovp_format_o", "ovp_format");
  }

  b.banner("Loader and input buffers");
  b.net("wbuf_wr_en");
  b.net("wbuf_wr_addr", w.weightRamAddrBits);
  b.net("wbuf_wr_data", w.wWordBits);
  b.net("abuf_wr_en");
  b.net("abuf_wr_addr", w.actRamAddrBits);
  b.net("abuf_wr_data", w.aWordBits);
  b.net("wbuf_rd_en");
  b.net("wbuf_rd_addr", w.weightAddrBits);
  b.net("wbuf_rd_data", w.wWordBits);
  b.net("abuf_rd_en");
  b.net("abuf_rd_addr", w.actAddrBits);
  b.net("abuf_rd_data", w.aWordBits);
  b.net("bank_full", 2);
  b.net("meta_bank");
  b.net("step_m_len", w.lenMBits);
  b.net("step_n_len", w.lenNBits);
  b.net("step_k_len", w.lenKBits);
  b.net("step_first_k");
  b.net("step_last_k");
  b.net("step_last_tile");
  b.net("bank_release");
  b.net("release_bank");
  b.net("unused_tlast", 1, {}, "the loader counts beats; tlast is not needed");
  b.assign("unused_tlast", "s_axis_tlast");
  {
    ir::Instance &i = b.instance("qsr_loader", "u_loader");
    connect(i, "clk_i", "clk_i");
    connect(i, "rst_ni", "rst_ni");
    connect(i, "start_i", "start");
    connect(i, "dim_m_i", "dim_m");
    connect(i, "dim_n_i", "dim_n");
    connect(i, "dim_k_i", "dim_k");
    connect(i, "s_tdata_i", "s_axis_tdata");
    connect(i, "s_tvalid_i", "s_axis_tvalid");
    connect(i, "s_tready_o", "s_axis_tready");
    for (const char *p : {"wbuf_wr_en", "wbuf_wr_addr", "wbuf_wr_data", "abuf_wr_en",
                          "abuf_wr_addr", "abuf_wr_data"})
      connect(i, std::string(p) + "_o", p);
    connect(i, "bank_full_o", "bank_full");
    connect(i, "meta_bank_i", "meta_bank");
    connect(i, "m_len_o", "step_m_len");
    connect(i, "n_len_o", "step_n_len");
    connect(i, "k_len_o", "step_k_len");
    connect(i, "first_k_o", "step_first_k");
    connect(i, "last_k_o", "step_last_k");
    connect(i, "last_tile_o", "step_last_tile");
    connect(i, "release_i", "bank_release");
    connect(i, "release_bank_i", "release_bank");
    if (cfg.pe.type == config::PeType::Bitserial && !isBitplane(cfg)) {
      connect(i, "group_scale_o", "group_scale");
      connect(i, "group_special_o", "group_special");
    }
  }
  // A RAM of pair words is read at the compute unit's K-step address >> 1 (widths.h).
  auto ramReadAddr = [&](const std::string &prefix, int stepsPerWord, int stepBits, int ramBits) {
    const std::string addr = prefix + "_rd_addr";
    if (stepsPerWord == 1) return addr;
    b.net(prefix + "_ram_rd_addr", ramBits, {}, "pair word of the K step");
    b.assign(prefix + "_ram_rd_addr",
             stepBits > 1 ? addr + "[" + std::to_string(stepBits - 1) + ":1]" : "'0");
    return prefix + "_ram_rd_addr";
  };
  const std::string wRamRd = ramReadAddr("wbuf", w.wStepsPerWord, w.weightAddrBits, w.weightRamAddrBits);
  const std::string aRamRd = ramReadAddr("abuf", w.aStepsPerWord, w.actAddrBits, w.actRamAddrBits);
  auto ram = [&](const std::string &name, const std::string &prefix, int width, int depth,
                 int abits, const std::string &rdAddr, const std::string &comment) {
    ir::Instance &i = b.instance("qsr_sdp_ram", name, comment);
    i.params = {{"Width", std::to_string(width)},
                {"Depth", std::to_string(depth)},
                {"AddrBits", std::to_string(abits)}};
    connect(i, "clk_i", "clk_i");
    connect(i, "wr_en_i", prefix + "_wr_en");
    connect(i, "wr_addr_i", prefix + "_wr_addr");
    connect(i, "wr_data_i", prefix + "_wr_data");
    connect(i, "rd_en_i", prefix + "_rd_en");
    connect(i, "rd_addr_i", rdAddr);
    connect(i, "rd_data_o", prefix + "_rd_data");
  };
  ram("u_wbuf", "wbuf", w.wWordBits, w.weightRamDepth, w.weightRamAddrBits, wRamRd,
      "Weight buffer: " + ctx.cite("buffers.weight_depth") + ", " + std::to_string(w.banks) +
          " bank(s).");
  ram("u_abuf", "abuf", w.aWordBits, w.actRamDepth, w.actRamAddrBits, aRamRd,
      "Activation buffer: " + ctx.cite("buffers.act_depth") + ", " + std::to_string(w.banks) +
          " bank(s).");

  if (unpackA || unpackW) {
    b.banner("OVP operands: buffer words into tagged codes");
    auto unpack = [&](arch::Operand op, const std::string &prefix, int codeBits, int lanes,
                      int stepsPerWord) {
      const std::string codes = prefix + "_codes";
      b.net(codes, lanes * codeBits, {}, "one tagged code per lane");
      ir::Instance &i = b.instance(ovpUnpackName(op), "u_" + prefix + "_unpack");
      if (stepsPerWord == 2) {
        connect(i, "clk_i", "clk_i");
        connect(i, "rd_en_i", prefix + "_rd_en");
        connect(i, "sel_i", prefix + "_rd_addr[0]");
      }
      connect(i, "word_i", prefix + "_rd_data");
      connect(i, "codes_o", codes);
    };
    if (unpackW) unpack(arch::Operand::Weights, "wbuf", family.wLaneBits(cfg), w.cols, w.wStepsPerWord);
    if (unpackA)
      unpack(arch::Operand::Activations, "abuf", family.aLaneBits(cfg), w.rows, w.aStepsPerWord);
  }
  if (ovp && !unpackA) {
    b.net("unused_a_format", 1, {}, "int8 activations (w4a8) are not decoded");
    b.assign("unused_a_format", "ovp_format[1]");
  }

  b.banner("Compute unit and array");
  b.net("acc_bank");
  b.net("acc_wr_en");
  b.net("acc_wr_addr", w.accAddrBits);
  b.net("acc_wr_data", w.accWordBits);
  b.net("acc_full", 2);
  b.net("acc_set");
  b.net("acc_set_m_len", w.lenMBits);
  b.net("acc_set_last");
  if (ws) {
    b.net("w_load", w.rows);
    b.net("array_sum", w.accWordBits);
    b.net("acc_rd_en");
    b.net("acc_rd_addr", w.accAddrBits);
    b.net("acc_rd_data", w.accWordBits);
  } else {
    b.net("a_valid");
    b.net("drain");
  }
  {
    ir::Instance &i = b.instance("qsr_compute", "u_compute");
    connect(i, "clk_i", "clk_i");
    connect(i, "rst_ni", "rst_ni");
    connect(i, "start_i", "start");
    connect(i, "bank_full_i", "bank_full");
    connect(i, "meta_bank_o", "meta_bank");
    connect(i, "m_len_i", "step_m_len");
    connect(i, "n_len_i", "step_n_len");
    connect(i, "k_len_i", "step_k_len");
    connect(i, "first_k_i", "step_first_k");
    connect(i, "last_k_i", "step_last_k");
    connect(i, "last_tile_i", "step_last_tile");
    connect(i, "release_o", "bank_release");
    connect(i, "release_bank_o", "release_bank");
    for (const char *p : {"wbuf_rd_en", "wbuf_rd_addr", "abuf_rd_en", "abuf_rd_addr"})
      connect(i, std::string(p) + "_o", p);
    if (ws) {
      connect(i, "w_load_o", "w_load");
      connect(i, "sum_i", "array_sum");
      connect(i, "acc_bank_o", "acc_bank");
      connect(i, "acc_rd_en_o", "acc_rd_en");
      connect(i, "acc_rd_addr_o", "acc_rd_addr");
      connect(i, "acc_rd_data_i", "acc_rd_data");
      connect(i, "acc_wr_en_o", "acc_wr_en");
      connect(i, "acc_wr_addr_o", "acc_wr_addr");
      connect(i, "acc_wr_data_o", "acc_wr_data");
    } else {
      connect(i, "a_valid_o", "a_valid");
      connect(i, "drain_o", "drain");
      connect(i, "acc_bank_o", "acc_bank");
      connect(i, "acc_wr_en_o", "acc_wr_en");
      connect(i, "acc_wr_addr_o", "acc_wr_addr");
    }
    connect(i, "acc_full_i", "acc_full");
    connect(i, "acc_set_o", "acc_set");
    connect(i, "acc_set_m_len_o", "acc_set_m_len");
    connect(i, "acc_set_last_o", "acc_set_last");
    connect(i, "mac_inc_o", "mac_inc");
    if (serial) {
      connect(i, "terms_m1_i", "terms_m1");
      connect(i, "term_o", "term_idx");
      if (bitserialPadNeedsValid(cfg)) connect(i, "lane_valid_o", "lane_valid");
      if (!isBitplane(cfg)) {
        connect(i, "group_scale_i", "group_scale");
        connect(i, "group_special_i", "group_special");
        connect(i, "group_special_o", "run_special");
      }
    }
  }
  if (serial) {
    // Edge term generators (docs/bitserial-array.md): one per column, between the weight
    // bank's read data (codes) and the array (terms); ws: on the weight-load path, os: before
    // the column skew.
    b.beginFor("c", std::to_string(w.cols), "g_termgen");
    ir::Instance &g = b.instance("qsr_bitserial_termgen", "u_termgen");
    const std::string code = std::to_string(bitserialCodeBits(cfg));
    const std::string term = std::to_string(bitserialTermBits(cfg));
    connect(g, "code_i", "wbuf_rd_data[c*" + code + " +: " + code + "]");
    connect(g, "term_i", "term_idx");
    if (isBitplane(cfg)) {
      connect(g, "prec_i", "w_prec");
    } else {
      connect(g, "mode_i", "w_mode");
      connect(g, "special_i", "run_special[c*" + std::to_string(kBitmodSpecialBits) + " +: " +
                                  std::to_string(kBitmodSpecialBits) + "]");
    }
    if (bitserialPadNeedsValid(cfg)) connect(g, "valid_i", "lane_valid[c]");
    connect(g, "term_o", "w_terms[c*" + term + " +: " + term + "]");
    b.endFor();
  }
  {
    ir::Instance &i = b.instance("qsr_array", "u_array");
    connect(i, "clk_i", "clk_i");
    if (!ws || family.hasReset(cfg)) connect(i, "rst_ni", "rst_ni");
    connect(i, "a_i", unpackA ? "abuf_codes" : "abuf_rd_data");
    if (!ws) connect(i, "a_valid_i", "a_valid");
    connect(i, "w_i", serial ? "w_terms" : unpackW ? "wbuf_codes" : "wbuf_rd_data");
    if (unpackA) connect(i, "a_fmt_i", "ovp_format[1]");
    if (unpackW) connect(i, "w_fmt_i", "ovp_format[0]");
    if (ws) {
      connect(i, "w_load_i", "w_load");
      connect(i, "sum_o", "array_sum");
    } else {
      connect(i, "drain_i", "drain");
      connect(i, "acc_o", "acc_wr_data");
    }
  }

  b.banner("Accumulator buffer and drain unit");
  b.net("drain_rd_en");
  b.net("drain_rd_bank");
  b.net("drain_rd_addr", w.accAddrBits);
  b.net("drain_rd_data", w.accWordBits);
  {
    ir::Instance &i = b.instance("qsr_acc_buf", "u_acc_buf");
    connect(i, "clk_i", "clk_i");
    connect(i, "wr_en_i", "acc_wr_en");
    connect(i, "wr_bank_i", "acc_bank");
    connect(i, "wr_addr_i", "acc_wr_addr");
    connect(i, "wr_data_i", "acc_wr_data");
    if (ws) {
      connect(i, "comp_rd_en_i", "acc_rd_en");
      connect(i, "comp_rd_bank_i", "acc_bank");
      connect(i, "comp_rd_addr_i", "acc_rd_addr");
      connect(i, "comp_rd_data_o", "acc_rd_data");
    }
    connect(i, "drain_rd_en_i", "drain_rd_en");
    connect(i, "drain_rd_bank_i", "drain_rd_bank");
    connect(i, "drain_rd_addr_i", "drain_rd_addr");
    connect(i, "drain_rd_data_o", "drain_rd_data");
  }
  {
    ir::Instance &i = b.instance("qsr_drain", "u_drain");
    connect(i, "clk_i", "clk_i");
    connect(i, "rst_ni", "rst_ni");
    connect(i, "start_i", "start");
    connect(i, "done_o", "done");
    connect(i, "acc_set_i", "acc_set");
    connect(i, "acc_set_bank_i", "acc_bank");
    connect(i, "acc_set_m_len_i", "acc_set_m_len");
    connect(i, "acc_set_last_i", "acc_set_last");
    connect(i, "acc_full_o", "acc_full");
    connect(i, "rd_en_o", "drain_rd_en");
    connect(i, "rd_bank_o", "drain_rd_bank");
    connect(i, "rd_addr_o", "drain_rd_addr");
    connect(i, "rd_data_i", "drain_rd_data");
    for (const auto &[name, bits] : postNets) connect(i, name + "_i", "post_" + name);
    if (perChannel) {
      const bool ws2 = cfg.array.dataflow == config::Dataflow::WeightStationary;
      connect(i, ws2 ? "dim_m_i" : "dim_n_i", ws2 ? "dim_m" : "dim_n");
      connect(i, "param_rd_en_o", "param_rd_en");
      connect(i, "param_rd_addr_o", "param_rd_addr");
      connect(i, "param_rd_data_i", "param_rd_data");
    }
    connect(i, "m_tdata_o", "m_axis_tdata");
    connect(i, "m_tvalid_o", "m_axis_tvalid");
    connect(i, "m_tready_i", "m_axis_tready");
    connect(i, "m_tlast_o", "m_axis_tlast");
  }
  if (perChannel)
    ram("u_param_ram", "param", arch::paramWordBits(cfg), arch::paramRamWords(cfg), pab,
        "param_rd_addr", "Per-channel requantization parameters: one word per n-tile (arch::paramRamWords), "
        "written through the CSRs.");
  return b.take();
}

} // namespace quasar::blocks
