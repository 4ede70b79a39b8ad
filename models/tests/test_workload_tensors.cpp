// Workload tensors: determinism against an independent MT19937-64 written here from the
// published algorithm (checked by the standard's 10000th-output value), hand-worked
// quantization ties, code coverage and loose moment checks with fixed seeds (cannot flake).
#include "quasar/config/error.h"
#include "quasar/models/npy.h"
#include "quasar/models/workload_tensors.h"

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <filesystem>
#include <set>

using quasar::config::Distribution;
using quasar::config::TensorSource;
using quasar::models::IntMatrix;
using quasar::models::makeRealTensor;
using quasar::models::makeTensor;
using quasar::models::OperandFormat;
using quasar::models::quantizeSymmetric;

namespace {

// MT19937-64 as published by Matsumoto and Nishimura (mt19937-64.c), written independently of
// the standard library.
class RefMt64 {
public:
  explicit RefMt64(uint64_t seed) {
    m_state[0] = seed;
    for (int i = 1; i < kN; ++i)
      m_state[i] = 6364136223846793005ULL * (m_state[i - 1] ^ (m_state[i - 1] >> 62)) + uint64_t(i);
    m_index = kN;
  }
  uint64_t next() {
    if (m_index >= kN) twist();
    uint64_t x = m_state[m_index++];
    x ^= (x >> 29) & 0x5555555555555555ULL;
    x ^= (x << 17) & 0x71D67FFFEDA60000ULL;
    x ^= (x << 37) & 0xFFF7EEE000000000ULL;
    x ^= x >> 43;
    return x;
  }

private:
  static constexpr int kN = 312, kM = 156;
  void twist() {
    for (int i = 0; i < kN; ++i) {
      const uint64_t x = (m_state[i] & 0xFFFFFFFF80000000ULL) |
                         (m_state[(i + 1) % kN] & 0x7FFFFFFFULL);
      uint64_t xa = x >> 1;
      if (x & 1) xa ^= 0xB5026F5AA96619E9ULL;
      m_state[i] = m_state[(i + kM) % kN] ^ xa;
    }
    m_index = 0;
  }
  std::array<uint64_t, kN> m_state{};
  int m_index = 0;
};

TensorSource randomSource(Distribution dist, uint64_t seed) {
  TensorSource s;
  s.dist = dist;
  s.seed = seed;
  return s;
}

struct Moments {
  double mean = 0, var = 0;
};
template <class M> Moments moments(const M &x) {
  Moments m;
  const double n = double(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i) m.mean += double(x.data()[i]) / n;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double d = double(x.data()[i]) - m.mean;
    m.var += d * d / (n - 1);
  }
  return m;
}

} // namespace

TEST_CASE("workload_tensors: reference MT19937-64 gives the standard's 10000th output",
          "[workload_tensors]") {
  RefMt64 ref(5489); // the default seed of std::mt19937_64
  uint64_t x = 0;
  for (int i = 0; i < 10000; ++i) x = ref.next();
  CHECK(x == 9981545732273789042ULL); // [rand.predef]
}

TEST_CASE("workload_tensors: int_uniform is the top bits of the seeded engine, row-major",
          "[workload_tensors]") {
  for (const auto &[bits, isSigned] : {std::pair{8, true}, {8, false}, {4, true}, {16, false}, {3, true}}) {
    const IntMatrix q = makeTensor(randomSource(Distribution::IntUniform, 12345), 3, 5,
                                   OperandFormat{bits, isSigned});
    RefMt64 ref(12345);
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 5; ++c) {
        const int64_t code = int64_t(ref.next() >> (64 - bits));
        const int64_t expected = isSigned ? code - (int64_t(1) << (bits - 1)) : code;
        CHECK(q(r, c) == expected);
      }
  }
}

TEST_CASE("workload_tensors: fixed seed gives fixed values", "[workload_tensors]") {
  // Seed 5489 (the engine's default): first outputs of the reference engine, then signed 8-bit
  // codes from their top byte.
  RefMt64 ref(5489);
  const uint64_t first = ref.next();
  CHECK(first == 14514284786278117030ULL); // mt19937-64.c's first genrand64_int64 for 5489
  const IntMatrix q = makeTensor(randomSource(Distribution::IntUniform, 5489), 1, 1,
                                 OperandFormat{8, true});
  CHECK(q(0, 0) == int64_t(first >> 56) - 128);
}

