// Format-pair GEMMs (format_gemm.h): decode to integers, then the exact gemm().
#include "quasar/models/format_gemm.h"

#include "quasar/config/error.h"

#include <string>

namespace quasar::models {

namespace {

// a with K or K - 1 columns (odd K, the other operand holds the pad column) -> K columns.
IntMatrix padTo(const IntMatrix &a, int64_t k, const char *where) {
  if (a.cols() == k) return a;
  if (a.cols() + 1 == k) {
    IntMatrix padded = IntMatrix::Zero(a.rows(), k);
    padded.leftCols(a.cols()) = a;
    return padded;
  }
  throw InputError(std::string(where) + ": K mismatch: activations have " +
                   std::to_string(a.cols()) + " columns, weights " + std::to_string(k) +
                   " (padded)");
}

void checkSigned(const IntMatrix &a, int bits, const char *where) {
  if (bits < 1 || bits > 62) {
    throw InputError(std::string(where) + ": a_bits " + std::to_string(bits) +
                     " not in [1, 62]");
  }
  const int64_t half = int64_t(1) << (bits - 1);
  for (Eigen::Index i = 0; i < a.size(); ++i) {
    const int64_t v = a.data()[i];
    if (v < -half || v >= half) {
      throw InputError(std::string(where) + ": activation " + std::to_string(v) +
                       " does not fit " + std::to_string(bits) + "-bit two's complement");
    }
  }
}

} // namespace

IntMatrix gemmOvp(const ovp::ByteMatrix &a, ovp::NormalType aType, const ovp::ByteMatrix &w,
                  ovp::NormalType wType, int accBits) {
  return gemm(ovp::decodeValues(a, aType), ovp::decodeValues(w, wType), accBits);
}

IntMatrix gemmOvp(const ovp::Quantized &a, const ovp::Quantized &w, int accBits) {
  return gemmOvp(a.bytes, a.normal, w.bytes, w.normal, accBits);
}

IntMatrix gemmOvpInt8(const IntMatrix &a, const ovp::ByteMatrix &w, ovp::NormalType wType,
                      int accBits) {
  checkSigned(a, 8, "gemmOvpInt8");
  const IntMatrix weights = ovp::decodeValues(w, wType);
  return gemm(padTo(a, weights.cols(), "gemmOvpInt8"), weights, accBits);
}

IntMatrix gemmOvpInt8(const IntMatrix &a, const ovp::Quantized &w, int accBits) {
  return gemmOvpInt8(a, w.bytes, w.normal, accBits);
}

IntMatrix gemmBitplane(const IntMatrix &a, int aBits, const IntMatrix &w, int precision,
                       bool pm1, int accBits) {
  checkSigned(a, aBits, "gemmBitplane");
  for (Eigen::Index i = 0; i < w.size(); ++i) {
    // bitplaneTerms validates precision and value and names the allowed range.
    if (!bitserial::bitplaneFits(w.data()[i], precision, pm1)) {
      bitserial::bitplaneTerms(w.data()[i], precision, pm1);
    }
  }
  return gemm(a, w, accBits);
}

IntMatrix gemmBitmod(const IntMatrix &a, int aBits, const bitserial::BitmodWeights &w,
                     int accBits) {
  checkSigned(a, aBits, "gemmBitmod");
  if (accBits < 2 || accBits > 64) {
    throw InputError("gemmBitmod: acc_bits " + std::to_string(accBits) + " not in [2, 64]");
  }
  const IntMatrix values = bitserial::bitmodValues(w);
  const int64_t kp = values.cols();
  IntMatrix act;
  if (a.cols() == kp) {
    act = a;
  } else if (a.cols() == w.cols) {
    act = IntMatrix::Zero(a.rows(), kp); // the last group's zero padding
    act.leftCols(a.cols()) = a;
  } else {
    throw InputError("gemmBitmod: K mismatch: activations have " + std::to_string(a.cols()) +
                     " columns, weights " + std::to_string(w.cols) + " (" + std::to_string(kp) +
                     " padded to groups of " + std::to_string(w.group) + ")");
  }
  const IntMatrix absAct = act.cwiseAbs();
  const IntMatrix absValues = values.cwiseAbs();
  IntMatrix acc = IntMatrix::Zero(a.rows(), values.rows());
  IntMatrix magnitude = IntMatrix::Zero(a.rows(), values.rows());
  for (int64_t g = 0; g < w.groups(); ++g) {
    const int64_t k0 = g * w.group;
    const IntMatrix partial =
        gemm(act.middleCols(k0, w.group), values.middleCols(k0, w.group), accBits);
    const IntMatrix partialMagnitude =
        gemm(absAct.middleCols(k0, w.group), absValues.middleCols(k0, w.group), 64);
    for (Eigen::Index n = 0; n < values.rows(); ++n) {
      acc.col(n) += w.scales(n, g) * partial.col(n);
      magnitude.col(n) += w.scales(n, g) * partialMagnitude.col(n);
    }
  }
  if (accBits < 64) {
    const int64_t accMax = (int64_t(1) << (accBits - 1)) - 1;
    for (Eigen::Index m = 0; m < acc.rows(); ++m) {
      for (Eigen::Index n = 0; n < acc.cols(); ++n) {
        if (magnitude(m, n) > accMax) {
          throw CheckError("gemmBitmod: a " + std::to_string(accBits) +
                           "-bit accumulator can overflow at output (" + std::to_string(m) +
                           ", " + std::to_string(n) + "): sum over groups of s_g * |a*w| is " +
                           std::to_string(magnitude(m, n)) + " > " + std::to_string(accMax));
        }
      }
    }
  }
  return acc;
}

} // namespace quasar::models
