#include "quasar/sim/pe_model.h"

#include "quasar/config/error.h"
#include "quasar/models/gemm_int8.h"

namespace quasar::sim {
namespace {

// The int PE multiplies the decoded operands and adds in acc_bits two's complement: the golden
// GEMM kernels, exact. 8-bit operands take the golden model's int8 kernel on raw buffers
// (int32 sums: exact for K < 131072, which it checks itself); everything else gemm() on int64
// with acc_bits 64 (no overflow check: the hardware wraps, and so do the models when they
// pack a word).
void accumulateInt(const PeModel &pe, const models::IntMatrix &a, const models::IntMatrix &w,
                   models::IntMatrix &acc) {
  const bool aInt8 = pe.aSigned && pe.aLaneBits <= 8, aUint8 = !pe.aSigned && pe.aLaneBits <= 8;
  const bool wInt8 = pe.wLaneBits <= (pe.wSigned ? 8 : 7);
  const int64_t m = a.rows(), n = w.rows(), k = a.cols();
  if ((aInt8 || aUint8) && wInt8 && k < 131072 && m > 0 && n > 0) {
    const Eigen::Matrix<int8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> w8 =
        w.cast<int8_t>();
    Eigen::Matrix<int32_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> out(m, n);
    if (aInt8) {
      const Eigen::Matrix<int8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> a8 =
          a.cast<int8_t>();
      models::gemmInt8(a8.data(), w8.data(), int(m), int(n), int(k), out.data());
    } else {
      const Eigen::Matrix<uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> a8 =
          a.cast<uint8_t>();
      models::gemmUint8Int8(a8.data(), w8.data(), int(m), int(n), int(k), out.data());
    }
    acc += out.cast<int64_t>();
    return;
  }
  acc += models::gemm(a, w, 64);
}

// 8-bit lanes as bytes: signed activations through gemmInt8, unsigned through gemmUint8Int8
// (weights signed in both).
void accumulateIntBytes(const PeModel &pe, const uint8_t *a, const uint8_t *w, int64_t m, int64_t n,
                        int64_t k, models::IntMatrix &acc) {
  if (m == 0 || n == 0) return;
  if (k >= 131072) { // beyond the int32 kernel's exact range: the int64 path
    models::IntMatrix a64(m, k), w64(n, k);
    for (int64_t i = 0; i < m * k; ++i) a64.data()[i] = pe.aSigned ? int8_t(a[i]) : a[i];
    for (int64_t i = 0; i < n * k; ++i) w64.data()[i] = int8_t(w[i]);
    acc += models::gemm(a64, w64, 64);
    return;
  }
  Eigen::Matrix<int32_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> out(m, n);
  const int8_t *w8 = reinterpret_cast<const int8_t *>(w);
  if (pe.aSigned)
    models::gemmInt8(reinterpret_cast<const int8_t *>(a), w8, int(m), int(n), int(k), out.data());
  else
    models::gemmUint8Int8(a, w8, int(m), int(n), int(k), out.data());
  acc += out.cast<int64_t>();
}

// The OVP PE: operands arrive decoded into their values (int << exp, Compute::gatherOvp), so
// acc += (i_a * i_w) << (e_a + e_w) is the integer product of the values. The bit-serial PE
// likewise: its terms of a weight add up to the decoded value (Compute::gatherBitserial).
void accumulateValues(const PeModel &, const models::IntMatrix &a, const models::IntMatrix &w,
                      models::IntMatrix &acc) {
  acc += models::gemm(a, w, 64);
}

} // namespace

PeModel peModel(const config::AccelConfig &cfg) {
  switch (cfg.pe.type) {
  case config::PeType::Int: {
    PeModel m;
    m.name = "int";
    m.aLaneBits = cfg.pe.a_bits;
    m.wLaneBits = cfg.pe.w_bits;
    m.aSigned = cfg.pe.a_signed;
    m.wSigned = cfg.pe.w_signed;
    m.accumulate = accumulateInt;
    m.byteOperands = cfg.pe.a_bits == 8 && cfg.pe.w_bits == 8 && cfg.pe.w_signed;
    m.accumulateBytes = accumulateIntBytes;
    return m;
  }
  case config::PeType::Ovp: {
    // Lanes are packed OVP bytes / nibbles or int8 (arch/ovp_stream.h), decoded by the compute
    // model with the ovp_format register; the lane widths below are the decoded operands'.
    PeModel m;
    m.name = "ovp";
    m.aLaneBits = cfg.pe.a_bits;
    m.wLaneBits = cfg.pe.w_bits;
    m.accumulate = accumulateValues;
    return m;
  }
  case config::PeType::Bitserial: {
    // Lanes are weight codes (w_bits_max bits, or 8 for bitmod), decoded by the compute model
    // with the run's bitserial_format into the values their terms add up to (times the group
    // scale for bitmod); activations are a_bits integers.
    PeModel m;
    m.name = "bitserial";
    m.aLaneBits = cfg.pe.a_bits;
    m.wLaneBits = cfg.pe.w_bits;
    m.aSigned = cfg.pe.a_signed;
    m.wSigned = false;
    m.accumulate = accumulateValues;
    return m;
  }
  }
  throw InputError("pe.type: " + config::toString(cfg.pe.type) + " has no SystemC model");
}

} // namespace quasar::sim