TEST_CASE("workload_tensors: uniform and normal follow the documented formulas",
          "[workload_tensors]") {
  TensorSource u = randomSource(Distribution::Uniform, 77);
  u.lo = -2.0;
  u.hi = 3.0;
  const Eigen::MatrixXd x = makeRealTensor(u, 2, 3);
  RefMt64 ref(77);
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 3; ++c) {
      const double unit = std::ldexp(double(ref.next() >> 11), -53);
      CHECK(x(r, c) == -2.0 + 5.0 * unit);
    }

  TensorSource n = randomSource(Distribution::Normal, 78);
  n.mean = 1.0;
  n.std = 2.0;
  const Eigen::MatrixXd y = makeRealTensor(n, 1, 4);
  RefMt64 ref2(78);
  for (int pair = 0; pair < 2; ++pair) {
    const double u1 = 1.0 - std::ldexp(double(ref2.next() >> 11), -53);
    const double u2 = std::ldexp(double(ref2.next() >> 11), -53);
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = 2.0 * M_PI * u2;
    CHECK(y(0, 2 * pair) == Approx(1.0 + 2.0 * radius * std::cos(angle)).epsilon(1e-14));
    CHECK(y(0, 2 * pair + 1) == Approx(1.0 + 2.0 * radius * std::sin(angle)).epsilon(1e-14));
  }
}

TEST_CASE("workload_tensors: symmetric quantization, hand-worked ties", "[workload_tensors]") {
  // 4-bit signed: qmax 7, scale = 1.0 / 7; x / scale = 3.5 (tie -> 4), -7, 1.75 -> 2,
  // 2.5 (tie -> 2), -0.5 (tie -> 0).
  Eigen::MatrixXd x(1, 5);
  x << 0.5, -1.0, 0.25, 2.5 / 7.0, -0.5 / 7.0;
  const IntMatrix q = quantizeSymmetric(x, OperandFormat{4, true});
  CHECK(q(0, 0) == 4);
  CHECK(q(0, 1) == -7);
  CHECK(q(0, 2) == 2);
  CHECK(q(0, 3) == 2);
  CHECK(q(0, 4) == 0);

  // 3-bit unsigned: negatives clamp to 0, scale = 3.5 / 7 = 0.5: 3.5 -> 7, 1.25 -> 2.5 -> 2,
  // 0.75 -> 1.5 -> 2, -4 -> 0.
  Eigen::MatrixXd y(2, 2);
  y << 3.5, 1.25, 0.75, -4.0;
  const IntMatrix p = quantizeSymmetric(y, OperandFormat{3, false});
  CHECK(p(0, 0) == 7);
  CHECK(p(0, 1) == 2);
  CHECK(p(1, 0) == 2);
  CHECK(p(1, 1) == 0);

  // All zero stays zero.
  CHECK(quantizeSymmetric(Eigen::MatrixXd::Zero(2, 2), OperandFormat{8, true}).cwiseAbs().maxCoeff() == 0);
}

TEST_CASE("workload_tensors: int_uniform covers every code of the width", "[workload_tensors]") {
  for (const auto &[bits, isSigned] : {std::pair{4, true}, {4, false}, {2, true}, {8, false}}) {
    const IntMatrix q = makeTensor(randomSource(Distribution::IntUniform, 9), 64, 64,
                                   OperandFormat{bits, isSigned});
    const std::set<int64_t> seen(q.data(), q.data() + q.size());
    const int64_t lo = isSigned ? -(int64_t(1) << (bits - 1)) : 0;
    CHECK(int64_t(seen.size()) == (int64_t(1) << bits));
    CHECK(*seen.begin() == lo);
    CHECK(*seen.rbegin() == lo + (int64_t(1) << bits) - 1);
  }
}

