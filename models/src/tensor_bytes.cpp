// Tensor elements <-> little-endian bytes, and whole-file reads/writes (tensor.h).
// Bytes are assembled with shifts, so the host's own byte order does not matter.
#include "quasar/models/tensor.h"

#include "quasar/config/error.h"

#include <cstring>
#include <fstream>
#include <sstream>

namespace quasar::models {

namespace {

uint64_t loadLittle(const char *p, int size) {
  uint64_t v = 0;
  for (int i = size - 1; i >= 0; --i) v = (v << 8) | uint8_t(p[i]);
  return v;
}

void storeLittle(std::string &out, uint64_t v, int size) {
  for (int i = 0; i < size; ++i) out.push_back(char(uint8_t(v >> (8 * i))));
}

// Two's complement sign extension of the low `size` bytes.
int64_t signExtend(uint64_t v, int size) {
  if (size == 8) return int64_t(v);
  const uint64_t sign = uint64_t(1) << (8 * size - 1);
  return int64_t((v ^ sign)) - int64_t(sign);
}

} // namespace

Tensor tensorFromLittleEndian(DType dtype, std::vector<int64_t> shape, const char *data,
                              size_t size) {
  const Tensor empty = Tensor::zeros(dtype, shape); // validates the shape
  const int item = dtypeSize(dtype);
  const uint64_t need = uint64_t(empty.numel()) * uint64_t(item);
  if (uint64_t(size) != need)
    throw InputError("tensor " + shapeString(shape) + " of " + dtypeName(dtype) + " needs " +
                     std::to_string(need) + " bytes, got " + std::to_string(size));
  const size_t n = size_t(empty.numel());
  if (isIntegerDType(dtype)) {
    const bool isSigned = dtype == DType::I8 || dtype == DType::I16 || dtype == DType::I32 ||
                          dtype == DType::I64;
    std::vector<int64_t> values(n);
    for (size_t i = 0; i < n; ++i) {
      const uint64_t raw = loadLittle(data + i * size_t(item), item);
      values[i] = isSigned ? signExtend(raw, item) : int64_t(raw);
    }
    return Tensor::fromInts(dtype, std::move(shape), std::move(values));
  }
  std::vector<double> values(n);
  for (size_t i = 0; i < n; ++i) {
    const uint64_t raw = loadLittle(data + i * size_t(item), item);
    switch (dtype) {
    case DType::F16: values[i] = halfToDouble(uint16_t(raw)); break;
    case DType::BF16: values[i] = bfloat16ToDouble(uint16_t(raw)); break;
    case DType::F32: {
      const uint32_t bits = uint32_t(raw);
      float f;
      std::memcpy(&f, &bits, sizeof f);
      values[i] = f;
      break;
    }
    default: {
      double d;
      std::memcpy(&d, &raw, sizeof d);
      values[i] = d;
      break;
    }
    }
  }
  // Every value is exactly representable in its dtype, so fromReals' rounding is the identity.
  return Tensor::fromReals(dtype, std::move(shape), std::move(values));
}

std::string tensorToLittleEndian(const Tensor &t) {
  const int item = dtypeSize(t.dtype());
  std::string out;
  out.reserve(size_t(t.numel()) * size_t(item));
  if (t.isInteger()) {
    for (int64_t v : t.ints()) storeLittle(out, uint64_t(v), item);
    return out;
  }
  for (double v : t.reals()) {
    switch (t.dtype()) {
    case DType::F16: storeLittle(out, halfFromDouble(v), 2); break;
    case DType::BF16: storeLittle(out, bfloat16FromDouble(v), 2); break;
    case DType::F32: {
      const float f = float(v);
      uint32_t bits;
      std::memcpy(&bits, &f, sizeof bits);
      storeLittle(out, bits, 4);
      break;
    }
    default: {
      uint64_t bits;
      std::memcpy(&bits, &v, sizeof bits);
      storeLittle(out, bits, 8);
      break;
    }
    }
  }
  return out;
}

std::string readBinaryFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot open " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw InputError("cannot read " + path);
  return buffer.str();
}

void writeBinaryFile(const std::string &path, const std::string &bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw InputError("cannot write " + path);
  out.write(bytes.data(), std::streamsize(bytes.size()));
  out.close();
  if (!out) throw InputError("cannot write " + path);
}

} // namespace quasar::models
