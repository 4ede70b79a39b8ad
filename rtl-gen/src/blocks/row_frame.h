// What the row units share (docs/dyadic-pipeline.md, "Row units"): the row framing of their
// ready/valid streams (lanes-wide words, last_i on a row's final word, count_i lanes used in
// it), the row buffer, the read pipeline that passes 2 and 3 run over the buffered row, and
// lane slicing for unrolled reductions.
#pragma once

#include "module_builder.h"
#include "rowunits.h"

#include <string>
#include <vector>

namespace quasar::blocks {

struct RowFrame {
  int lanes;      // elements per word
  int words;      // row buffer words: ceil(row_max / lanes)
  int addrBits;   // buffer address
  int cntBits;    // word counts 0..words
  int countBits;  // lanes used in a last word, 1..lanes
};

RowFrame rowFrameOf(const RowUnitShape &shape);

// localparams Lanes, RowMax, Words, AddrBits, CntBits, CountBits, XBits.
void declareRowFrame(ModuleBuilder &b, const RowUnitShape &shape, const RowFrame &f);

// Ports valid_i, ready_o, last_i, count_i, x_i (Lanes x 32 signed).
void addRowInputPorts(ModuleBuilder &b, const RowFrame &f);
// Ports valid_o, ready_i, last_o, count_o, y_o (Lanes x outBits).
void addRowOutputPorts(ModuleBuilder &b, const RowFrame &f, int outBits, const std::string &yComment);

// A row buffer u_<name> (qsr_sdp_ram of Words x width): written at wrAddr by wrEn, read at
// raddr_q by rd_issue into `rdata` (one cycle later).
void addRowBuffer(ModuleBuilder &b, const RowFrame &f, const std::string &name, int width,
                  const std::string &wrEn, const std::string &wrAddr, const std::string &wrData,
                  const std::string &rdata);

// word_max (signed 32 bits): the max of x_i's lanes that hold elements (all, or count_i on the
// last word; lane 0 always does), as one unrolled always_comb.
void addWordMax(ModuleBuilder &b, const RowFrame &f);

// Inside a generate loop over lanes `l`: lane l of the word read back (rdata, rlast_q,
// lastcnt_q) holds an element.
std::string laneHoldsElement(const RowFrame &f);

// Lane l of a Lanes x laneBits vector as a whole net <prefix><l> (Icarus takes no part selects
// into an always_comb's sensitivity, and a chain through an array of nets is a combinational
// loop to Verilator), optionally signed. Returns the net names.
std::vector<std::string> laneNets(ModuleBuilder &b, const std::string &prefix,
                                  const std::string &vec, int laneBits, int lanes, bool isSigned);

} // namespace quasar::blocks
