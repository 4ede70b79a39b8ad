// NumPy .npy files <-> Tensor (tensor.h), following the NPY format description of NumPy
// (numpy.lib.format): magic "\x93NUMPY", major and minor version, a little-endian header
// length (2 bytes in version 1.0, 4 bytes in 2.0 and 3.0), then a Python dict literal with
// exactly the keys 'descr', 'fortran_order' and 'shape', then the raw data.
//
// Supported element types: '|i1' (also '<i1'), '<i2', '<i4', '<i8', '|u1' (also '<u1'),
// '<u2', '<f4', '<f8'; little endian, C order, any rank including 0-d and empty arrays.
//
// Choices where the brief was silent (also in docs/golden-model.md, "## Tensor I/O"):
// - Reading is strict: the header must be the dict literal (keys in any order, single or
//   double quotes, optional trailing comma, a one-element shape needs its comma "(3,)"),
//   nothing but whitespace may follow the '}', and the data must be exactly
//   numel * itemsize bytes (too few: truncated; too many: trailing bytes). The 64-byte
//   alignment of the header is not required when reading (NumPy does not require it either).
// - Every error is an InputError whose message starts with the file name: bad magic,
//   unsupported version, truncated file, malformed header, big-endian ('>') data, an
//   unsupported dtype (listing the supported ones), Fortran order, data size mismatch.
// - Writing uses version 1.0 (2.0 only if the header would exceed 65535 bytes), the header
//   text NumPy writes ("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }"),
//   padded with spaces and a final '\n' so the data starts at a multiple of 64 bytes.
//   F16 and BF16 tensors cannot be written (not in the supported list): InputError.
// - dtype mapping: i1->I8, i2->I16, i4->I32, i8->I64, u1->U8, u2->U16, f4->F32, f8->F64.
#pragma once

#include "quasar/models/tensor.h"

#include <string>

namespace quasar::models {

Tensor readNpy(const std::string &path);
void writeNpy(const std::string &path, const Tensor &tensor);

// The same on bytes in memory; `name` stands for the file in messages.
Tensor parseNpy(const std::string &bytes, const std::string &name);
std::string encodeNpy(const Tensor &tensor);

} // namespace quasar::models
