#include "quasar/config/enums.h"

namespace quasar::config {

#define QUASAR_ENUM_TABLE(E, ...)                                                                 \
  template <> const EnumTable<E> &enumTable<E>() {                                                \
    static const EnumTable<E> table = {__VA_ARGS__};                                               \
    return table;                                                                                  \
  }

QUASAR_ENUM_TABLE(TopKind, {TopKind::Accelerator, "accelerator"}, {TopKind::Pipeline, "pipeline"})
QUASAR_ENUM_TABLE(Dataflow, {Dataflow::WeightStationary, "ws"}, {Dataflow::OutputStationary, "os"})
QUASAR_ENUM_TABLE(PeType, {PeType::Int, "int"}, {PeType::Ovp, "ovp"},
                  {PeType::Bitserial, "bitserial"})
QUASAR_ENUM_TABLE(OvpNormal, {OvpNormal::Int4, "int4"}, {OvpNormal::Flint4, "flint4"},
                  {OvpNormal::Auto, "auto"})
QUASAR_ENUM_TABLE(OvpPairPolicy, {OvpPairPolicy::Larger, "larger"},
                  {OvpPairPolicy::First, "first"})
QUASAR_ENUM_TABLE(OvpMode, {OvpMode::W4A4, "w4a4"}, {OvpMode::W4A8, "w4a8"})
QUASAR_ENUM_TABLE(BitEncoding, {BitEncoding::Bitplane, "bitplane"},
                  {BitEncoding::Bitmod, "bitmod"})
QUASAR_ENUM_TABLE(BitBinary, {BitBinary::TwosComplement, "twos"},
                  {BitBinary::PlusMinusOne, "pm1"})
QUASAR_ENUM_TABLE(BitmodMode, {BitmodMode::Fp4, "fp4"}, {BitmodMode::Fp3, "fp3"},
                  {BitmodMode::Int8, "int8"}, {BitmodMode::Int6, "int6"},
                  {BitmodMode::Int4, "int4"})
QUASAR_ENUM_TABLE(Rounding, {Rounding::HalfUp, "half_up"}, {Rounding::HalfEven, "half_even"},
                  {Rounding::HalfAway, "half_away"}, {Rounding::Floor, "floor"})
QUASAR_ENUM_TABLE(Granularity, {Granularity::PerTensor, "per_tensor"},
                  {Granularity::PerChannel, "per_channel"})
QUASAR_ENUM_TABLE(Activation, {Activation::None, "none"}, {Activation::Relu, "relu"},
                  {Activation::Relu6, "relu6"}, {Activation::Clip, "clip"})
QUASAR_ENUM_TABLE(Nonlinear, {Nonlinear::None, "none"}, {Nonlinear::Shiftmax, "shiftmax"},
                  {Nonlinear::ShiftGelu, "shiftgelu"}, {Nonlinear::LayerNorm, "layernorm"})
QUASAR_ENUM_TABLE(ResetKind, {ResetKind::Sync, "sync"}, {ResetKind::Async, "async"})
QUASAR_ENUM_TABLE(FpgaTarget, {FpgaTarget::Xc7, "xc7"}, {FpgaTarget::Ice40, "ice40"},
                  {FpgaTarget::Generic, "generic"})

QUASAR_ENUM_TABLE(TensorSourceKind, {TensorSourceKind::Random, "random"},
                  {TensorSourceKind::Npy, "npy"}, {TensorSourceKind::Safetensors, "safetensors"})
QUASAR_ENUM_TABLE(Distribution, {Distribution::IntUniform, "int_uniform"},
                  {Distribution::Uniform, "uniform"}, {Distribution::Normal, "normal"},
                  {Distribution::StudentT, "student_t"},
                  {Distribution::OutlierChannels, "outlier_channels"})
QUASAR_ENUM_TABLE(LayerKind, {LayerKind::Gemm, "gemm"}, {LayerKind::Conv2d, "conv2d"},
                  {LayerKind::Transformer, "transformer"})
QUASAR_ENUM_TABLE(SweepMode, {SweepMode::Cartesian, "cartesian"}, {SweepMode::Zip, "zip"})
QUASAR_ENUM_TABLE(Stage, {Stage::Gen, "gen"}, {Stage::Lint, "lint"},
                  {Stage::Analytical, "analytical"}, {Stage::Systemc, "systemc"},
                  {Stage::Cosim, "cosim"}, {Stage::Synth, "synth"}, {Stage::Quant, "quant"})

#undef QUASAR_ENUM_TABLE

} // namespace quasar::config
