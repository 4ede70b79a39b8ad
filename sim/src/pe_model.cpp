#include "quasar/sim/pe_model.h"

#include "quasar/config/error.h"

namespace quasar::sim {
namespace {

// The int PE multiplies the decoded operands and adds in acc_bits two's complement: the golden
// GEMM, exact in 64 bits (acc_bits 64 skips its overflow check: the hardware wraps, and so do
// the models when they pack a word).
void accumulateInt(const models::IntMatrix &a, const models::IntMatrix &w, models::IntMatrix &acc) {
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
