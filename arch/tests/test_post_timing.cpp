#include "quasar/arch/post_timing.h"

#include <catch2/catch.hpp>

using namespace quasar::arch;

TEST_CASE("post timing: requantizer cycles are stages + words - 1", "[post_timing]") {
  // Hand-worked from docs/dyadic-pipeline.md: 4 stages, one word per cycle.
  CHECK(kRequantStages == 4);
  CHECK(requantCycles(0) == 0);
  CHECK(requantCycles(1) == 4);
  CHECK(requantCycles(2) == 5);
  CHECK(requantCycles(500) == 503);
}

TEST_CASE("post timing: the sequential divider takes one cycle per quotient bit plus the load",
          "[post_timing]") {
  // Hand-worked: a start in cycle t loads, steps in t+1..t+31, done in t+32.
  CHECK(seqDivCycles(31) == 32);
  CHECK(seqDivCycles(2) == 3);
  CHECK(kRowDivQuotientBits == 31);
}

TEST_CASE("post timing: Shiftmax row of W words", "[post_timing]") {
  // Hand-worked for W = 1: word in t0; read at t0+1, summed at t0+2; divider start t0+3,
  // done t0+35; pass 3 reads at t0+36, output register t0+37, out in t0+38; next row t0+39.
  CHECK(shiftmaxFirstOut(1) == 38);
  CHECK(shiftmaxLastOut(1) == 38);
  CHECK(shiftmaxRowCycles(1) == 39);
  // W = 25 (L = 197 at 8 lanes): 2W + 36 = 86, 3W + 35 = 110.
  CHECK(shiftmaxFirstOut(25) == 86);
  CHECK(shiftmaxLastOut(25) == 110);
  CHECK(shiftmaxRowCycles(25) == 111);
}

TEST_CASE("post timing: I-LayerNorm row of W words", "[post_timing]") {
  // Hand-worked for W = 1: word in t0; mean division starts t0+1, done t0+65; pass 2 reads at
  // t0+66, sums at t0+67; Newton starts t0+68, ten steps of 65 cycles to t0+717; f starts
  // t0+718, done t0+782; pass 3 reads at t0+783, output register t0+784, out in t0+785.
  CHECK(layerNormDivisions() == 12);
  CHECK(layerNormFirstOut(1) == 785);
  CHECK(layerNormLastOut(1) == 785);
  CHECK(layerNormRowCycles(1) == 786);
  CHECK(layerNormLastOut(96) == 785 + 2 * 95 + 95);
}

TEST_CASE("post timing: ShiftGELU row of W words", "[post_timing]") {
  // Hand-worked for W = 1: word in t0; read t0+1, dividers start t0+2, done t0+34, output
  // shows t0+35, and the next row's first word is taken then.
  CHECK(shiftGeluFirstOut(1) == 35);
  CHECK(shiftGeluLastOut(1) == 35);
  CHECK(shiftGeluRowCycles(1) == 35);
  // W = 2: second word read t0+36 (the cycle the first output shows), out t0+70.
  CHECK(shiftGeluFirstOut(2) == 36);
  CHECK(shiftGeluLastOut(2) == 70);
}