TEST_CASE("workload_tensors: real distributions reach both ends of the code range",
          "[workload_tensors]") {
  for (Distribution d : {Distribution::Uniform, Distribution::Normal, Distribution::StudentT,
                         Distribution::OutlierChannels}) {
    TensorSource s = randomSource(d, 31);
    const IntMatrix q = makeTensor(s, 40, 50, OperandFormat{8, true});
    // max-abs maps to exactly +-127; the other end is reached for these symmetric sources too
    // (largest of each sign at this size), and nothing exceeds the range.
    CHECK(q.cwiseAbs().maxCoeff() == 127);
    CHECK(q.minCoeff() >= -128);
    CHECK(q.maxCoeff() <= 127);
    CHECK(q.minCoeff() < 0);
    CHECK(q.maxCoeff() > 0);
    const IntMatrix u = makeTensor(s, 40, 50, OperandFormat{6, false});
    CHECK(u.maxCoeff() == 63);
    CHECK(u.minCoeff() == 0);
  }
}

TEST_CASE("workload_tensors: moments are roughly right (fixed seeds)", "[workload_tensors]") {
  const int64_t n = 400;
  SECTION("int_uniform") {
    const Moments m = moments(makeTensor(randomSource(Distribution::IntUniform, 3), n, n,
                                         OperandFormat{8, true}));
    CHECK(m.mean == Approx(-0.5).margin(0.3));
    CHECK(m.var == Approx((256.0 * 256.0 - 1.0) / 12.0).epsilon(0.02));
  }
  SECTION("uniform") {
    TensorSource s = randomSource(Distribution::Uniform, 4);
    s.lo = 1.0;
    s.hi = 5.0;
    const Moments m = moments(makeRealTensor(s, n, n));
    CHECK(m.mean == Approx(3.0).margin(0.02));
    CHECK(m.var == Approx(16.0 / 12.0).epsilon(0.02));
  }
  SECTION("normal") {
    TensorSource s = randomSource(Distribution::Normal, 5);
    s.mean = -1.0;
    s.std = 0.5;
    const Moments m = moments(makeRealTensor(s, n, n));
    CHECK(m.mean == Approx(-1.0).margin(0.01));
    CHECK(std::sqrt(m.var) == Approx(0.5).epsilon(0.02));
  }
  SECTION("student_t") {
    TensorSource s = randomSource(Distribution::StudentT, 6);
    s.nu = 6.0; // variance nu / (nu - 2) = 1.5, finite fourth moment: a stable estimate
    s.scale = 2.0;
    const Moments m = moments(makeRealTensor(s, n, n));
    CHECK(m.mean == Approx(0.0).margin(0.05));
    CHECK(m.var == Approx(4.0 * 1.5).epsilon(0.05));
  }
  SECTION("student_t with nu < 2 (gamma shape < 1)") {
    TensorSource s = randomSource(Distribution::StudentT, 7);
    s.nu = 1.0; // Cauchy: the median of |t| is 1 (tan(pi/4))
    Eigen::MatrixXd x = makeRealTensor(s, n, n).cwiseAbs();
    std::vector<double> v(x.data(), x.data() + x.size());
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    CHECK(v[v.size() / 2] == Approx(1.0).epsilon(0.03));
  }
  SECTION("outlier_channels") {
    TensorSource s = randomSource(Distribution::OutlierChannels, 8);
    s.std = 1.0;
    s.outlier_channels = 3;
    s.outlier_scale = 20.0;
    const Eigen::MatrixXd x = makeRealTensor(s, 2000, 64);
    int outliers = 0;
    for (int c = 0; c < 64; ++c) {
      const double sd = std::sqrt(moments(Eigen::MatrixXd(x.col(c))).var);
      if (sd > 10.0) {
        ++outliers;
        CHECK(sd == Approx(20.0).epsilon(0.1));
      } else {
        CHECK(sd == Approx(1.0).epsilon(0.1));
      }
    }
    CHECK(outliers == 3);
  }
}

TEST_CASE("workload_tensors: different seeds differ, same seed repeats", "[workload_tensors]") {
  const TensorSource a = randomSource(Distribution::Normal, 100);
  const TensorSource b = randomSource(Distribution::Normal, 101);
  const OperandFormat f{8, true};
  CHECK(makeTensor(a, 8, 8, f) == makeTensor(a, 8, 8, f));
  CHECK(makeTensor(a, 8, 8, f) != makeTensor(b, 8, 8, f));
}

