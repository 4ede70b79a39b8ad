// quasar: the command-line front end. Placeholder until the subcommand table lands.
#include <cstdio>
int main() {
  std::puts("quasar " QUASAR_VERSION);
  return 0;
}
