// qsr_bitserial_termgen: the edge term generator of the bit-serial array
// (docs/bitserial-array.md, specs/bitserial.md "Encoding bitplane" and "Terms").
//
// Combinational: a weight code and the term index j give term j of that weight as
// {nz, neg, shift}, contributing nz ? +-(a << shift) : 0. The terms, zero terms included, are
// the golden model's bitplaneTerms / bitmodTerms (zero term shift: bitplane j, Booth 2j, fp 0),
// so the unit test compares every code of every mode with the golden tables exactly.
// Only the modes the config builds are decoded; an unbuilt mode yields zero terms (the CSR
// rejects it at start).
#include "blocks.h"
#include "pe_bitserial.h"

#include <algorithm>
#include <string>

namespace quasar::blocks {
namespace {

using ir::build::assign;
using ir::build::caseOf;
using ir::build::ifThen;
using ir::build::lit;

bool builds(const config::AccelConfig &cfg, config::BitmodMode mode) {
  const auto &modes = cfg.pe.bitserial.modes;
  return std::find(modes.begin(), modes.end(), mode) != modes.end();
}

int modeCode(config::BitmodMode mode) { return static_cast<int>(mode); }

// Term j of a bitplane weight: bit j, weight 2^j, the MSB (j = P-1) negative; P = 1 with
// binary: pm1 reads bit 0 as -1 / +1.
void buildBitplane(ModuleBuilder &b, const config::AccelConfig &cfg) {
  const int codeBits = bitserialCodeBits(cfg), idxBits = bitserialTermIndexBits(cfg);
  const int precBits = bitserialPrecBits(cfg), shiftBits = bitserialShiftBits(cfg);
  const bool pm1 = cfg.pe.bitserial.binary == config::BitBinary::PlusMinusOne;
  b.banner("Bit-plane term");
  b.net("code_bit", 1, {}, "code bit j");
  b.net("msb", 1, {}, "j is the top bit P-1: weight -2^(P-1)");
  b.net("prec_m1", precBits, "PrecBits", "P - 1");
  // A variable shift, not a case of constant selects: Icarus 11 cannot sensitize an
  // always_comb to constant part selects (indices >= w_bits_max never come from the controller).
  b.net("code_sh", codeBits, "CodeBits", "code >> j");
  b.assign("code_sh", "code_i >> term_i");
  b.assign("code_bit", "code_sh[0]");
  if (codeBits > 1) {
    b.net("unused_code_sh", codeBits - 1);
    b.assign("unused_code_sh", "code_sh[CodeBits-1:1]");
  }
  b.assign("prec_m1", "prec_i - " + lit(precBits, 1));
  b.assign("msb", ir::build::zeroExtend("term_i", idxBits, precBits) + " == prec_m1");
  // ShiftBits and TermIdxBits both hold w_bits_max - 1: the shift is the index itself.
  b.net("shift", shiftBits, "ShiftBits", "= j");
  b.assign("shift", "term_i");
  if (pm1) {
    // With pm1 no code means 0, so the padding lanes of a tile (columns beyond n_len) would
    // add -a: valid_i (from the compute unit) makes their terms zero.
    b.net("pm1_bit", 1, {}, "P = 1 with binary pm1: bit 0 means -1, bit 1 means +1");
    b.assign("pm1_bit", "prec_i == " + lit(precBits, 1));
    b.assign("term_o", "!valid_i ? " + lit(2 + shiftBits, 0) + " : pm1_bit ? {1'b1, ~code_i[0], " +
                           lit(shiftBits, 0) + "} : {code_bit, code_bit & msb, shift}");
  } else {
    b.assign("term_o", "{code_bit, code_bit & msb, shift}");
  }
}

// bitmod: fp modes through their half-unit magnitude (at most two one-bits), int modes through
// radix-4 Booth.
void buildBitmod(ModuleBuilder &b, const config::AccelConfig &cfg) {
  using config::BitmodMode;
  const int codeBits = bitserialCodeBits(cfg), idxBits = bitserialTermIndexBits(cfg);
  const int shiftBits = bitserialShiftBits(cfg);
  const bool fp4 = builds(cfg, BitmodMode::Fp4), fp3 = builds(cfg, BitmodMode::Fp3);
  const bool anyFp = fp4 || fp3;
  const bool anyInt = builds(cfg, BitmodMode::Int8) || builds(cfg, BitmodMode::Int6) ||
                      builds(cfg, BitmodMode::Int4);
  const std::string zeroTerm = "{2'b00, " + lit(shiftBits, 0) + "}";

  b.net("fp_term", 2 + shiftBits, "2+ShiftBits", "term j of an fp4/fp3 code");
  b.net("booth_term", 2 + shiftBits, "2+ShiftBits", "term j of an int code (Booth digit j)");
  if (anyFp) {
    b.banner("fp4 / fp3: half-unit magnitude, then its one-bits");
    b.net("fp_neg", 1, {}, "sign of the value");
    b.net("fp_mag", 5, {}, "magnitude in half-units, at most two one-bits");
    // Fields as nets, not selects inside the process (Icarus 11 cannot sensitize an
    // always_comb to constant part selects).
    b.net("sp_neg", 1, {}, "special index bit 0: negative");
    b.net("sp_ea", 1, {}, "special index bit 1: EA (else ER)");
    b.assign("sp_neg", "special_i[0]");
    b.assign("sp_ea", "special_i[1]");
    std::vector<ir::Stmt> body = {assign("fp_neg", "1'b0"), assign("fp_mag", "5'd0")};
    // Magnitudes in half-units by magnitude code (spec table) and the special values.
    const int fp4Mag[8] = {0, 1, 2, 3, 4, 6, 8, 12}, fp3Mag[4] = {0, 2, 4, 8};
    auto fpCase = [&](const std::string &name, int signBit, const int *mags, int erMag, int eaMag) {
      const std::string sign = name + "_s", magCode = name + "_m", negZero = name + "_negzero";
      b.net(sign, 1, {}, name + " sign bit");
      b.net(magCode, signBit, {}, name + " magnitude code");
      b.net(negZero, 1, {}, name + " negative zero: the group's special value");
      b.assign(sign, "code_i[" + std::to_string(signBit) + "]");
      b.assign(magCode, "code_i[" + std::to_string(signBit - 1) + ":0]");
      b.assign(negZero, sign + " && " + magCode + " == " + ir::build::lit(signBit, 0));
      std::vector<ir::CaseItem> items;
      for (int m = 0; m < (1 << signBit); ++m)
        items.push_back({lit(signBit, m), {assign("fp_mag", lit(5, mags[m]))}});
      items.push_back({"default", {}});
      return std::vector<ir::Stmt>{
          assign("fp_neg", sign), caseOf(magCode, items),
          ifThen(negZero, {assign("fp_neg", "sp_neg"),
                           assign("fp_mag", "sp_ea ? " + lit(5, eaMag) + " : " + lit(5, erMag))})};
    };
    std::vector<ir::CaseItem> modes;
    // Negative zero is the group's special value: index bit 0 the sign, bit 1 ER or EA.
    if (fp4)
      modes.push_back(
          {lit(kBitserialModeBits, modeCode(BitmodMode::Fp4)), fpCase("fp4", 3, fp4Mag, 10, 16)});
    if (fp3)
      modes.push_back(
          {lit(kBitserialModeBits, modeCode(BitmodMode::Fp3)), fpCase("fp3", 2, fp3Mag, 6, 12)});
    modes.push_back({"default", {}});
    body.push_back(caseOf("mode_i", modes));
    b.comb(body, "Magnitude table of specs/bitserial.md; negative zero -> special value.");

    b.net("fp_low", 3, {}, "position of the lowest one-bit");
    b.net("fp_rest", 5, {}, "the magnitude without its lowest one-bit");
    b.net("fp_high", 3, {}, "position of the remaining one-bit");
    // Priority chains as continuous assigns (constant selects stay out of processes).
    auto lowest = [&](const std::string &mag) {
      std::string e = "3'd0";
      for (int bit = 4; bit >= 0; --bit)
        e = mag + "[" + std::to_string(bit) + "] ? " + lit(3, bit) + " : " +
            (bit == 4 ? e : "(" + e + ")");
      return e;
    };
    b.assign("fp_low", lowest("fp_mag"), "lowest one-bit of the magnitude");
    b.assign("fp_rest", "fp_mag & (fp_mag - 5'd1)");
    b.assign("fp_high", lowest("fp_rest"), "the other one-bit (none: 0)");
    // Term 0: the lower one-bit (or zero); term 1: the higher one-bit (or zero).
    b.net("fp_nz0", 1, {}, "term 0 is not zero");
    b.net("fp_nz1", 1, {}, "term 1 is not zero");
    b.assign("fp_nz0", "|fp_mag");
    b.assign("fp_nz1", "|fp_rest");
    auto fpShift = [&](const std::string &pos) { return ir::build::zeroExtend(pos, 3, shiftBits); };
    if (shiftBits < 3) {
      // fp3 without fp4/int8/int6: shifts reach 3 only, so bit 2 of a position is always 0.
      b.net("unused_fp_pos", 2);
      b.assign("unused_fp_pos", "{fp_low[2], fp_high[2]}");
    }
    b.assign("fp_term", "term_i != " + lit(idxBits, 0) + " ? (fp_nz1 ? {1'b1, fp_neg, " +
                            fpShift("fp_high") + "} : " + zeroTerm +
                            ")\n                   : (fp_nz0 ? {1'b1, fp_neg, " +
                            fpShift("fp_low") + "} : " + zeroTerm + ")");
  } else {
    b.assign("fp_term", zeroTerm);
  }

  if (anyInt) {
    b.banner("int8 / int6 / int4: radix-4 Booth digit j, LSB first");
    b.net("triple", 3, {}, "(w[2j+1], w[2j], w[2j-1]), w[-1] = 0");
    b.net("code_x", codeBits + 1, {}, "{code, w[-1] = 0}");
    b.assign("code_x", "{code_i, 1'b0}");
    // Digits above the mode's precision are never asked for (j < P/2), so one path serves
    // every int mode: the bits above P are not read.
    b.net("code_xsh", codeBits + 1, {}, "code_x >> 2j");
    b.assign("code_xsh", "code_x >> {term_i, 1'b0}");
    b.assign("triple", "code_xsh[2:0]");
    b.net("unused_code_xsh", codeBits - 2);
    b.assign("unused_code_xsh", "code_xsh[" + std::to_string(codeBits) + ":3]");
    b.net("booth_nz", 1, {}, "digit != 0: not 000, 111");
    b.net("booth_two", 1, {}, "|digit| = 2: 011, 100");
    b.net("booth_shift", shiftBits, "ShiftBits", "2j, +1 for |digit| = 2");
    b.assign("booth_nz", "triple != 3'b000 && triple != 3'b111");
    b.assign("booth_two", "triple == 3'b011 || triple == 3'b100");
    const std::string twoJ =
        "{" + ir::build::zeroExtend("term_i", idxBits, shiftBits - 1) + ", 1'b0}";
    b.assign("booth_shift", twoJ + " + " + ir::build::zeroExtend("booth_two", 1, shiftBits));
    b.assign("booth_term", "{booth_nz, booth_nz & triple[2], booth_shift}");
  } else {
    b.assign("booth_term", zeroTerm);
  }

  if (!anyInt) {
    // fp codes only: the lane bits above the widest fp code are never read.
    const int used = fp4 ? 4 : 3;
    b.net("unused_code_hi", codeBits - used, {}, "lane bits above the fp codes");
    b.assign("unused_code_hi",
             "code_i[" + std::to_string(codeBits - 1) + ":" + std::to_string(used) + "]");
  }

  b.banner("Mode select");
  b.net("is_fp", 1, {}, "fp4 or fp3");
  b.assign("is_fp", "mode_i == " + lit(kBitserialModeBits, modeCode(BitmodMode::Fp4)) +
                        " || mode_i == " + lit(kBitserialModeBits, modeCode(BitmodMode::Fp3)));
  b.assign("term_o", "is_fp ? fp_term : booth_term");
  if (!anyFp) {
    b.net("unused_special", kBitmodSpecialBits);
    b.assign("unused_special", "special_i");
  }
}

} // namespace

ir::Module buildBitserialTermgen(const BlockContext &ctx) {
  const config::AccelConfig &cfg = ctx.cfg;
  const bool plane = isBitplane(cfg);
  ModuleBuilder b(ctx, "qsr_bitserial_termgen",
                  std::string("edge term generator (") + (plane ? "bitplane" : "bitmod") +
                      "): weight code and term index into one term");
  std::vector<std::string> desc = {
      "term_o = {nz, neg, shift}: the term contributes nz ? +-(a << shift) : 0.",
      "Terms and zero terms are those of specs/bitserial.md as the golden model lists them."};
  if (plane) {
    desc.push_back("bitplane: term j of P is code bit j with weight 2^j, the MSB -2^(P-1).");
  } else {
    desc.push_back("bitmod fp4/fp3: term 0 the lower one-bit of the half-unit magnitude, term 1");
    desc.push_back("the higher; int8/int6/int4: radix-4 Booth digit j (+-2 as shift 2j+1).");
  }
  b.describe(desc);
  b.localInt("CodeBits", bitserialCodeBits(cfg), "weight code lane");
  b.localInt("TermIdxBits", bitserialTermIndexBits(cfg), "term index 0..max terms - 1");
  b.localInt("ShiftBits", bitserialShiftBits(cfg),
             "largest shift " + std::to_string(bitserialMaxShift(cfg)));
  if (plane)
    b.localInt("PrecBits", bitserialPrecBits(cfg), ctx.cite("pe.bitserial.w_bits_max"));

  b.group("Weight code and term index");
  b.in("code_i", bitserialCodeBits(cfg), "CodeBits", "the code in the low bits");
  b.in("term_i", bitserialTermIndexBits(cfg), "TermIdxBits", "j, from the compute unit");
  b.group("Layer format (bitserial_format CSR) and group");
  if (plane) {
    b.in("prec_i", bitserialPrecBits(cfg), "PrecBits", "precision P, 1..w_bits_max");
  } else {
    b.in("mode_i", kBitserialModeBits, {}, "0 fp4, 1 fp3, 2 int8, 3 int6, 4 int4");
    b.in("special_i", kBitmodSpecialBits, {}, "the group's special-value index (fp modes)");
  }
  if (bitserialPadNeedsValid(cfg))
    b.in("valid_i", 1, {}, "the lane is a real column of the tile (else a zero term)");
  b.group("Term");
  b.out("term_o", bitserialTermBits(cfg), "2+ShiftBits", "{nz, neg, shift}");
  if (plane) {
    buildBitplane(b, cfg);
  } else {
    buildBitmod(b, cfg);
  }
  return b.take();
}

} // namespace quasar::blocks
