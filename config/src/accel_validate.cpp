// Rules that involve more than one key. Each error points at the key the user most likely has
// to change (the first of the listed keys that the file sets) and names the numbers involved.
#include "accel_validate.h"

#include "quasar/config/format_limits.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>

namespace quasar::config {
namespace {

// Where the file set the first of `keys`; the file itself when it set none of them.
SourceLoc locFor(const AccelConfig &cfg, std::initializer_list<const char *> keys) {
  for (const char *key : keys) {
    auto it = cfg.locations.find(key);
    if (it != cfg.locations.end()) return it->second;
  }
  return SourceLoc{cfg.source_file, 0, 0};
}

bool validName(const std::string &name) {
  if (name.empty() || !std::islower(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
           c == '_';
  });
}

// Largest |weight| (before any per-group scale) and the per-group scale bound.
int64_t maxWeightMagnitude(const PeConfig &pe) {
  switch (pe.type) {
  case PeType::Int: return intMaxMagnitude(pe.w_bits, pe.w_signed);
  case PeType::Ovp: return ovpMaxMagnitude(pe.ovp.normal);
  case PeType::Bitserial:
    if (pe.bitserial.encoding == BitEncoding::Bitplane) {
      if (pe.bitserial.w_bits_max == 1) return 1; // {0,-1} or {-1,+1}
      return intMaxMagnitude(pe.bitserial.w_bits_max, true);
    } else {
      int64_t m = 0;
      for (BitmodMode mode : pe.bitserial.modes) m = std::max(m, bitmodMaxMagnitude(mode));
      return m * kBitmodScaleMax; // acc_c = sum_g s_g * P_g
    }
  }
  return 0;
}

int64_t maxActivationMagnitude(const PeConfig &pe) {
  if (pe.type == PeType::Ovp)
    return pe.ovp.mode == OvpMode::W4A4 ? ovpMaxMagnitude(pe.ovp.normal) : intMaxMagnitude(8, true);
  return intMaxMagnitude(pe.a_bits, pe.a_signed);
}

void deriveOperandWidths(AccelConfig &cfg) {
  PeConfig &pe = cfg.pe;
  if (pe.type == PeType::Ovp) {
    // Operands travel as packed OVP bytes (4 bits per element); w4a8 activations are int8.
    pe.w_bits = 4;
    pe.w_signed = true;
    pe.a_bits = pe.ovp.mode == OvpMode::W4A4 ? 4 : 8;
    pe.a_signed = true;
  } else if (pe.type == PeType::Bitserial) {
    pe.w_signed = true;
    pe.w_bits = pe.bitserial.encoding == BitEncoding::Bitplane ? pe.bitserial.w_bits_max : 8;
  }
}

} // namespace

std::string defaultPart(FpgaTarget target) {
  switch (target) {
  case FpgaTarget::Xc7: return "xc7a100tcsg324-1";
  case FpgaTarget::Ice40: return "hx8k-ct256";
  case FpgaTarget::Generic: return "generic";
  }
  return "";
}

void validateAccel(AccelConfig &cfg, MapReader &root, Diagnostics &diag) {
  if (!root.has("name")) {
    diag.error(SourceLoc{cfg.source_file, 1, 1}, "missing required key 'name'");
  } else if (!validName(cfg.name)) {
    diag.error(locFor(cfg, {"name"}), "'name' must match [a-z][a-z0-9_]* (it names modules and "
                                      "files), got '" + cfg.name + "'");
  }

  deriveOperandWidths(cfg);
  // The bitmod modes are a set (which datatypes the hardware supports): keep them in the
  // schema's order so the list order in a file does not change the hash.
  std::sort(cfg.pe.bitserial.modes.begin(), cfg.pe.bitserial.modes.end());
  if (cfg.fpga.part.empty()) cfg.fpga.part = defaultPart(cfg.fpga.target);

  if (cfg.top == TopKind::Pipeline) {
    for (const char *section : {"array", "buffers"}) {
      if (root.has(section))
        diag.error(root.keyLoc(section), "'" + std::string(section) +
                                             "' is not allowed with top: pipeline (the pipeline is "
                                             "generated without an array)");
    }
    if (!cfg.post.requant.enabled && cfg.post.nonlinear == Nonlinear::None)
      diag.error(locFor(cfg, {"top"}), "top: pipeline needs post.requant.enabled: true or a "
                                       "post.nonlinear unit; the pipeline would be empty");
  }

  // The accumulator must hold k_max products of the largest magnitudes, in any order.
  cfg.max_product = maxWeightMagnitude(cfg.pe) * maxActivationMagnitude(cfg.pe);
  cfg.acc_bits_needed = signedBitsFor(cfg.limits.k_max, cfg.max_product);
  if (cfg.pe.acc_bits < cfg.acc_bits_needed) {
    diag.error(locFor(cfg, {"pe.acc_bits", "limits.k_max"}),
               "pe.acc_bits (" + std::to_string(cfg.pe.acc_bits) + ") is too narrow: limits.k_max (" +
                   std::to_string(cfg.limits.k_max) + ") x largest |a*w| (" +
                   std::to_string(cfg.max_product) + ") needs " +
                   std::to_string(cfg.acc_bits_needed) + " bits; raise acc_bits or lower k_max");
  }

  if (cfg.pe.type == PeType::Ovp && cfg.limits.k_max % 2 != 0) {
    diag.error(locFor(cfg, {"limits.k_max"}),
               "limits.k_max (" + std::to_string(cfg.limits.k_max) +
                   ") must be even for OVP PEs: elements are paired along K (specs/ovp.md)");
  }
  if (cfg.pe.type == PeType::Bitserial && cfg.pe.bitserial.encoding == BitEncoding::Bitmod &&
      cfg.pe.bitserial.group > cfg.limits.k_max) {
    diag.error(locFor(cfg, {"pe.bitserial.group", "limits.k_max"}),
               "pe.bitserial.group (" + std::to_string(cfg.pe.bitserial.group) +
                   ") exceeds limits.k_max (" + std::to_string(cfg.limits.k_max) + ")");
  }

  // Each buffer holds at least one tile of the array (twice when double-buffered).
  if (cfg.top == TopKind::Accelerator) {
    const int tile = std::max(cfg.array.rows, cfg.array.cols) * (cfg.buffers.double_buffered ? 2 : 1);
    const std::pair<const char *, int> depths[] = {{"buffers.weight_depth", cfg.buffers.weight_depth},
                                                   {"buffers.act_depth", cfg.buffers.act_depth},
                                                   {"buffers.acc_depth", cfg.buffers.acc_depth}};
    for (const auto &[key, depth] : depths) {
      if (depth < tile)
        diag.error(locFor(cfg, {key, "array.rows", "array.cols"}),
                   std::string(key) + " (" + std::to_string(depth) +
                       " words) is too small for one tile: needs max(rows, cols) = " +
                       std::to_string(std::max(cfg.array.rows, cfg.array.cols)) + " words" +
                       (cfg.buffers.double_buffered ? " x 2 (double_buffered)" : "") + " = " +
                       std::to_string(tile));
    }
  }

  // Post-processing stages that need a requantized value.
  const PostConfig &post = cfg.post;
  if (post.activation != Activation::None && !post.requant.enabled)
    diag.error(locFor(cfg, {"post.activation"}), "post.activation: " + toString(post.activation) +
                                                     " needs post.requant.enabled: true");
  if (post.residual && !post.requant.enabled)
    diag.error(locFor(cfg, {"post.residual"}), "post.residual needs post.requant.enabled: true "
                                               "(each branch has its own dyadic multiplier)");
  // specs/dyadic.md's residual rule y = clamp(R(z1 m1, e1) + R(z2 m2, e2) + zp) has no bias term
  // (a bias belongs to the layer that produced z1, before this add), and qsr_dyadic_residual
  // has no bias input.
  if (post.residual && post.bias)
    diag.error(locFor(cfg, {"post.bias", "post.residual"}),
               "post.bias cannot be combined with post.residual: the residual add "
               "clamp(R(z1 m1, e1) + R(z2 m2, e2) + zero_point) has no bias term; add the bias "
               "in the layer that produces z1");

  // A stream beat carries at least one element.
  const int widest = std::max(cfg.pe.a_bits, cfg.pe.w_bits);
  const InterfacesConfig &io = cfg.interfaces;
  if (io.axis_in_bits % 8 != 0 || io.axis_in_bits < widest)
    diag.error(locFor(cfg, {"interfaces.axis_in_bits"}),
               "interfaces.axis_in_bits (" + std::to_string(io.axis_in_bits) +
                   ") must be a multiple of 8 and at least the widest operand (" +
                   std::to_string(widest) + " bits)");
  if (io.axis_out_bits % 8 != 0)
    diag.error(locFor(cfg, {"interfaces.axis_out_bits"}),
               "interfaces.axis_out_bits (" + std::to_string(io.axis_out_bits) +
                   ") must be a multiple of 8 (AXI4-Stream tdata is whole bytes)");
}

} // namespace quasar::config
