// The accelerator configuration: one immutable, validated, typed object that feeds every view
// (generator, SystemC and analytical models, golden model, testbenches, FPGA flow).
//
// Every default lives here, as a member initializer, and nowhere else. The loader
// (load.h) only overwrites what the YAML file sets, then validates and derives.
// The YAML key of each field is its name; nesting follows the structs.
#pragma once

#include "quasar/config/diagnostics.h"
#include "quasar/config/enums.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace quasar::config {

struct ArrayConfig {
  int rows = 8;                               // PE rows, 1..64
  int cols = 8;                               // PE columns, 1..64
  Dataflow dataflow = Dataflow::WeightStationary;
};

// pe.ovp: OliVe outlier-victim-pair PEs (specs/ovp.md).
struct OvpConfig {
  OvpMode mode = OvpMode::W4A4;               // w4a4: both operands OVP; w4a8: int8 activations
  OvpNormal normal = OvpNormal::Auto;         // normal type chosen per tensor by the quantizer
  OvpPairPolicy pair_policy = OvpPairPolicy::Larger;
};

// pe.bitserial: bit-serial weights (specs/bitserial.md).
struct BitserialConfig {
  BitEncoding encoding = BitEncoding::Bitplane;
  int w_bits_max = 8;                         // bitplane: largest run-time precision P, 1..16
  BitBinary binary = BitBinary::TwosComplement; // bitplane P = 1: {0,-1} or pm1 {-1,+1}
  std::vector<BitmodMode> modes = {BitmodMode::Fp4, BitmodMode::Fp3, BitmodMode::Int8,
                                   BitmodMode::Int6, BitmodMode::Int4}; // bitmod modes built in
  int group = 128;                            // bitmod group size G along K
};

struct PeConfig {
  PeType type = PeType::Int;
  int a_bits = 8;                             // activation width (int, bitserial); ovp: derived
  int w_bits = 8;                             // weight width (int); ovp/bitserial: derived
  bool a_signed = true;
  bool w_signed = true;
  int acc_bits = 32;                          // accumulator width, validated against k_max
  OvpConfig ovp;                              // only with type: ovp
  BitserialConfig bitserial;                  // only with type: bitserial
};

struct LimitsConfig {
  int64_t k_max = 4096;                       // largest reduction length the CSRs accept
  int64_t m_max = 65535;
  int64_t n_max = 65535;
};

// On-chip buffers, in words; one word holds one element per array lane.
struct BuffersConfig {
  int weight_depth = 1024;
  int act_depth = 1024;
  int acc_depth = 1024;
  bool double_buffered = true;
};

struct RequantConfig {
  bool enabled = false;
  int mult_bits = 31;                         // 8..31 (specs/dyadic.md)
  Granularity granularity = Granularity::PerChannel;
  Rounding rounding = Rounding::HalfUp;
  int out_bits = 8;                           // 4..16
  bool out_signed = true;
};

struct PostConfig {
  bool bias = false;
  RequantConfig requant;
  Activation activation = Activation::None;   // needs requant
  bool residual = false;                      // needs requant
  Nonlinear nonlinear = Nonlinear::None;
  int row_max = 1024;                         // longest row of the row-wise units
  int lanes = 8;                              // elements per cycle through the pipeline
};

struct InterfacesConfig {
  int axis_in_bits = 64;                      // AXI4-Stream slave tdata width
  int axis_out_bits = 64;                     // AXI4-Stream master tdata width
  int axil_addr_bits = 12;                    // AXI4-Lite address width
  int axil_data_bits = 32;                    // AXI4-Lite data width (32 only)
};

struct FpgaConfig {
  FpgaTarget target = FpgaTarget::Xc7;
  std::string part;                           // default per target (see defaultPart())
  double clock_mhz = 100.0;
};

struct RtlConfig {
  ResetKind reset = ResetKind::Sync;
};

struct AccelConfig {
  std::string name;                           // required; [a-z][a-z0-9_]*
  TopKind top = TopKind::Accelerator;         // pipeline: the post-processing block alone
  ArrayConfig array;
  PeConfig pe;
  LimitsConfig limits;
  BuffersConfig buffers;
  PostConfig post;
  InterfacesConfig interfaces;
  FpgaConfig fpga;
  RtlConfig rtl;

  // Derived at load time (not YAML keys).
  int64_t max_product = 0;                    // largest |a * w| one MAC can produce
  int acc_bits_needed = 0;                    // bits for k_max such products, signed
  std::string source_file;                    // the YAML file it came from
  std::map<std::string, SourceLoc> locations; // "pe.acc_bits" -> where the YAML set it
};

// The part used when fpga.part is not given.
std::string defaultPart(FpgaTarget target);

} // namespace quasar::config
