// OVP-4: the outlier-victim pair number format (specs/ovp.md), golden-model side.
//
// Integer units throughout: a decoded element is an integer value (or the (exp, int) pair the
// MAC sees); the real value is that integer times the row's (or tensor's) scale.
//
// Choices where the spec is silent (also in docs/golden-model.md, "## OVP-4"):
// - decodeNormal(1000) returns the victim (0, 0) for both normal types: 1000 is the victim
//   marker, never a normal value (for flint4 it is -0 anyway).
// - decodeOutlier applies the abfloat formula to every nibble, including the reserved
//   (e, m) = (0, 0) codes 0000 and 1000 (-> (bias, +-2)). The encoder never produces them, and
//   decodeByte only reaches abfloat(0000) in the bytes 0x08 and 0x80, which the encoder never
//   produces either; following the formula keeps the hardware decoder free of special cases.
// - Odd K: a zero column is appended before pairing (Quantized::padded says so); the decoded
//   matrices keep that column, dequantize() drops it.
// - Outlier fraction = elements encoded as outliers / (rows * K), K without the pad column.
// - Calibration: a set with fewer than 2 elements has sigma = 0; an all-zero row/tensor
//   (xmax = 0) gets scale 1 (every scale quantizes it exactly). The "total error" for
//   `normal: auto` is the sum of squared errors over the whole tensor with each type's
//   calibrated scales; int4 is kept on a tie.
#pragma once

#include "quasar/models/gemm.h"

#include <Eigen/Dense>
#include <cstdint>
#include <utility>
#include <vector>

namespace quasar::models::ovp {

enum class NormalType { Int4, Flint4 };
// Which outlier survives when both elements of a pair are outliers (spec step 3).
enum class PairPolicy { Larger, First };
// `normal:` of the calibration: a fixed type or the spec's automatic selection.
enum class NormalChoice { Int4, Flint4, Auto };

// One decoded element as the MAC sees it: value = mant << exp (mant signed, exp >= 0).
struct ExpInt {
  int exp;
  int mant;
};
inline bool operator==(ExpInt a, ExpInt b) { return a.exp == b.exp && a.mant == b.mant; }
inline bool operator!=(ExpInt a, ExpInt b) { return !(a == b); }
inline int64_t value(ExpInt e) { return int64_t(e.mant) * (int64_t(1) << e.exp); }

constexpr uint8_t kVictimCode = 0x8; // nibble 1000

using ByteMatrix = Eigen::Matrix<uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// ---- value sets (ovp_values.cpp) ----
// Largest normal magnitude: 7 (int4), 16 (flint4).
int maxNormal(NormalType type);
// Smallest b with 3 << b > maxNormal(type): 2 (int4), 3 (flint4); derived, not tabulated.
int outlierBias(NormalType type);
// Largest outlier magnitude, 3 << (3 + bias).
int maxOutlier(NormalType type);
// Every normal value (both signs, with 0), ascending.
std::vector<int64_t> normalValues(NormalType type);
// Every outlier value the encoder can produce (both signs), ascending.
std::vector<int64_t> outlierValues(NormalType type);
// True when v is an outlier value of the type (|v| above every normal).
bool isOutlier(int64_t v, NormalType type);

// ---- decoding, "Decoding for the MAC" (ovp_decode.cpp) ----
// A nibble above 15 is an InputError.
ExpInt decodeNormal(uint8_t nibble, NormalType type);
ExpInt decodeOutlier(uint8_t nibble, NormalType type);
// {element 2k (bits 3:0), element 2k+1 (bits 7:4)}.
std::pair<ExpInt, ExpInt> decodeByte(uint8_t byte, NormalType type);
// The same as plain integer values.
int64_t normalValue(uint8_t nibble, NormalType type);
int64_t outlierValue(uint8_t nibble, NormalType type);
std::pair<int64_t, int64_t> byteValues(uint8_t byte, NormalType type);
// Packed bytes [rows x K/2] -> integer values [rows x K].
IntMatrix decodeValues(const ByteMatrix &bytes, NormalType type);

// ---- encoding of single elements (ovp_decode.cpp) ----
// The nibble of a normal (0 -> 0000) or outlier value; InputError if v is not one.
uint8_t encodeNormal(int64_t v, NormalType type);
uint8_t encodeOutlier(int64_t v, NormalType type);

// ---- quantizer (ovp_quantize.cpp) ----
// Spec step 2: the nearest value of normals U outliers to y; ties toward +infinity, except a
// normal/outlier tie, which goes to the outlier. Beyond the largest outlier: clamps.
int64_t roundToGrid(double y, NormalType type);

// Steps 1-3 on one row of even length: y = x / scale, round, resolve pairs.
// Returns the integer value of each element after victim zeroing.
std::vector<int64_t> quantizeRowValues(const double *x, int64_t n, double scale,
                                       NormalType type, PairPolicy policy);

struct Quantized {
  NormalType normal = NormalType::Int4;
  PairPolicy pairPolicy = PairPolicy::Larger;
  int64_t cols = 0;           // K of the input (before padding)
  bool padded = false;        // K was odd: a zero column was appended before pairing
  ByteMatrix bytes;           // [rows x Kp/2], element 2k in bits 3:0, 2k+1 in bits 7:4
  IntMatrix values;           // [rows x Kp] integer values the bytes decode to
  Eigen::VectorXd scales;     // one per row (a per-tensor scale is repeated)
  int64_t outlierCount = 0;   // elements encoded as outliers
  int64_t droppedOutliers = 0; // outliers turned into victims by their pair's outlier
  double outlierFraction = 0; // outlierCount / (rows * cols)
  int64_t paddedCols() const { return values.cols(); }
};

// Per-row scales (weights [N x K]); rowScales.size() == x.rows(), every scale > 0.
Quantized quantize(const Eigen::MatrixXd &x, const Eigen::VectorXd &rowScales, NormalType type,
                   PairPolicy policy = PairPolicy::Larger);
// One scale for the whole tensor (activations [M x K]).
Quantized quantize(const Eigen::MatrixXd &x, double tensorScale, NormalType type,
                   PairPolicy policy = PairPolicy::Larger);
// values * scale, [rows x cols] (pad column dropped).
Eigen::MatrixXd dequantize(const Quantized &q);

// ---- calibration `ovp_mse` (ovp_calibrate.cpp) ----
struct ScaleSearch {
  double scale = 1;          // alpha / maxNormal
  int percent = 0;           // the i of alpha = xmax * i / 100 (0: all-zero input)
  double meanSquaredError = 0;
  double sumSquaredError = 0;
};
// The spec's search over i = 75, 77, ..., 249 for one set of elements quantized with one
// scale (a row, or a whole tensor whose rows are paired independently).
ScaleSearch searchScale(const Eigen::MatrixXd &x, NormalType type, PairPolicy policy);

struct Calibration {
  NormalType normal = NormalType::Int4;
  Eigen::VectorXd scales;    // one per row (calibrateRows) or one entry (calibrateTensor)
  Eigen::VectorXi percents;  // the chosen i per entry of `scales`
  double totalSquaredError = 0; // sum over the tensor with the chosen type and scales
};
// Weights: one scale per row.
Calibration calibrateRows(const Eigen::MatrixXd &w, NormalChoice normal,
                          PairPolicy policy = PairPolicy::Larger);
// Activations: one scale for the tensor.
Calibration calibrateTensor(const Eigen::MatrixXd &a, NormalChoice normal,
                            PairPolicy policy = PairPolicy::Larger);

} // namespace quasar::models::ovp
