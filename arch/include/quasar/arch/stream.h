// The AXI4-Stream data layout of the accelerator (docs/rtl-contract.md, "Streams").
//
// Data moves as *words*: one element per array lane (rows or cols lanes), lanes packed
// LSB-first (lane 0 in the lowest bits), each element `laneBits` wide in two's complement.
// A word is sent as ceil(lanes * laneBits / beatBits) beats; every word starts on a new beat
// and the unused top bits of its last beat are zero. tlast marks the last beat of a GEMM.
//
// Input order, per schedule() step:
//   ws: the weight tile, `rows` words of `cols` lanes (word r: W[n0+c][k0+r]), then
//       mLen activation words of `rows` lanes (word i: A[m0+i][k0+r]);
//   os: kLen activation words of `rows` lanes (word t: A[m0+r][k0+t]), then
//       kLen weight words of `cols` lanes (word t: W[n0+c][k0+t]).
//   Lanes beyond the matrix edge (r >= kLen, c >= nLen, ...) are zero.
// Output order: after each step with lastK, mLen words of `cols` accumulator lanes
//   (word i: C[m0+i][n0+c]); lanes c >= nLen carry 0 (their weights were zero).
//   With post.requant the lanes are post.requant.out_bits wide and carry the requantized
//   values; lanes c >= nLen carry what the requantizer makes of a zero accumulator with that
//   lane's parameters (post_params.h: paddingLaneValue).
// top: pipeline has no array and no schedule: its words are post.lanes wide and follow the
// rows of the [M x N] matrix (arch/pipeline.h); outputWordFormat, packOutput and
// outputBeatOrigins follow that layout for such configs.
#pragma once

#include "quasar/arch/schedule.h"
#include "quasar/config/accel.h"
#include "quasar/models/gemm.h"

#include <cstdint>
#include <string>
#include <vector>

namespace quasar::arch {

// One AXI4-Stream beat: tdata as 32-bit chunks (chunk 0 = bits 31:0), and tlast.
struct Beat {
  std::vector<uint32_t> data;
  bool last = false;
  bool operator==(const Beat &o) const { return data == o.data && last == o.last; }
};

struct WordFormat {
  int lanes = 1;
  int laneBits = 8;
  int beatBits = 64;
  int beatsPerWord() const { return (lanes * laneBits + beatBits - 1) / beatBits; }
  int chunksPerBeat() const { return (beatBits + 31) / 32; }
};

// Stream words (pe.type ovp: arch/ovp_stream.h's formats, pair words for OVP operands along K).
WordFormat weightWordFormat(const config::AccelConfig &cfg);
WordFormat activationWordFormat(const config::AccelConfig &cfg);
WordFormat outputWordFormat(const config::AccelConfig &cfg);

// The whole input stream of one GEMM (a [m x k], w [n x k]), in schedule order.
// Throws InputError when a value does not fit its operand width.
std::vector<Beat> packInput(const config::AccelConfig &cfg, const models::IntMatrix &a,
                            const models::IntMatrix &w);

// Appends one word (lanes LSB-first, each value's low laneBits bits) on its own beats: the
// layout every input stream uses (packInput, packInputBitmod).
void appendStreamWord(std::vector<Beat> &out, const WordFormat &f,
                      const std::vector<int64_t> &lanes);

// The output stream the accelerator must produce for result c [m x n] (accumulators, or the
// requantized values with post.requant); lanes beyond n carry `padLane`.
std::vector<Beat> packOutput(const config::AccelConfig &cfg, const models::IntMatrix &c,
                             int64_t padLane = 0);

// Which results an output beat carries, for mismatch reports.
struct BeatOrigin {
  int64_t m = 0;       // result row
  int64_t n0 = 0;      // first result column of the word
  int beatInWord = 0;  // 0 .. beatsPerWord-1
};
std::vector<BeatOrigin> outputBeatOrigins(const config::AccelConfig &cfg, const GemmDims &dims);

// Element `lane` of a packed word (sign-extended when `isSigned`).
int64_t unpackLane(const std::vector<Beat> &wordBeats, const WordFormat &f, int lane, bool isSigned);

// "0x0000_0012_ffff_fff0" style hex of a beat, most significant chunk first.
std::string beatHex(const Beat &beat);

} // namespace quasar::arch
