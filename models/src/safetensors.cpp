// .safetensors reader (safetensors.h): header length, header entries, offset validation,
// tensor extraction.
#include "quasar/models/safetensors.h"

#include "quasar/config/error.h"
#include "safetensors_json.h"

#include <algorithm>

namespace quasar::models {

namespace {

constexpr uint64_t kMaxHeaderLength = 100000000; // the safetensors library's limit
const char kSupported[] = "F64, F32, F16, BF16, I64, I32, I16, I8, U16, U8";

[[noreturn]] void fail(const std::string &name, const std::string &what) {
  throw InputError(name + ": " + what);
}

bool parseDType(const std::string &s, DType &out) {
  static const std::pair<const char *, DType> kTable[] = {
      {"F64", DType::F64}, {"F32", DType::F32}, {"F16", DType::F16}, {"BF16", DType::BF16},
      {"I64", DType::I64}, {"I32", DType::I32}, {"I16", DType::I16}, {"I8", DType::I8},
      {"U16", DType::U16}, {"U8", DType::U8}};
  for (const auto &[text, dtype] : kTable)
    if (s == text) {
      out = dtype;
      return true;
    }
  return false;
}

// A non-negative integer from an integer JSON value.
uint64_t nonNegative(const json::Value &v, const std::string &name, const std::string &what) {
  if (v.kind != json::Value::Kind::Integer)
    fail(name, what + " must be an integer, got a " + json::kindName(v.kind));
  if (v.integer < 0) fail(name, what + " must be >= 0, got " + std::to_string(v.integer));
  return uint64_t(v.integer);
}

SafetensorsEntry parseEntry(const std::string &tensor, const json::Value &v,
                            const std::string &name) {
  const std::string where = "tensor '" + tensor + "'";
  if (v.kind != json::Value::Kind::Object)
    fail(name, where + " must be an object, got a " + json::kindName(v.kind));
  const json::Value *dtype = nullptr, *shape = nullptr, *offsets = nullptr;
  for (const auto &[key, value] : v.members) {
    if (key == "dtype") dtype = &value;
    else if (key == "shape") shape = &value;
    else if (key == "data_offsets") offsets = &value;
    else fail(name, where + ": unknown key \"" + key + "\" (allowed: dtype, shape, data_offsets)");
  }
  if (!dtype) fail(name, where + ": missing key \"dtype\"");
  if (!shape) fail(name, where + ": missing key \"shape\"");
  if (!offsets) fail(name, where + ": missing key \"data_offsets\"");

  SafetensorsEntry e{};
  if (dtype->kind != json::Value::Kind::String)
    fail(name, where + ": dtype must be a string");
  if (!parseDType(dtype->text, e.dtype))
    fail(name, where + ": unsupported dtype \"" + dtype->text + "\" (supported: " + kSupported +
                   ")");
  if (shape->kind != json::Value::Kind::Array) fail(name, where + ": shape must be an array");
  uint64_t numel = 1;
  for (const json::Value &d : shape->items) {
    const uint64_t dim = nonNegative(d, name, where + ": a shape dimension");
    // Keep numel * 8 within int64 so that byte counts never wrap.
    if (dim != 0 && numel > (uint64_t(INT64_MAX) / 8) / dim)
      fail(name, where + ": shape is too large");
    numel *= dim;
    e.shape.push_back(int64_t(dim));
  }
  if (offsets->kind != json::Value::Kind::Array || offsets->items.size() != 2)
    fail(name, where + ": data_offsets must be an array [begin, end]");
  e.begin = nonNegative(offsets->items[0], name, where + ": data_offsets begin");
  e.end = nonNegative(offsets->items[1], name, where + ": data_offsets end");
  if (e.end < e.begin)
    fail(name, where + ": data_offsets [" + std::to_string(e.begin) + ", " +
                   std::to_string(e.end) + "] end before begin");
  const uint64_t need = numel * uint64_t(dtypeSize(e.dtype));
  if (e.end - e.begin != need)
    fail(name, where + ": data_offsets [" + std::to_string(e.begin) + ", " +
                   std::to_string(e.end) + "] span " + std::to_string(e.end - e.begin) +
                   " bytes, shape " + shapeString(e.shape) + " of " + dtype->text + " needs " +
                   std::to_string(need));
  return e;
}

} // namespace

SafetensorsFile SafetensorsFile::parse(std::string bytes, const std::string &name) {
  SafetensorsFile f;
  f.m_name = name;
  f.m_bytes = std::move(bytes);
  const std::string &b = f.m_bytes;
  if (b.size() < 8)
    fail(name, "truncated file: " + std::to_string(b.size()) +
                   " bytes, the 8-byte header length is missing");
  uint64_t headerLength = 0;
  for (int i = 7; i >= 0; --i) headerLength = (headerLength << 8) | uint8_t(b[size_t(i)]);
  if (headerLength > kMaxHeaderLength)
    fail(name, "header length " + std::to_string(headerLength) + " exceeds the limit of " +
                   std::to_string(kMaxHeaderLength) + " bytes");
  if (headerLength > b.size() - 8)
    fail(name, "header length " + std::to_string(headerLength) +
                   " goes beyond the end of the file (" + std::to_string(b.size()) + " bytes)");
  f.m_dataStart = 8 + size_t(headerLength);
  const json::Value root = json::parse(b.substr(8, size_t(headerLength)), name);
  if (root.kind != json::Value::Kind::Object)
    fail(name, std::string("the header must be a JSON object, got a ") +
                   json::kindName(root.kind));

  for (const auto &[key, value] : root.members) {
    if (key == "__metadata__") {
      if (value.kind != json::Value::Kind::Object)
        fail(name, "__metadata__ must be an object of strings");
      for (const auto &[mk, mv] : value.members) {
        if (mv.kind != json::Value::Kind::String)
          fail(name, "__metadata__ value of \"" + mk + "\" must be a string, got a " +
                         json::kindName(mv.kind));
        f.m_metadata[mk] = mv.text;
      }
      continue;
    }
    f.m_entries[key] = parseEntry(key, value, name);
  }

  // The tensors must tile the data buffer: sorted by begin, each starts where the previous
  // one ended, from 0 to the end of the file.
  const uint64_t bufferSize = b.size() - f.m_dataStart;
  std::vector<std::pair<std::string, const SafetensorsEntry *>> byOffset;
  for (const auto &[tensor, entry] : f.m_entries) byOffset.emplace_back(tensor, &entry);
  std::stable_sort(byOffset.begin(), byOffset.end(), [](const auto &x, const auto &y) {
    return x.second->begin != y.second->begin ? x.second->begin < y.second->begin
                                              : x.second->end < y.second->end;
  });
  uint64_t expected = 0;
  std::string previous;
  for (const auto &[tensor, entry] : byOffset) {
    if (entry->end > bufferSize)
      fail(name, "tensor '" + tensor + "': data_offsets [" + std::to_string(entry->begin) +
                     ", " + std::to_string(entry->end) + "] out of range (data buffer has " +
                     std::to_string(bufferSize) + " bytes)");
    if (entry->begin < expected)
      fail(name, "tensor '" + tensor + "': data_offsets [" + std::to_string(entry->begin) +
                     ", " + std::to_string(entry->end) + "] overlap tensor '" + previous +
                     "' (which ends at " + std::to_string(expected) + ")");
    if (entry->begin > expected)
      fail(name, "tensor '" + tensor + "': gap before data_offsets [" +
                     std::to_string(entry->begin) + ", " + std::to_string(entry->end) +
                     "]: bytes " + std::to_string(expected) + ".." +
                     std::to_string(entry->begin) + " belong to no tensor");
    expected = entry->end;
    previous = tensor;
  }
  if (expected != bufferSize)
    fail(name, "data buffer has " + std::to_string(bufferSize) + " bytes but the tensors cover " +
                   std::to_string(expected) + " (trailing bytes belong to no tensor)");
  return f;
}

SafetensorsFile SafetensorsFile::open(const std::string &path) {
  return parse(readBinaryFile(path), path);
}

std::vector<std::string> SafetensorsFile::names() const {
  std::vector<std::string> out;
  for (const auto &entry : m_entries) out.push_back(entry.first);
  return out;
}

bool SafetensorsFile::contains(const std::string &tensorName) const {
  return m_entries.count(tensorName) != 0;
}

const SafetensorsEntry &SafetensorsFile::entry(const std::string &tensorName) const {
  const auto it = m_entries.find(tensorName);
  if (it == m_entries.end()) {
    std::string list;
    for (const auto &e : m_entries) list += (list.empty() ? "" : ", ") + e.first;
    fail(m_name, "no tensor named '" + tensorName + "' (tensors: " +
                     (list.empty() ? std::string("none") : list) + ")");
  }
  return it->second;
}

Tensor SafetensorsFile::read(const std::string &tensorName) const {
  const SafetensorsEntry &e = entry(tensorName);
  return tensorFromLittleEndian(e.dtype, e.shape, m_bytes.data() + m_dataStart + e.begin,
                                size_t(e.end - e.begin));
}

std::vector<std::string> listSafetensors(const std::string &path) {
  return SafetensorsFile::open(path).names();
}

Tensor readSafetensor(const std::string &path, const std::string &tensorName) {
  return SafetensorsFile::open(path).read(tensorName);
}

} // namespace quasar::models
