// The models' own stream handling against arch/stream.h (the contract's bit-by-bit packer):
// the word codec lane by lane, and the SystemC engine's input streams beat for beat.
#include "quasar/arch/ovp_stream.h"
#include "quasar/arch/stream.h"
#include "quasar/config/load.h"
#include "quasar/sim/gemm_job.h"
#include "quasar/sim/word_codec.h"

#include <catch2/catch.hpp>

#include <random>

using namespace quasar;

TEST_CASE("word codec: lanes round-trip like arch::unpackLane", "[stream]") {
  std::mt19937_64 rng(5);
  for (int laneBits : {1, 3, 8, 13, 32, 37, 64})
    for (int beatBits : {8, 24, 32, 40, 64, 96, 1024})
      for (int lanes : {1, 3, 7}) {
        const arch::WordFormat f{lanes, laneBits, beatBits};
        const sim::WordCodec codec(f);
        std::vector<int64_t> values(static_cast<size_t>(lanes));
        for (auto &v : values) v = int64_t(rng());
        std::vector<uint32_t> word(size_t(codec.chunks()), 0xdeadbeef);
        codec.pack(values.data(), word.data());
        std::vector<arch::Beat> beats(size_t(codec.beats()));
        for (int b = 0; b < codec.beats(); ++b)
          beats[size_t(b)].data.assign(word.begin() + b * codec.chunksPerBeat(),
                                       word.begin() + (b + 1) * codec.chunksPerBeat());
        const uint64_t mask = laneBits == 64 ? ~uint64_t(0) : (uint64_t(1) << laneBits) - 1;
        for (int lane = 0; lane < lanes; ++lane) {
          INFO("lane bits " << laneBits << ", beat bits " << beatBits << ", lane " << lane);
          CHECK(uint64_t(arch::unpackLane(beats, f, lane, false)) ==
                (uint64_t(values[size_t(lane)]) & mask));
          CHECK(codec.laneCode(word.data(), lane) == (uint64_t(values[size_t(lane)]) & mask));
        }
      }
}

TEST_CASE("gemm job: the input stream equals arch::packInput", "[stream]") {
  std::mt19937_64 rng(9);
  const char *configs[] = {
      "array: {rows: 3, cols: 2, dataflow: ws}\npe: {a_bits: 6, w_bits: 5, w_signed: false, "
      "acc_bits: 20}\n"
      "limits: {k_max: 64}\nbuffers: {weight_depth: 8, act_depth: 6, acc_depth: 10}\n"
      "interfaces: {axis_in_bits: 8}\n",
      "array: {rows: 2, cols: 4, dataflow: os}\npe: {a_bits: 16, w_bits: 3, acc_bits: 40}\n"
      "limits: {k_max: 64}\nbuffers: {weight_depth: 6, act_depth: 5, double_buffered: false}\n"
      "interfaces: {axis_in_bits: 40}\n",
      "array: {rows: 4, cols: 4, dataflow: ws}\npe: {a_bits: 8, w_bits: 8, acc_bits: 32}\n",
  };
  for (const char *yaml : configs) {
    const config::AccelConfig cfg =
        config::loadAccelText(std::string("name: t\n") + yaml, "t.yaml");
    for (auto [m, n, k] : {std::tuple<int, int, int>{1, 1, 1}, {7, 5, 11}, {13, 9, 30}}) {
      models::IntMatrix a(m, k), w(n, k);
      const int64_t aLo = cfg.pe.a_signed ? -(int64_t(1) << (cfg.pe.a_bits - 1)) : 0;
      const int64_t wLo = cfg.pe.w_signed ? -(int64_t(1) << (cfg.pe.w_bits - 1)) : 0;
      for (Eigen::Index i = 0; i < a.size(); ++i)
        a.data()[i] = aLo + int64_t(rng() % (1u << cfg.pe.a_bits));
      for (Eigen::Index i = 0; i < w.size(); ++i)
        w.data()[i] = wLo + int64_t(rng() % (1u << cfg.pe.w_bits));
      const std::vector<arch::Beat> want = arch::packInput(cfg, a, w);
      const tb::BeatList got = sim::packInputBeats(cfg, a, w);
      REQUIRE(got.size() == int64_t(want.size()));
      for (size_t i = 0; i < want.size(); ++i) {
        INFO(yaml << " M=" << m << " N=" << n << " K=" << k << " beat " << i);
        CHECK(std::vector<uint32_t>(got.beat(int64_t(i)), got.beat(int64_t(i)) + got.chunks) ==
              want[i].data);
        CHECK((got.last[i] != 0) == want[i].last);
      }
      CHECK(sim::outputBeatCount(cfg, m, n, k) ==
            int64_t(arch::packOutput(cfg, models::IntMatrix::Zero(m, n)).size()));
    }
  }
}

TEST_CASE("gemm job: the OVP input stream equals arch::packInputOvp / packInputOvpInt8",
          "[stream][ovp]") {
  std::mt19937_64 rng(13);
  std::normal_distribution<double> normal(0, 1);
  for (const char *dataflow : {"ws", "os"})
    for (const char *mode : {"w4a4", "w4a8"})
      for (const char *shape : {"{rows: 2, cols: 3", "{rows: 4, cols: 2", "{rows: 6, cols: 5"})
        for (int inBits : {8, 32, 40, 64}) {
          const std::string yaml = std::string("name: t\narray: ") + shape +
                                   ", dataflow: " + dataflow + "}\npe: {type: ovp, ovp: {mode: " +
                                   mode + "}}\nbuffers: {weight_depth: 16, act_depth: 16, acc_depth: 16}\n" +
                                   "interfaces: {axis_in_bits: " + std::to_string(inBits) + "}\n";
          const auto cfg = config::loadAccelText(yaml, "t.yaml");
          const int64_t m = 1 + int64_t(rng() % 9), n = 1 + int64_t(rng() % 9),
                        k = 1 + int64_t(rng() % 13);
          Eigen::MatrixXd a(m, k), w(n, k);
          for (Eigen::Index i = 0; i < a.size(); ++i) a.data()[i] = normal(rng) * (i % 7 ? 1 : 30);
          for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = normal(rng) * (i % 5 ? 1 : 20);
          const arch::OvpOperands ops = arch::ovpOperands(cfg, a, w);
          const std::vector<arch::Beat> want =
              std::string(mode) == "w4a4" ? arch::packInputOvp(cfg, ops.aBytes, ops.wBytes)
                                          : arch::packInputOvpInt8(cfg, ops.aInt8, ops.wBytes);
          const tb::BeatList got = sim::packInputOvpBeats(cfg, ops);
          INFO(yaml << "M " << m << " N " << n << " K " << k);
          REQUIRE(got.size() == int64_t(want.size()));
          for (size_t i = 0; i < want.size(); ++i) {
            arch::Beat g;
            g.data.assign(got.beat(int64_t(i)), got.beat(int64_t(i)) + got.chunks);
            g.last = got.last[i] != 0;
            CHECK(g == want[i]);
          }
        }
}
