// The interface every compute controller (ws, os) has towards the loader and the input buffers,
// written once so the two controllers and the top that wires them cannot disagree.
#include "blocks.h"

namespace quasar::blocks {

void addComputeStepPorts(ModuleBuilder &b, const Widths &w) {
  b.group("Run control");
  b.in("start_i");
  b.group("Input banks (from the loader)");
  b.in("bank_full_i", 2);
  b.out("meta_bank_o");
  b.in("m_len_i", w.lenMBits);
  b.in("n_len_i", w.lenNBits);
  b.in("k_len_i", w.lenKBits);
  b.in("first_k_i");
  b.in("last_k_i");
  b.in("last_tile_i");
  b.out("release_o");
  b.out("release_bank_o");
  b.group("Buffer reads");
  b.out("wbuf_rd_en_o");
  b.out("wbuf_rd_addr_o", w.weightAddrBits);
  b.out("abuf_rd_en_o");
  b.out("abuf_rd_addr_o", w.actAddrBits);
}

} // namespace quasar::blocks
