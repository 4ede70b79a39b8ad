// What the SystemC and analytical models need to know about a PE family: how one lane of an
// operand word decodes into the number the PE multiplies, and the kernel that computes one
// tile step's contribution at tile granularity (never per PE register).
//
// The RTL generator's description of a family (rtl-gen/src/blocks/pe_family.h: PE module,
// operand widths on the array wires, reset) is private to the generator; what both sides must
// agree on for cycles is shared through arch/timing.h (arch::peProductStages per pe.type, which
// the generator builds the pipelines from and the models add into every latency). A new family
// (ovp, bitserial, see issues 6 and 7) adds one PeModel here next to its generator part:
// decode (edge decoders) and the tile kernel; the controllers, buffers, timing recurrences and
// the stream handling of the models stay as they are.
#pragma once

#include "quasar/config/accel.h"
#include "quasar/models/gemm.h"

#include <cstdint>

namespace quasar::sim {

struct PeModel {
  const char *name = "";
  // Bits of one lane on the streams and in the buffers (arch::*WordFormat use the same).
  int aLaneBits = 0;
  int wLaneBits = 0;
  bool aSigned = true; // lane codes sign-extend (else zero-extend) into the PE's operand
  bool wSigned = true; // (a family with encoded operands decodes in its kernel)
  // acc[i][c] += sum_t a[i][t] * w[c][t] for decoded operands: a [rowsOfA x T], w [cols x T]
  // (lane codes already decoded by WordCodec::decode), acc [rowsOfA x cols]. Exact; wrapping
  // to acc_bits happens when a word is packed for the output stream (two's complement
  // addition wraps the same whether it wraps after every add or once at the end).
  void (*accumulate)(const PeModel &pe, const models::IntMatrix &a, const models::IntMatrix &w,
                     models::IntMatrix &acc) = nullptr;
  // Byte operands: a family whose kernel takes 8-bit lanes as the bytes they are on the
  // stream sets this and accumulateBytes (a [m x k], w [n x k], row-major bytes); the models
  // then copy lanes instead of decoding them (the fast path for int8 arrays).
  bool byteOperands = false;
  void (*accumulateBytes)(const PeModel &pe, const uint8_t *a, const uint8_t *w, int64_t m,
                          int64_t n, int64_t k, models::IntMatrix &acc) = nullptr;
};

// The model of cfg.pe.type. InputError naming pe.type for families without a model yet.
PeModel peModel(const config::AccelConfig &cfg);

} // namespace quasar::sim
