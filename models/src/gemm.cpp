// Exact integer GEMM with the order-independent accumulator-overflow check (see gemm.h).
#include "quasar/models/gemm.h"

#include "quasar/config/error.h"

#include <cstdlib>
#include <string>

namespace quasar::models {

IntMatrix gemm(const IntMatrix &a, const IntMatrix &w, int acc_bits) {
  if (a.cols() != w.cols()) {
    throw InputError("gemm: K mismatch: activations are " + std::to_string(a.rows()) + "x" +
                     std::to_string(a.cols()) + ", weights are " + std::to_string(w.rows()) +
                     "x" + std::to_string(w.cols()) + " (both must be [.. x K])");
  }
  if (acc_bits < 2 || acc_bits > 64) {
    throw InputError("gemm: acc_bits " + std::to_string(acc_bits) + " not in [2, 64]");
  }
  const bool checkOverflow = acc_bits < 64;
  const int64_t accMax = checkOverflow ? (int64_t(1) << (acc_bits - 1)) - 1 : 0;
  IntMatrix acc(a.rows(), w.rows());
  for (Eigen::Index m = 0; m < a.rows(); ++m) {
    for (Eigen::Index n = 0; n < w.rows(); ++n) {
      int64_t sum = 0;
      int64_t magnitude = 0; // sum of |products|: bounds every partial sum in any order
      for (Eigen::Index k = 0; k < a.cols(); ++k) {
        const int64_t product = a(m, k) * w(n, k);
        sum += product;
        magnitude += std::llabs(product);
      }
      if (checkOverflow && magnitude > accMax) {
        throw CheckError("gemm: a " + std::to_string(acc_bits) +
                         "-bit accumulator can overflow at output (" + std::to_string(m) + ", " +
                         std::to_string(n) + "): sum of |a*w| over K is " +
                         std::to_string(magnitude) + " > " + std::to_string(accMax));
      }
      acc(m, n) = sum;
    }
  }
  return acc;
}

} // namespace quasar::models
