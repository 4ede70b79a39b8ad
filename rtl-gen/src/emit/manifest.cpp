// manifest.json: what a tool needs to drive the generated accelerator without reading Verilog.
#include "json_writer.h"
#include "metadata.h"

#include "quasar/arch/csr.h"
#include "quasar/arch/pipeline.h"
#include "quasar/arch/post_params.h"
#include "quasar/arch/post_timing.h"
#include "quasar/arch/schedule.h"
#include "quasar/arch/stream.h"
#include "quasar/arch/timing.h"
#include "quasar/config/enums.h"
#include "quasar/config/load.h"

namespace quasar::emit {
namespace {

const char *accessName(arch::CsrAccess a) {
  switch (a) {
  case arch::CsrAccess::ReadWrite: return "rw";
  case arch::CsrAccess::ReadOnly: return "ro";
  case arch::CsrAccess::WriteOneToStart: return "w1";
  case arch::CsrAccess::WriteOnly: return "wo";
  }
  return "?";
}

const char *interfaceOf(const std::string &port) {
  if (port.rfind("s_axis_", 0) == 0) return "axis_in";
  if (port.rfind("m_axis_", 0) == 0) return "axis_out";
  if (port.rfind("s_axi_", 0) == 0) return "axil";
  return "clock_reset";
}

void word(JsonWriter &j, const std::string &key, const arch::WordFormat &f) {
  j.beginObject(key);
  j.value("lanes", f.lanes);
  j.value("lane_bits", f.laneBits);
  j.value("beats_per_word", f.beatsPerWord());
  j.endObject();
}

// The array, tiling, buffers, streams and latencies of top: accelerator.
void acceleratorSections(JsonWriter &j, const config::AccelConfig &cfg) {
  const bool ws = cfg.array.dataflow == config::Dataflow::WeightStationary;
  j.beginObject("array");
  j.value("rows", cfg.array.rows);
  j.value("cols", cfg.array.cols);
  j.value("dataflow", config::toString(cfg.array.dataflow));
  j.value("pe_type", config::toString(cfg.pe.type));
  j.value("a_bits", cfg.pe.a_bits);
  j.value("w_bits", cfg.pe.w_bits);
  j.value("a_signed", cfg.pe.a_signed);
  j.value("w_signed", cfg.pe.w_signed);
  j.value("acc_bits", cfg.pe.acc_bits);
  j.endObject();

  j.beginObject("limits");
  j.value("m_max", cfg.limits.m_max);
  j.value("n_max", cfg.limits.n_max);
  j.value("k_max", cfg.limits.k_max);
  j.endObject();

  const arch::TileShape t = arch::tileShape(cfg);
  j.beginObject("tile");
  j.value("m", t.m);
  j.value("n", t.n);
  j.value("k", t.k);
  j.value("order", ws ? "n, m, k" : "m, n, k");
  j.endObject();

  j.beginObject("buffers");
  j.value("banks", arch::bankCount(cfg));
  j.value("weight_words", cfg.buffers.weight_depth);
  j.value("act_words", cfg.buffers.act_depth);
  j.value("acc_words", cfg.buffers.acc_depth);
  j.endObject();

  j.beginObject("streams");
  j.beginObject("input");
  j.value("beat_bits", cfg.interfaces.axis_in_bits);
  j.value("order", ws ? "per step: rows weight words, then m_len activation words"
                      : "per step: k_len activation words, then k_len weight words");
  word(j, "weight_word", arch::weightWordFormat(cfg));
  word(j, "activation_word", arch::activationWordFormat(cfg));
  j.endObject();
  j.beginObject("output");
  j.value("beat_bits", cfg.interfaces.axis_out_bits);
  j.value("order", cfg.post.requant.enabled
                      ? "after each last k-tile: m_len words of cols requantized outputs"
                      : "after each last k-tile: m_len words of cols accumulators");
  word(j, "word", arch::outputWordFormat(cfg));
  j.endObject();
  j.endObject();

  j.beginObject("latencies");
  j.value("buffer_read", arch::kBufferReadLatency);
  j.value("loader_write", arch::kLoaderWriteLatency);
  j.value("output_fifo_words", arch::outputFifoWords(cfg));
  if (cfg.post.requant.enabled) j.value("drain_pipeline_stages", arch::drainPipelineStages(cfg));
  j.value("pe_product_stages", arch::peProductStages(cfg));
  if (ws)
    j.value("ws_result_latency", arch::wsResultLatency(cfg));
  else
    j.value("os_accumulate_latency", arch::osAccumulateLatency(cfg));
  j.endObject();
}

// top: pipeline with post.nonlinear (arch/pipeline.h, docs/dyadic-pipeline.md "Row units in
// top: pipeline"): the unit, its constants and its cycles per row.
void rowUnitSection(JsonWriter &j, const config::AccelConfig &cfg) {
  const int64_t words = arch::pipelineWordsPerRow(cfg, cfg.post.row_max);
  j.beginObject("row_unit");
  j.value("unit", config::toString(cfg.post.nonlinear));
  j.value("out_bits", arch::rowUnitOutBits(cfg));
  j.value("out_signed", cfg.post.nonlinear != config::Nonlinear::Shiftmax);
  j.value("input", "the requantizer's lanes extended to 32-bit signed elements; one row of the "
                   "run is one row of the unit; count_i = N - (words per row - 1) * lanes");
  if (arch::rowUnitUsesX0(cfg)) {
    j.beginObject("x0");
    j.value("csr", "nonlinear_x0");
    j.value("min", arch::kRowUnitX0Min);
    j.value("max", arch::kRowUnitX0Max);
    j.value("port_bits", arch::kShiftmaxX0Bits);
    j.value("bad_x0_error_code", int64_t(arch::csr_error::kBadX0));
    j.endObject();
  }
  if (cfg.post.nonlinear == config::Nonlinear::LayerNorm)
    j.value("bias_int", "64-bit two's complement per channel, field bias_int_lsb of the "
                        "parameter lane (param_index / param_data)");
  j.beginObject("cycles_per_row_max_row");
  j.value("words", words);
  j.value("first_out", arch::rowUnitFirstOut(cfg, words));
  j.value("last_out", arch::rowUnitLastOut(cfg, words));
  j.value("row_cycles", arch::rowUnitRowCycles(cfg, words));
  j.endObject();
  j.value("output_stages", arch::rowUnitOutputStages(cfg));
  j.endObject();
}

// top: pipeline (arch/pipeline.h): lanes, row length, streams and latency.
void pipelineSections(JsonWriter &j, const config::AccelConfig &cfg) {
  j.beginObject("pipeline");
  j.value("lanes", cfg.post.lanes);
  j.value("acc_bits", cfg.pe.acc_bits);
  j.value("row_max", cfg.post.row_max);
  j.value("m_max", cfg.limits.m_max);
  j.endObject();
  j.beginObject("streams");
  j.beginObject("input");
  j.value("beat_bits", cfg.interfaces.axis_in_bits);
  j.value("order", "row by row: ceil(N / lanes) words per row, lane l of word j = channel "
                   "j*lanes + l, lanes beyond N zero");
  word(j, "word", arch::pipelineInputWordFormat(cfg));
  j.endObject();
  if (cfg.post.residual) {
    j.beginObject("residual");
    j.value("ports", "s_axis_res_tdata, s_axis_res_tvalid, s_axis_res_tready, s_axis_res_tlast");
    j.value("beat_bits", cfg.interfaces.axis_in_bits);
    j.value("order", "the residual branch z2 in the input's word format: word j of row i beside "
                     "the input's word j of row i; a word enters the residual add when the last "
                     "beats of both streams' words are offered");
    word(j, "word", arch::pipelineInputWordFormat(cfg));
    j.endObject();
  }
  j.beginObject("output");
  j.value("beat_bits", cfg.interfaces.axis_out_bits);
  if (arch::hasRowUnit(cfg))
    j.value("order", "the input's words, requantized, then each row through the row unit "
                     "(post.nonlinear); lanes beyond N zero; tlast on the run's last beat");
  else
    j.value("order", "the input's words, requantized; lanes beyond N: the requantizer's output for "
                     "a zero input with that lane's parameters");
  word(j, "word", arch::outputWordFormat(cfg));
  j.endObject();
  j.endObject();
  j.beginObject("latencies");
  j.value("pipeline_stages", arch::pipelineStages(cfg));
  j.endObject();
  if (arch::hasRowUnit(cfg)) rowUnitSection(j, cfg);
}

} // namespace

std::string emitManifest(const ir::Design &design, const config::AccelConfig &cfg) {
  JsonWriter j;
  j.beginObject();
  j.value("generator", design.info.generator);
  if (!design.info.version.empty()) j.value("version", design.info.version);
  j.beginObject("config");
  j.value("name", cfg.name);
  j.value("hash", config::configHash(cfg));
  j.value("short_hash", config::shortHash(cfg));
  j.endObject();
  j.value("top", design.top);
  j.beginArray("files");
  for (const ir::Module &m : design.modules) j.value("", "rtl/" + m.name + ".sv");
  j.endArray();

  if (arch::isPipeline(cfg))
    pipelineSections(j, cfg);
  else
    acceleratorSections(j, cfg);

  j.beginObject("axil");
  j.value("addr_bits", cfg.interfaces.axil_addr_bits);
  j.value("data_bits", cfg.interfaces.axil_data_bits);
  j.endObject();
  if (cfg.post.requant.enabled) {
    const config::RequantConfig &r = cfg.post.requant;
    j.beginObject("post");
    j.value("bias", cfg.post.bias);
    if (cfg.post.residual) j.value("residual", true);
    j.value("granularity", config::toString(r.granularity));
    j.value("mult_bits", r.mult_bits);
    j.value("shift_bits", arch::kShiftFieldBits);
    j.value("rounding", config::toString(r.rounding));
    j.value("activation", config::toString(cfg.post.activation));
    j.value("out_bits", r.out_bits);
    j.value("out_signed", r.out_signed);
    j.value("requant_stages", arch::kRequantStages);
    if (arch::hasParamRegisters(cfg)) {
      const arch::ParamLaneLayout l = arch::paramLaneLayout(cfg);
      j.beginObject("param_ram");
      j.value("words", arch::paramRamWords(cfg));
      j.value("word_bits", arch::paramWordBits(cfg));
      j.value("chunks_per_word", arch::paramWordChunks(cfg));
      j.value("lane_bits", l.laneBits);
      if (l.multLsb >= 0) {
        j.value("mult_lsb", l.multLsb);
        j.value("shift_lsb", l.shiftLsb);
        j.value("zero_point_lsb", l.zpLsb);
      }
      if (l.biasLsb >= 0) j.value("bias_lsb", l.biasLsb);
      if (l.resMultLsb >= 0) {
        j.value("res_mult_lsb", l.resMultLsb);
        j.value("res_shift_lsb", l.resShiftLsb);
      }
      if (l.biasIntLsb >= 0) {
        j.value("bias_int_lsb", l.biasIntLsb);
        j.value("bias_int_bits", arch::kBiasIntBits);
      }
      j.value("order", arch::isPipeline(cfg)
                           ? "word j: channels j*lanes .. j*lanes+lanes-1, lane c in bits "
                             "c*lane_bits up; read for word j of every row"
                           : "word j: channels j*cols .. j*cols+cols-1, lane c in bits "
                             "c*lane_bits up; read once per output tile of n-tile j");
      j.endObject();
    }
    j.endObject();
  }
  j.beginArray("csrs");
  for (const arch::Csr &c : arch::csrMapFor(cfg)) {
    j.beginObject();
    j.value("name", c.name);
    j.value("offset", int64_t(c.offset));
    j.value("access", accessName(c.access));
    j.value("description", c.description);
    j.endObject();
  }
  j.endArray();

  j.beginArray("ports");
  if (const ir::Module *top = ir::findModule(design, design.top)) {
    for (const ir::Port &p : top->ports) {
      j.beginObject();
      j.value("name", p.name);
      j.value("direction", p.dir == ir::PortDir::In ? "in" : "out");
      j.value("width", p.type.width);
      j.value("interface", interfaceOf(p.name));
      j.endObject();
    }
  }
  j.endArray();
  j.value("reset", config::toString(cfg.rtl.reset));
  j.endObject();
  return j.text();
}

} // namespace quasar::emit
