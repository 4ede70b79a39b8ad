// nearestKey (diagnostics.h): the suggestion behind "did you mean ...?". A candidate is
// plausible when its edit distance is at most max(2, |word| / 3); distances below were counted
// by hand (insertions, deletions, substitutions; a transposition counts as two).
#include "quasar/config/diagnostics.h"

#include <catch2/catch.hpp>

using quasar::config::nearestKey;

TEST_CASE("nearest key: typical typos find their key", "[config][nearest]") {
  const std::vector<std::string> array = {"cols", "dataflow", "rows"};
  CHECK(nearestKey("colls", array) == "cols");    // one insertion
  CHECK(nearestKey("col", array) == "cols");      // one deletion
  CHECK(nearestKey("rwos", array) == "rows");     // a transposition: distance 2
  CHECK(nearestKey("Rows", array) == "rows");     // case counts as a substitution
  CHECK(nearestKey("dataflw", array) == "dataflow");
  CHECK(nearestKey("rows", array) == "rows");     // distance 0
}

TEST_CASE("nearest key: the closest candidate wins", "[config][nearest]") {
  // "a_bit" is 1 from a_bits and 2 from w_bits (substitute a->w, insert s).
  CHECK(nearestKey("a_bit", {"w_bits", "a_bits", "acc_bits"}) == "a_bits");
  CHECK(nearestKey("w_bit", {"a_bits", "acc_bits", "w_bits"}) == "w_bits");
  // "acc_bit" is 1 from acc_bits, 3 from a_bits (delete c, c; insert s).
  CHECK(nearestKey("acc_bit", {"a_bits", "acc_bits"}) == "acc_bits");
}

TEST_CASE("nearest key: nothing is suggested beyond max(2, |word|/3)", "[config][nearest]") {
  // Short words: at most 2 edits.
  CHECK(nearestKey("banana", {"cols", "dataflow", "rows"}).empty());
  CHECK(nearestKey("xyz", {"top"}).empty());  // 3 substitutions
  CHECK(nearestKey("xop", {"top"}) == "top"); // 1
  CHECK(nearestKey("xyp", {"top"}) == "top"); // 2
  // A 9-letter word allows 3 edits, not 4.
  CHECK(nearestKey("abcdefghi", {"abcdefXYZ"}) == "abcdefXYZ");
  CHECK(nearestKey("abcdefghi", {"abcdeWXYZ"}).empty());
  // A 12-letter word allows 4 edits.
  CHECK(nearestKey("abcdefghijkl", {"abcdefghWXYZ"}) == "abcdefghWXYZ");
  CHECK(nearestKey("abcdefghijkl", {"abcdefgVWXYZ"}).empty());
}

TEST_CASE("nearest key: no candidates, no suggestion", "[config][nearest]") {
  CHECK(nearestKey("rows", {}).empty());
  CHECK(nearestKey("", {"ab", "abc"}) == "ab");
  CHECK(nearestKey("", {"abc"}).empty());
}

TEST_CASE("nearest key: a tie returns one of the tied candidates", "[config][nearest]") {
  // "m_max" is one substitution from both k_max and n_max.
  const std::string s = nearestKey("m_max", {"k_max", "n_max"});
  CHECK((s == "k_max" || s == "n_max"));
}
