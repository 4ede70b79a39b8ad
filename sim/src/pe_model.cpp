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
    const Eigen::Matrix<int8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> w8 = w.cast<int8_t>();
    Eigen::Matrix<int32_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> out(m, n);
    if (aInt8) {
      const Eigen::Matrix<int8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> a8 = a.cast<int8_t>();
      models::gemmInt8(a8.data(), w8.data(), int(m), int(n), int(k), out.data());
    } else {
      const Eigen::Matrix<uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> a8 = a.cast<uint8_t>();
      models::gemmUint8Int8(a8.data(), w8.data(), int(m), int(n), int(k), out.data());
    }
    acc += out.cast<int64_t>();
    return;
  }
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
    return m;
  }
  case config::PeType::Ovp:
  case config::PeType::Bitserial: break;
  }
  throw InputError("pe.type: " + config::toString(cfg.pe.type) +
                   " has no SystemC/analytical model yet (not implemented yet; the int family "
                   "is the only one the models cover)");
}

} // namespace quasar::sim
