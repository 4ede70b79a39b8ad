// The JSON writer's exact text, escapes, and reading it back through the JSON reader.
#include "quasar/config/error.h"
#include "quasar/fpga/json.h"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace quasar;
using namespace quasar::fpga;

TEST_CASE("json: nested document text", "[json]") {
  JsonWriter w;
  w.beginObject();
  w.key("a").value(int64_t(1));
  w.key("b").beginArray().value("x").value(true).null().endArray();
  w.key("c").beginObject().endObject();
  w.key("d").value(2.5);
  w.key("e").value(std::optional<int64_t>());
  w.endObject();
  CHECK(w.str() == "{\n"
                   "  \"a\": 1,\n"
                   "  \"b\": [\n"
                   "    \"x\",\n"
                   "    true,\n"
                   "    null\n"
                   "  ],\n"
                   "  \"c\": {},\n"
                   "  \"d\": 2.5,\n"
                   "  \"e\": null\n"
                   "}\n");
}

TEST_CASE("json: escapes and numbers", "[json]") {
  CHECK(jsonQuote("a\"b\\c\nd\te") == "\"a\\\"b\\\\c\\nd\\te\"");
  CHECK(jsonQuote(std::string("\x01", 1)) == "\"\\u0001\"");
  CHECK(jsonNumber(100.0) == "100");
  CHECK(jsonNumber(0.1) == "0.1");
  CHECK(jsonNumber(1.0 / 0.0) == "null");
  CHECK(jsonNumber(89.758552551269531) == "89.75855255");
}

TEST_CASE("json: what the writer writes, the reader reads", "[json]") {
  JsonWriter w;
  w.beginObject().key("name \"q\"").value("x\\y\n").key("n").value(int64_t(-7)).endObject();
  const YAML::Node n = parseJson(w.str(), "t.json");
  CHECK(n["name \"q\""].as<std::string>() == "x\\y\n");
  CHECK(n["n"].as<int64_t>() == -7);
  CHECK_THROWS_WITH(parseJson("{\"a\": [1,", "t.json"), Catch::Contains("t.json"));
}

TEST_CASE("json: atomic file writes leave no temporary file", "[json]") {
  const auto dir = std::filesystem::temp_directory_path() / "quasar_fpga_json_test";
  std::filesystem::remove_all(dir);
  const std::string path = (dir / "sub" / "f.json").string();
  writeFileAtomic(path, "one");
  writeFileAtomic(path, "two");
  CHECK(readTextFile(path) == "two");
  int files = 0;
  for (const auto &e : std::filesystem::directory_iterator(dir / "sub")) (void)e, ++files;
  CHECK(files == 1);
  CHECK_THROWS_AS(readTextFile((dir / "missing").string()), InputError);
  std::filesystem::remove_all(dir);
}
