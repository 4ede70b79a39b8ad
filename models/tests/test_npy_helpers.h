// Helpers shared by the tensor-file tests: a private temporary directory per test, little
// endian byte assembly for hand-made files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace tensor_io_test {

// A fresh directory under the system temp dir, removed with everything in it at scope exit.
class TempDir {
public:
  TempDir() {
    static int counter = 0;
    m_path = std::filesystem::temp_directory_path() /
             ("quasar_tensor_io_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(m_path);
    std::filesystem::create_directories(m_path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;

  std::string file(const std::string &name) const { return (m_path / name).string(); }

  // Writes the bytes to <dir>/<name> and returns the path.
  std::string write(const std::string &name, const std::string &bytes) const {
    const std::string path = file(name);
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    return path;
  }

private:
  std::filesystem::path m_path; // the directory
};

// The low `size` bytes of v, least significant first.
inline std::string le(uint64_t v, int size) {
  std::string s;
  for (int i = 0; i < size; ++i) s.push_back(char((v >> (8 * i)) & 0xFF));
  return s;
}

} // namespace tensor_io_test
