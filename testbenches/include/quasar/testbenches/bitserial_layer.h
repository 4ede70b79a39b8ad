// Bit-serial layers as the co-simulation runs them (docs/bitserial-array.md): the
// bitserial_format each layer writes, and the layer's operands and golden result. Shared by
// `quasar cosim` (testbenches/src/cosim_jobs.cpp) and `quasar sim --engine systemc`, so both
// run the same tensors for a seed.
#pragma once

#include "quasar/config/accel.h"
#include "quasar/config/workload.h"
#include "quasar/models/bitserial.h"
#include "quasar/models/gemm.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace quasar::tb {

// The formats the layers of a run cycle through: `wPrec` a comma-separated list of bitplane
// precisions, `wMode` one of bitmod modes (fp4, fp3, int8, int6, int4); layer i runs at entry
// i mod the list's length. An empty list: the CSR's reset value (arch::bitserialResetFormat).
// Empty for configs that are not bit-serial (with both lists empty). InputError naming the
// option for an entry the config cannot run or an option of the other encoding.
std::vector<uint32_t> bitserialFormats(const config::AccelConfig &cfg, const std::string &wPrec,
                                       const std::string &wMode);
// Layer `index`'s entry of bitserialFormats; nullopt when the list is empty (not bit-serial).
// (0 is a valid format: bitmod fp4.)
std::optional<uint32_t> layerFormat(const std::vector<uint32_t> &formats, size_t index);

struct BitserialOperands {
  uint32_t format = 0;                       // bitserial_format of the layer
  models::IntMatrix a;                       // activations [m x k], a_bits integers
  models::IntMatrix wLanes;                  // bitplane: the weight codes sent [n x k], as
                                             // pe.w_bits-bit two's complement lane values
  models::bitserial::BitmodWeights bitmod;   // bitmod: codes, group scales, special indices
  models::IntMatrix expected;                // gemmBitplane / gemmBitmod, acc_bits
};

// A layer's operands at run seed `runSeed` (tensor seeds as tb::runTensorSeed). Bitplane:
// P-bit weights from the layer's weight source (pm1 at P = 1: the 1-bit tensor's 0 read as +1,
// sent as code 1), the codes in the low P bits of the lanes. Bitmod: random codes of the mode
// (every code, negative zero and so the special values included), scales 1..255 and special
// indices per group, from the weight source's seed.
BitserialOperands bitserialOperands(const config::AccelConfig &cfg,
                                    const config::GemmLayer &layer, uint64_t runSeed,
                                    uint32_t format);

} // namespace quasar::tb
