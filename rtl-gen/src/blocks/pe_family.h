// A PE family: the pluggable part of the array. The array, its skew/de-skew and the
// controllers are written once; a family supplies the PE module for the config's dataflow
// (with the standard port list below) and its widths and latency. New families (ovp,
// bitserial) add a PeFamily and a pe_<family>.cpp; nothing else is copied.
//
// Standard PE ports (clk_i always; rst_ni only if the family's PE has reset state):
//   ws: a_i/a_o [ABits] (activation in from the left, out to the right, one register),
//       w_i [WBits] + w_load_i (stationary weight load), psum_i/psum_o [AccBits] (partial
//       sum from above, to below, one register); psum_o = psum_i + a*w, productStages + 1
//       cycles after a_i.
//   os: a_i/a_o, a_valid_i/a_valid_o (activation and its valid, to the right), w_i/w_o (to
//       below), drain_i, acc_i/acc_o [AccBits]: acc_o is the accumulator; with drain_i it
//       loads acc_i (the PE above) instead of accumulating.
//
// Operands travel through buffers, skew registers and PEs as the family's lanes (aBits/wBits
// each), unchanged, unless the family has an edge decoder (ovp, docs/ovp-array.md): then an
// operand with a non-zero aLaneBits/wLaneBits arrives at the array as codes of that width,
// and one decoder per row (activations, after the row skew) or per column (weights: os after
// the column skew, ws before the weight fans out down the column) turns each code into the
// aBits/wBits operand the PEs take. Decoder ports: code_i [lane bits], flint_i (the tensor's
// format bit, an array input a_fmt_i / w_fmt_i), op_o [operand bits]; combinational.
#pragma once

#include "module_builder.h"

#include <string>

namespace quasar::blocks {

struct PeFamily {
  std::string name;          // module qsr_pe_<name>
  // Widths of one operand lane on the array wires (what the buffers and streams carry).
  int (*aBits)(const config::AccelConfig &cfg);
  int (*wBits)(const config::AccelConfig &cfg);
  // Whether the PE module has a reset port (for the given dataflow).
  bool (*hasReset)(const config::AccelConfig &cfg);
  ir::Module (*buildPe)(const BlockContext &ctx);
  // Edge decoding: null / 0 for families whose lanes reach the PEs unchanged.
  ir::Module (*buildEdgeDecoder)(const BlockContext &ctx);
  int (*aLaneBits)(const config::AccelConfig &cfg); // 0: activations not decoded
  int (*wLaneBits)(const config::AccelConfig &cfg); // 0: weights not decoded

  std::string moduleName() const { return "qsr_pe_" + name; }
};

// The family of cfg.pe.type; InputError "... not implemented yet (issue N)" for families the
// generator cannot build yet.
const PeFamily &peFamily(const config::AccelConfig &cfg);

// The int family (pe_int.cpp).
const PeFamily &intPeFamily();

} // namespace quasar::blocks
