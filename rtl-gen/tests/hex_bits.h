// Little-endian bit vectors printed as hex words for $readmemh / $fscanf: how the unit
// co-simulation tools (dyadic_vectors.cpp, rowunit_vectors.cpp) hand lanes-wide words to their
// SystemVerilog testbenches.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace quasar::tb {

class HexBits {
public:
  // Appends the low `width` bits of value (sign bits beyond 64).
  void push(int64_t value, int width) {
    for (int i = 0; i < width; ++i) m_bits.push_back(i < 64 ? ((value >> i) & 1) != 0 : value < 0);
  }
  std::string hex() const {
    std::string s;
    for (size_t i = 0; i < m_bits.size(); i += 4) {
      int d = 0;
      for (size_t j = 0; j < 4 && i + j < m_bits.size(); ++j) d |= m_bits[i + j] << j;
      s.insert(s.begin(), "0123456789abcdef"[d]);
    }
    return s.empty() ? "0" : s;
  }
  size_t size() const { return m_bits.size(); }

private:
  std::vector<bool> m_bits;
};

} // namespace quasar::tb
