#include "metadata.h"

namespace quasar::emit {

std::string emitFileList(const ir::Design &design) {
  std::string s;
  for (const ir::Module &m : design.modules) s += m.name + ".sv\n";
  return s;
}

} // namespace quasar::emit
