#include "quasar/config/sha256.h"

#include <catch2/catch.hpp>

// Expected digests are the FIPS 180-2 example vectors (cross-checked with coreutils sha256sum).
TEST_CASE("sha256: NIST example vectors", "[sha256]") {
  CHECK(quasar::config::sha256Hex("") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(quasar::config::sha256Hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(quasar::config::sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("sha256: one million 'a' (multi-block)", "[sha256]") {
  CHECK(quasar::config::sha256Hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