TEST_CASE("workload_tensors: npy files are read as the operand", "[workload_tensors]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "quasar_workload_tensors_test";
  fs::create_directories(dir);
  TensorSource s;
  s.source = quasar::config::TensorSourceKind::Npy;

  // Integer data is taken as it is.
  s.file = (dir / "ints.npy").string();
  quasar::models::writeNpy(s.file, quasar::models::Tensor::fromInts(
                                       quasar::models::DType::I16, {2, 3}, {-8, 7, 0, 1, -1, 3}));
  const IntMatrix q = makeTensor(s, 2, 3, OperandFormat{4, true});
  CHECK(q(0, 0) == -8);
  CHECK(q(0, 1) == 7);
  CHECK(q(1, 2) == 3);
  // ... and must fit: 7 is outside 3-bit signed [-4, 3]; -8 outside unsigned.
  CHECK_THROWS_WITH(makeTensor(s, 2, 3, OperandFormat{3, true}),
                    Catch::Contains("ints.npy: element 0 = -8 does not fit the 3-bit signed"));
  CHECK_THROWS_AS(makeTensor(s, 2, 3, OperandFormat{8, false}), quasar::InputError);
  // Wrong shape.
  CHECK_THROWS_AS(makeTensor(s, 3, 2, OperandFormat{8, true}), quasar::InputError);

  // Floating data is quantized: max |x| = 2 -> scale 2/7: 1.0 -> 3.5 -> 4 (tie to even),
  // -2 -> -7, 0.5 -> 1.75 -> 2.
  s.file = (dir / "reals.npy").string();
  quasar::models::writeNpy(s.file, quasar::models::Tensor::fromReals(
                                       quasar::models::DType::F64, {3}, {1.0, -2.0, 0.5}));
  const IntMatrix r = makeTensor(s, 1, 3, OperandFormat{4, true});
  CHECK(r(0, 0) == 4);
  CHECK(r(0, 1) == -7);
  CHECK(r(0, 2) == 2);
  // The real values behind the codes, and the scale the codes stand for.
  const auto real = quasar::models::realTensor(s, 1, 3);
  REQUIRE(real.has_value());
  CHECK((*real)(0, 1) == -2.0);
  CHECK(quasar::models::symmetricScale(*real, OperandFormat{4, true}) == 2.0 / 7.0);
  // Unsigned: negatives are clipped, the scale comes from the largest positive value.
  CHECK(quasar::models::symmetricScale(*real, OperandFormat{4, false}) == 1.0 / 15.0);
  // Integer files and int_uniform have no real values; real distributions do.
  s.file = (dir / "ints.npy").string();
  CHECK_FALSE(quasar::models::realTensor(s, 2, 3).has_value());
  CHECK_FALSE(quasar::models::realTensor(TensorSource{}, 2, 3).has_value());
  TensorSource normal;
  normal.dist = quasar::config::Distribution::Normal;
  CHECK(*quasar::models::realTensor(normal, 2, 3) == makeRealTensor(normal, 2, 3));
  CHECK_THROWS_AS(quasar::models::realTensor(s, 3, 2), quasar::InputError); // wrong shape
  fs::remove_all(dir);
}

TEST_CASE("workload_tensors: bad input is an InputError", "[workload_tensors]") {
  TensorSource npy;
  npy.source = quasar::config::TensorSourceKind::Npy;
  npy.file = "/nonexistent/x.npy";
  CHECK_THROWS_AS(makeTensor(npy, 2, 2, OperandFormat{8, true}), quasar::InputError);
  CHECK_THROWS_AS(makeRealTensor(npy, 2, 2), quasar::InputError);
  CHECK_THROWS_AS(makeTensor(TensorSource{}, 2, 2, OperandFormat{0, true}), quasar::InputError);
  CHECK_THROWS_AS(makeTensor(TensorSource{}, 0, 2, OperandFormat{8, true}), quasar::InputError);
  CHECK_THROWS_AS(makeRealTensor(TensorSource{}, 2, 2), quasar::InputError);
}
