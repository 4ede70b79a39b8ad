// .safetensors reader (the Hugging Face format): 8-byte little-endian header length N, N
// bytes of JSON header {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [b, e]},
// ..., "__metadata__": {"key": "value"}}, then the data buffer; offsets are relative to the
// buffer's start, data little-endian, C order.
//
// Choices where the brief was silent (also in docs/golden-model.md, "## Tensor I/O"):
// - dtypes: every safetensors dtype that has a DType: F64, F32, F16, BF16, I64, I32, I16, I8,
//   U16, U8. Others (BOOL, U32, U64, F8_*, ...) are an InputError listing the supported ones.
//   F16/BF16 are converted to double exactly (halfToDouble / bfloat16ToDouble).
// - The header is parsed by a strict JSON-subset parser: objects, arrays, strings (all
//   escapes, UTF-8 checked) and integers only; duplicate keys, fractions, true/false/null and
//   trailing text (other than whitespace, which writers use as padding) are rejected.
// - A tensor entry has exactly the keys "dtype", "shape", "data_offsets" (unknown keys are
//   rejected); "__metadata__", if present, maps strings to strings.
// - Offsets are checked the way the safetensors library checks them: begin <= end,
//   end - begin == numel * itemsize, and, sorted by begin, the tensors tile the buffer
//   exactly: the first starts at 0, each starts where the previous ends (an earlier start is
//   an overlap, a later one a gap) and the last ends at the end of the file.
// - The header length must fit in the file and may not exceed 100,000,000 bytes (the
//   library's own limit). The whole file is read into memory once, at open().
// - names() are sorted by name. All errors are InputErrors that start with the file name.
#pragma once

#include "quasar/models/tensor.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace quasar::models {

struct SafetensorsEntry {
  DType dtype;                 // element type
  std::vector<int64_t> shape;  // dimensions
  uint64_t begin;              // data_offsets[0], relative to the data buffer
  uint64_t end;                // data_offsets[1]
};

class SafetensorsFile {
public:
  // Reads and validates the whole file (header and every entry's offsets).
  static SafetensorsFile open(const std::string &path);
  // The same on bytes in memory; `name` stands for the file in messages.
  static SafetensorsFile parse(std::string bytes, const std::string &name);

  const std::string &name() const { return m_name; }
  // Tensor names, sorted.
  std::vector<std::string> names() const;
  bool contains(const std::string &tensorName) const;
  // InputError "<file>: no tensor named 'x' (tensors: a, b)" for an unknown name.
  const SafetensorsEntry &entry(const std::string &tensorName) const;
  Tensor read(const std::string &tensorName) const;
  // The "__metadata__" map (empty when absent).
  const std::map<std::string, std::string> &metadata() const { return m_metadata; }

private:
  SafetensorsFile() = default;

  std::string m_name;                                 // file name for messages
  std::string m_bytes;                                // the whole file
  size_t m_dataStart = 0;                             // 8 + header length
  std::map<std::string, SafetensorsEntry> m_entries;  // tensors by name
  std::map<std::string, std::string> m_metadata;      // "__metadata__"
};

// Shorthands: the tensor names in a file; one tensor by name.
std::vector<std::string> listSafetensors(const std::string &path);
Tensor readSafetensor(const std::string &path, const std::string &tensorName);

} // namespace quasar::models
