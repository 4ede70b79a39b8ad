// The normalized YAML form of an accelerator config and its stable hash.
//
// Fixed key order, every key present, one spelling per value: two files that mean the same
// configuration print the same text and so get the same hash.
#include "quasar/config/load.h"
#include "quasar/config/sha256.h"

#include <cctype>
#include <sstream>

namespace quasar::config {
namespace {

// Writes "key: value" lines at a nesting depth.
class YamlWriter {
public:
  void section(int depth, const std::string &key) { indent(depth) << key << ":\n"; }
  template <class T> void field(int depth, const std::string &key, const T &value) {
    indent(depth) << key << ": " << value << "\n";
  }
  void flag(int depth, const std::string &key, bool value) {
    field(depth, key, value ? "true" : "false");
  }
  template <class E> void enumField(int depth, const std::string &key, E value) {
    field(depth, key, toString(value));
  }
  void comment(const std::string &text) { m_out << "# " << text << "\n"; }
  std::string str() const { return m_out.str(); }

private:
  std::ostream &indent(int depth) { return m_out << std::string(2 * depth, ' '); }
  std::ostringstream m_out;
};

// A string as a YAML scalar: plain when it is a simple word, double-quoted otherwise.
std::string yamlString(const std::string &text) {
  bool plain = !text.empty();
  for (char c : text)
    plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.');
  // Words YAML would read as another type (booleans, null, numbers) are quoted too.
  static const char *const kReserved[] = {"true", "false", "null", "yes", "no", "on", "off"};
  std::string lower;
  for (char c : text) lower += char(std::tolower(static_cast<unsigned char>(c)));
  for (const char *word : kReserved) plain = plain && lower != word;
  plain = plain && !std::isdigit(static_cast<unsigned char>(text[0])) && text[0] != '-' &&
          text[0] != '.';
  if (plain) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

std::string number(double value) {
  std::ostringstream s;
  s.precision(15);
  s << value;
  return s.str();
}

} // namespace

std::string toYaml(const AccelConfig &c) {
  YamlWriter w;
  w.field(0, "name", yamlString(c.name));
  w.enumField(0, "top", c.top);
  if (c.top == TopKind::Accelerator) {
    w.section(0, "array");
    w.field(1, "rows", c.array.rows);
    w.field(1, "cols", c.array.cols);
    w.enumField(1, "dataflow", c.array.dataflow);
  }
  w.section(0, "pe");
  w.enumField(1, "type", c.pe.type);
  if (c.pe.type != PeType::Ovp) {
    w.field(1, "a_bits", c.pe.a_bits);
    w.flag(1, "a_signed", c.pe.a_signed);
  }
  if (c.pe.type == PeType::Int) {
    w.field(1, "w_bits", c.pe.w_bits);
    w.flag(1, "w_signed", c.pe.w_signed);
  }
  w.field(1, "acc_bits", c.pe.acc_bits);
  if (c.pe.type == PeType::Ovp) {
    w.section(1, "ovp");
    w.enumField(2, "mode", c.pe.ovp.mode);
    w.enumField(2, "normal", c.pe.ovp.normal);
    w.enumField(2, "pair_policy", c.pe.ovp.pair_policy);
  }
  if (c.pe.type == PeType::Bitserial) {
    const BitserialConfig &b = c.pe.bitserial;
    w.section(1, "bitserial");
    w.enumField(2, "encoding", b.encoding);
    if (b.encoding == BitEncoding::Bitplane) {
      w.field(2, "w_bits_max", b.w_bits_max);
      w.enumField(2, "binary", b.binary);
    } else {
      std::string modes = "[";
      for (size_t i = 0; i < b.modes.size(); ++i) modes += (i ? ", " : "") + toString(b.modes[i]);
      w.field(2, "modes", modes + "]");
      w.field(2, "group", b.group);
    }
  }
  w.section(0, "limits");
  w.field(1, "k_max", c.limits.k_max);
  w.field(1, "m_max", c.limits.m_max);
  w.field(1, "n_max", c.limits.n_max);
  if (c.top == TopKind::Accelerator) {
    w.section(0, "buffers");
    w.field(1, "weight_depth", c.buffers.weight_depth);
    w.field(1, "act_depth", c.buffers.act_depth);
    w.field(1, "acc_depth", c.buffers.acc_depth);
    w.flag(1, "double_buffered", c.buffers.double_buffered);
  }
  w.section(0, "post");
  w.flag(1, "bias", c.post.bias);
  w.section(1, "requant");
  w.flag(2, "enabled", c.post.requant.enabled);
  w.field(2, "mult_bits", c.post.requant.mult_bits);
  w.enumField(2, "granularity", c.post.requant.granularity);
  w.enumField(2, "rounding", c.post.requant.rounding);
  w.field(2, "out_bits", c.post.requant.out_bits);
  w.flag(2, "out_signed", c.post.requant.out_signed);
  w.enumField(1, "activation", c.post.activation);
  w.flag(1, "residual", c.post.residual);
  w.enumField(1, "nonlinear", c.post.nonlinear);
  w.field(1, "row_max", c.post.row_max);
  w.field(1, "lanes", c.post.lanes);
  w.section(0, "interfaces");
  w.field(1, "axis_in_bits", c.interfaces.axis_in_bits);
  w.field(1, "axis_out_bits", c.interfaces.axis_out_bits);
  w.field(1, "axil_addr_bits", c.interfaces.axil_addr_bits);
  w.field(1, "axil_data_bits", c.interfaces.axil_data_bits);
  w.section(0, "fpga");
  w.enumField(1, "target", c.fpga.target);
  w.field(1, "part", yamlString(c.fpga.part));
  w.field(1, "clock_mhz", number(c.fpga.clock_mhz));
  w.section(0, "rtl");
  w.enumField(1, "reset", c.rtl.reset);
  w.comment("derived: operand widths a_bits=" + std::to_string(c.pe.a_bits) +
            " w_bits=" + std::to_string(c.pe.w_bits) + ", largest |a*w| = " +
            std::to_string(c.max_product) + ", acc_bits needed for k_max = " +
            std::to_string(c.acc_bits_needed));
  return w.str();
}

std::string configHash(const AccelConfig &config) { return sha256Hex(toYaml(config)); }

std::string shortHash(const AccelConfig &config) { return configHash(config).substr(0, 12); }

} // namespace quasar::config
