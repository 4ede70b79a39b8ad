// The block generators, one per file in this folder. Each returns one module of the design;
// every number in it comes from the config or from arch/ (quasar/arch/timing.h).
#pragma once

#include "module_builder.h"
#include "pe_family.h"
#include "widths.h"

#include "quasar/arch/ovp_stream.h"

namespace quasar::blocks {

// Generic leaves.
ir::Module buildSdpRam(const BlockContext &ctx);          // qsr_sdp_ram
ir::Module buildDelay(const BlockContext &ctx);           // qsr_delay (datapath, no reset)
ir::Module buildValidDelay(const BlockContext &ctx);      // qsr_valid_delay (reset to 0)

// OVP-4 operands (docs/ovp-array.md): pair tagger, the buffer read side of an OVP operand
// (tagged codes from a buffer word; pair words select their K step) and the edge decoder.
ir::Module buildOvpPairTag(const BlockContext &ctx);      // qsr_ovp_pair_tag
ir::Module buildOvpUnpack(const BlockContext &ctx, arch::Operand op); // qsr_ovp_unpack_w/_a
std::string ovpUnpackName(arch::Operand op);
ir::Module buildOvpDecoder(const BlockContext &ctx);      // qsr_ovp_decoder

// The array of PEs of the config's family and dataflow, with skew and de-skew.
ir::Module buildArray(const BlockContext &ctx, const PeFamily &family); // qsr_array

// Control and data movement.
ir::Module buildTileWalker(const BlockContext &ctx);      // qsr_tile_walker
ir::Module buildLoader(const BlockContext &ctx);          // qsr_loader
ir::Module buildComputeWs(const BlockContext &ctx);       // qsr_compute (dataflow ws)
ir::Module buildComputeOs(const BlockContext &ctx);       // qsr_compute (dataflow os)
// The ports both compute controllers share: run control, the loader's step metadata and bank
// hand-over, and the weight/activation buffer reads (compute_ports.cpp).
void addComputeStepPorts(ModuleBuilder &b, const Widths &w);
// The ports every PE family has towards qsr_array (clock/reset, the activation path, the
// weight path, partial sums (ws) or the accumulator drain (os)), declared once so a new family
// cannot drift from the array (pe_ports.cpp). Widths are the family's lane widths.
void addPePorts(ModuleBuilder &b, const BlockContext &ctx, bool ws, int aBits, int wBits,
                int accBits);
// `dst` (acc_bits) = the signed `src` (srcBits, parameter srcParam) in acc_bits: sign-extended
// when narrower, truncated when wider (exact: the config's acc_bits check bounds every true
// sum); the bits above are named `unusedHi` so lint sees them read.
void addToAccWidth(ModuleBuilder &b, const std::string &dst, const std::string &src, int srcBits,
                   const std::string &srcParam, int accBits, const std::string &unusedHi);
// The half of a PE every family shares after its product: the datapath registers (a_q, os: w_q,
// then the family's product registers `productRegs`, no reset), the ws weight load and partial
// sum, or the os valid pipe (`validReg`), drain and accumulator, and the outputs. `addend` is
// the acc_bits expression added per valid product. Nets a_q and w_q are the family's.
struct PeAccumulate {
  std::vector<ir::Stmt> productRegs; // e.g. prod_q <= a_ext * w_ext
  std::string validReg;              // os: the valid bit beside the product registers
  std::string addend;                // acc_bits, e.g. "prod_acc"
};
void addPeAccumulate(ModuleBuilder &b, bool ws, int accBits, const PeAccumulate &acc);
ir::Module buildAccBuf(const BlockContext &ctx);          // qsr_acc_buf
ir::Module buildDrain(const BlockContext &ctx);           // qsr_drain
ir::Module buildCsr(const BlockContext &ctx);             // qsr_csr

// The accelerator top, qsr_<name>_top.
ir::Module buildTop(const BlockContext &ctx, const PeFamily &family);
// The ports every top has (clock and reset, AXI4-Stream slave and master of the config's
// widths, AXI4-Lite slave), with the streams' group comments; and qsr_csr's bus connections.
void addTopPorts(ModuleBuilder &b, const std::string &inWhat, const std::string &outWhat);
void connectCsrBus(ir::Instance &i);
// top: pipeline: qsr_<name>_top around the post-processing blocks (pipeline_top.cpp).
ir::Module buildPipelineTop(const BlockContext &ctx);

} // namespace quasar::blocks
