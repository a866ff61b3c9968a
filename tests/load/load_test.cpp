#include "load/load.hpp"

#include <doctest/doctest.h>

using namespace gazette;

namespace {
std::string first_diagnostic(const Diagnostics& d) {
    return d.all().empty() ? std::string() : format_diagnostic(d.sorted().front());
}
}  // namespace

TEST_CASE("front matter is split from the body, and the body knows its first line") {
    Diagnostics d;
    auto file = parse_content_file("---\ntitle: A\nweight: 3\n---\n\n# Body\n", "a.md", "content/a.md", d);
    CHECK(d.all().empty());
    CHECK(file.front_matter.value["title"] == "A");
    CHECK(file.front_matter.value["weight"] == 3);
    CHECK(file.body == "\n# Body\n");
    CHECK(file.body_first_line == 5);
}

TEST_CASE("a file without front matter is all body; a byte-order mark is ignored") {
    Diagnostics d;
    auto file = parse_content_file("\xEF\xBB\xBFHello\n", "a.md", "content/a.md", d);
    CHECK(d.all().empty());
    CHECK(file.body == "Hello\n");
    CHECK(file.front_matter.value.empty());
}

TEST_CASE("unclosed front matter is an error at line 1") {
    Diagnostics d;
    parse_content_file("---\ntitle: A\n\nText\n", "a.md", "content/a.md", d);
    CHECK(first_diagnostic(d) ==
          "content/a.md:1:1: error: front matter is not closed\n  hint: add a line with only `---` after the last front matter line");
}

TEST_CASE("YAML errors point at the line in the Markdown file") {
    Diagnostics d;
    parse_content_file("---\ntitle: A\nsummary: Note: this\n---\nText\n", "a.md", "content/a.md", d);
    CHECK(first_diagnostic(d) ==
          "content/a.md:3:14: error: invalid YAML: illegal map value\n"
          "  hint: values containing `: ` or starting with a quote need to be in quotes");
}

TEST_CASE("YAML keeps quoted values as text and types plain ones") {
    Diagnostics d;
    auto doc = parse_yaml("a: \"7\"\nb: 7\nc: true\nd: 2020-10-22\ne: 1.5\nf: ~\n", "x.md", 2, d);
    CHECK(doc.value["a"] == "7");
    CHECK(doc.value["b"] == 7);
    CHECK(doc.value["c"] == true);
    CHECK(doc.value["d"] == "2020-10-22");
    CHECK(doc.value["e"] == 1.5);
    CHECK(doc.value["f"].is_null());
    CHECK(doc.at("/b").line == 3);
    CHECK(doc.key_at("/c").line == 4);
}

TEST_CASE("duplicate YAML keys are errors, not last-one-wins") {
    Diagnostics d;
    parse_yaml("title: A\ntitle: B\n", "x.md", 2, d);
    CHECK(first_diagnostic(d) ==
          "x.md:3:1: error: duplicate key \"title\"\n  hint: each key may appear once; remove or rename one of them");
}

TEST_CASE("JSON values and keys remember their line and column") {
    Diagnostics d;
    auto doc = parse_json("{\n  \"title\": \"Site\",\n  \"contact\": {\n    \"email\": 42\n  },\n  \"list\": [1, \"two\"]\n}", "site.json", d);
    CHECK(d.all().empty());
    CHECK(doc.at("/title").line == 2);
    CHECK(doc.at("/title").column == 12);
    CHECK(doc.key_at("/contact/email").line == 4);
    CHECK(doc.key_at("/contact/email").column == 5);
    CHECK(doc.at("/contact/email").column == 14);
    CHECK(doc.at("/list/1").column == 15);
    CHECK(doc.at("/missing/deeper").line == 1);  // falls back to the enclosing value
}

TEST_CASE("JSON syntax errors give line and column") {
    Diagnostics d;
    parse_json("{\n  \"a\": 1,\n  \"b\" 2\n}", "data/x.json", d);
    REQUIRE(d.error_count() == 1);
    const auto& e = d.all()[0];
    CHECK(e.where.file == "data/x.json");
    CHECK(e.where.line == 3);
    CHECK(e.where.column == 7);
    CHECK(e.message.rfind("invalid JSON: ", 0) == 0);
}

TEST_CASE("duplicate JSON keys are errors at the second key") {
    Diagnostics d;
    parse_json("{\"a\": 1,\n \"a\": 2}", "data/x.json", d);
    CHECK(first_diagnostic(d) ==
          "data/x.json:2:2: error: duplicate key \"a\"\n  hint: each key may appear once in an object; remove or rename one of them");
}

TEST_CASE("deeply nested JSON is a clean error, not a crash") {
    Diagnostics d;
    std::string deep(100000, '[');
    parse_json(deep, "data/deep.json", d);
    REQUIRE(d.has_errors());
    CHECK(d.all()[0].message.find("nested more than") != std::string::npos);
}
