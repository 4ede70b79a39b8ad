// The per-format halves of `quasar quantize` (cmd_quantize_formats.cpp); cmd_quantize.cpp
// parses the command line, calls one of them and writes the files.
#pragma once

#include "args.h"
#include "cmd_golden_io.h"

#include "quasar/models/tensor.h"

#include <Eigen/Dense>
#include <string>
#include <utility>
#include <vector>

namespace quasar::cli {

struct QuantizeRequest {
  const Args &args;      // every option (already checked to belong to `format`)
  std::string format;    // int, ovp4, bitplane, bitmod, minifloat
  std::string axis;      // row, tensor, group (int also column)
  NamedTensor in;        // --in
  Eigen::MatrixXd x;     // the input as [rows x K], every element finite
};

struct QuantizeResult {
  models::Tensor codes;            // --codes, rank 2 (made rank 1 for a one-row input)
  models::Tensor scales;           // --scales-out, layout by format and axis
  std::vector<std::pair<std::string, models::Tensor>> extras; // option (no "--") -> tensor
  Eigen::MatrixXd dequant;         // [rows x K]
  std::vector<std::string> lines;  // report lines: chosen types, scales, outliers
};

QuantizeResult quantizeIntFormat(const QuantizeRequest &req);
QuantizeResult quantizeOvp4Format(const QuantizeRequest &req);
QuantizeResult quantizeBitplaneFormat(const QuantizeRequest &req);
QuantizeResult quantizeBitmodFormat(const QuantizeRequest &req);
QuantizeResult quantizeMinifloatFormat(const QuantizeRequest &req);

} // namespace quasar::cli
