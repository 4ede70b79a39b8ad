// qsr_tile_walker: walks arch::schedule() in hardware, one step per next_i.
//
// It keeps the remaining extent of each dimension (dimension minus tile origin); the current
// step's lengths are min(tile, remaining). Order: ws n-tiles, m-tiles, k-tiles (innermost);
// os m-tiles, n-tiles, k-tiles — the same loops as arch::schedule().
#include "blocks.h"

#include "widths.h"

namespace quasar::blocks {
namespace {

using ir::build::assign;
using ir::build::ifThen;
using ir::build::lit;
using ir::build::zeroExtend;

struct Dim {
  std::string name;    // "m", "n", "k"
  std::string upper;   // "M", "N", "K"
  int dimBits, lenBits, remBits;
  int64_t tile;
};

} // namespace

ir::Module buildTileWalker(const BlockContext &ctx) {
  const config::AccelConfig &cfg = ctx.cfg;
  const Widths w = widthsOf(cfg);
  const bool ws = cfg.array.dataflow == config::Dataflow::WeightStationary;
  const Dim m{"m", "M", w.dimMBits, w.lenMBits, w.remMBits, w.tile.m};
  const Dim n{"n", "N", w.dimNBits, w.lenNBits, w.remNBits, w.tile.n};
  const Dim k{"k", "K", w.dimKBits, w.lenKBits, w.remKBits, w.tile.k};
  const Dim &outer = ws ? n : m;
  const Dim &mid = ws ? m : n;

  ModuleBuilder b(ctx, "qsr_tile_walker",
                  std::string("walks the tiles of one GEMM in stream order (") +
                      (ws ? "n, m, k" : "m, n, k") + ", k innermost)");
  b.describe({"start_i loads the dimensions; the outputs describe the current step until next_i",
              "moves to the following one (arch::schedule())."});
  b.localBits("TileM", m.remBits, m.tile, "arch::tileShape().m");
  b.localBits("TileN", n.remBits, n.tile, "arch::tileShape().n");
  b.localBits("TileK", k.remBits, k.tile, "arch::tileShape().k");

  b.clockAndReset();
  b.group("Control");
  b.in("start_i", 1, {}, "load the dimensions, go to the first step");
  b.in("next_i", 1, {}, "advance to the next step");
  b.in("dim_m_i", m.dimBits);
  b.in("dim_n_i", n.dimBits);
  b.in("dim_k_i", k.dimBits);
  b.group("Current step");
  b.out("m_len_o", m.lenBits);
  b.out("n_len_o", n.lenBits);
  b.out("k_len_o", k.lenBits);
  b.out("first_k_o", 1, {}, "first k-tile: accumulate from zero");
  b.out("last_k_o", 1, {}, "last k-tile: the output tile is complete after it");
  b.out("last_tile_o", 1, {}, "last output tile of the GEMM");

  for (const Dim *d : {&m, &n, &k}) {
    b.net("dim_" + d->name + "_q", d->remBits);
    b.net("dim_" + d->name + "_d", d->remBits);
    b.net("rem_" + d->name + "_q", d->remBits, {}, "dimension minus tile origin");
    b.net("rem_" + d->name + "_d", d->remBits);
    b.net("last_" + d->name);
  }
  for (const Dim *d : {&m, &n, &k}) {
    const std::string rem = "rem_" + d->name + "_q", tile = "Tile" + d->upper;
    b.assign("last_" + d->name, rem + " <= " + tile);
    const std::string lenRem = d->remBits == d->lenBits
                                   ? rem
                                   : rem + "[" + std::to_string(d->lenBits - 1) + ":0]";
    const std::string lenTile = d->remBits == d->lenBits
                                    ? tile
                                    : tile + "[" + std::to_string(d->lenBits - 1) + ":0]";
    b.assign(d->name + "_len_o", "last_" + d->name + " ? " + lenRem + " : " + lenTile);
  }
  b.assign("first_k_o", "rem_k_q == dim_k_q");
  b.assign("last_k_o", "last_k");
  b.assign("last_tile_o", "last_" + outer.name + " && last_" + mid.name);

  auto reload = [](const Dim &d) { return assign("rem_" + d.name + "_d", "dim_" + d.name + "_q"); };
  auto step = [](const Dim &d) {
    return assign("rem_" + d.name + "_d", "rem_" + d.name + "_q - Tile" + d.upper);
  };
  std::vector<ir::Stmt> body;
  for (const Dim *d : {&m, &n, &k}) {
    body.push_back(assign("dim_" + d->name + "_d", "dim_" + d->name + "_q"));
    body.push_back(assign("rem_" + d->name + "_d", "rem_" + d->name + "_q"));
  }
  std::vector<ir::Stmt> onStart;
  for (const Dim *d : {&m, &n, &k}) {
    const std::string in = zeroExtend("dim_" + d->name + "_i", d->dimBits, d->remBits);
    onStart.push_back(assign("dim_" + d->name + "_d", in));
    onStart.push_back(assign("rem_" + d->name + "_d", in));
  }
  body.push_back(ifThen(
      "start_i", onStart,
      {ifThen("next_i",
              {ifThen("!last_k", {step(k)},
                      {reload(k), ifThen("!last_" + mid.name, {step(mid)},
                                         {reload(mid), step(outer)})})})}));
  b.comb(body);
  std::vector<ir::Stmt> rst, copy;
  for (const Dim *d : {&m, &n, &k}) {
    for (const char *whatC : {"dim_", "rem_"}) {
      const std::string what = whatC;
      rst.push_back(assign(what + d->name + "_q", lit(d->remBits, 1)));
      copy.push_back(assign(what + d->name + "_q", what + d->name + "_d"));
    }
  }
  b.ff(rst, copy);
  return b.take();
}

} // namespace quasar::blocks
