// The enumerations of the configuration schema and their YAML spellings.
//
// Each spelling is written exactly once, in the tables below; loading, printing and every
// error message that lists "allowed values" read them from here.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace quasar::config {

enum class TopKind { Accelerator, Pipeline };
enum class Dataflow { WeightStationary, OutputStationary };
enum class PeType { Int, Ovp, Bitserial };
enum class OvpNormal { Int4, Flint4, Auto };
enum class OvpPairPolicy { Larger, First };
enum class OvpMode { W4A4, W4A8 };
enum class BitEncoding { Bitplane, Bitmod };
enum class BitBinary { TwosComplement, PlusMinusOne };
enum class BitmodMode { Fp4, Fp3, Int8, Int6, Int4 };
enum class Rounding { HalfUp, HalfEven, HalfAway, Floor };
enum class Granularity { PerTensor, PerChannel };
enum class Activation { None, Relu, Relu6, Clip };
enum class Nonlinear { None, Shiftmax, ShiftGelu, LayerNorm };
enum class ResetKind { Sync, Async };
enum class FpgaTarget { Xc7, Ice40, Generic };
enum class TensorSourceKind { Random, Npy, Safetensors };
enum class Distribution { IntUniform, Uniform, Normal, StudentT, OutlierChannels };
enum class LayerKind { Gemm, Conv2d, Transformer };
enum class SweepMode { Cartesian, Zip };
enum class Stage { Gen, Lint, Analytical, Systemc, Cosim, Synth, Quant };

template <class E> using EnumTable = std::vector<std::pair<E, const char *>>;

// The YAML spelling table of each enumeration (specialized in enums.cpp).
template <class E> const EnumTable<E> &enumTable();

// The YAML spelling of a value.
template <class E> std::string toString(E value) {
  for (const auto &[v, name] : enumTable<E>())
    if (v == value) return name;
  return "?";
}

// "a, b or c": the allowed spellings, for error messages.
template <class E> std::string allowedValues() {
  std::string s;
  const auto &table = enumTable<E>();
  for (size_t i = 0; i < table.size(); ++i) {
    if (i) s += (i + 1 == table.size()) ? " or " : ", ";
    s += table[i].second;
  }
  return s;
}

} // namespace quasar::config
