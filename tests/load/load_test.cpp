#include "load/load.hpp"

#include "../site_fixture.hpp"

#include <doctest/doctest.h>

using namespace gazette;

namespace {
std::string first_diagnostic(const Diagnostics& d) {
    return d.all().empty() ? std::string() : format_diagnostic(d.sorted().front());
}

std::string all_diagnostics(const Diagnostics& d) {
    std::string out;
    for (const auto& item : d.sorted()) out += format_diagnostic(item) + "\n";
    return out;
}

std::string csv_errors(std::string_view text) {
    Diagnostics d;
    parse_csv(text, "data/g.csv", d);
    return all_diagnostics(d);
}

std::string field(const CsvField& f) { return f.text + " @" + std::to_string(f.line) + ":" + std::to_string(f.column); }

// A site whose table keeps its rows in data/grants.csv.
constexpr const char* grants_site = R"(-- content/about.md --
---
title: About
---
-- data/grants.json --
{"kind": "table", "title": "T", "source": "S",
 "rows_csv": "grants.csv",
 "columns": [{"key": "p", "label": "P", "type": "text"}]}
)";
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

TEST_CASE("a byte-order mark before the front matter is ignored") {
    Diagnostics d;
    auto file = parse_content_file("\xEF\xBB\xBF---\ntitle: A\n---\nHello\n", "a.md", "content/a.md", d);
    CHECK(d.all().empty());
    CHECK(file.front_matter.value["title"] == "A");
    CHECK(file.body == "Hello\n");
}

TEST_CASE("a page without front matter, or an empty one, is an error at line 1") {
    Diagnostics d;
    auto file = parse_content_file("Hello\n", "a.md", "content/a.md", d);
    CHECK(first_diagnostic(d) ==
          "content/a.md:1:1: error: the page has no front matter\n"
          "  hint: start it with its front matter: a line `---`, then `title: The page's title`, then another line `---`");
    CHECK(file.body == "Hello\n");
    Diagnostics empty;
    parse_content_file("", "b.md", "content/b.md", empty);
    CHECK(first_diagnostic(empty).rfind("content/b.md:1:1: error: the file is empty\n", 0) == 0);
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
          "content/a.md:3:14: error: invalid YAML: mapping values are not allowed in this context\n"
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

TEST_CASE("CSV fields remember the line and character column where they start") {
    Diagnostics d;
    auto csv = parse_csv("name,note,amount\r\n"
                         "\"Analyst, team\",\"said \"\"yes\"\"\nthen left\",5\r\n"
                         "\r\n"
                         "café,,7\n"
                         "last, spaced ,",
                         "data/g.csv", d);
    CHECK(all_diagnostics(d) == "");
    REQUIRE(csv.header.size() == 3);
    CHECK(field(csv.header[2]) == "amount @1:11");
    REQUIRE(csv.rows.size() == 3);
    CHECK(field(csv.rows[0][0]) == "Analyst, team @2:1");
    CHECK(field(csv.rows[0][1]) == "said \"yes\"\nthen left @2:17");
    CHECK(field(csv.rows[0][2]) == "5 @3:12");  // after the line break inside the quoted field
    CHECK(field(csv.rows[1][0]) == "café @5:1");  // the blank line 4 is skipped
    CHECK(field(csv.rows[1][1]) == " @5:6");      // columns count characters, not the bytes of é
    CHECK(field(csv.rows[1][2]) == "7 @5:7");
    CHECK(field(csv.rows[2][1]) == " spaced  @6:6");  // RFC 4180: spaces belong to the field
    CHECK(field(csv.rows[2][2]) == " @6:15");         // an empty last field with no line end
}

TEST_CASE("a byte-order mark before a CSV header is not part of its first field") {
    Diagnostics d;
    auto csv = parse_csv("\xEF\xBB\xBFkey,label\nrobbery,Robbery\n", "data/c.csv", d);
    REQUIRE(csv.header.size() == 2);
    CHECK(field(csv.header[0]) == "key @1:1");
    CHECK(field(csv.rows.at(0)[1]) == "Robbery @2:9");
}

TEST_CASE("malformed CSV is an error at the line and column where it goes wrong") {
    CHECK(csv_errors("p,a\n\"Analyst team,20000\nStreet Pastors,7333\n") ==
          "data/g.csv:2:1: error: invalid CSV: this quoted field has no closing quote\n"
          "  hint: end the field with a quote; a quote inside it is written twice (\"\")\n");
    CHECK(csv_errors("p,a\nThe \"Hub\",20000\n") ==
          "data/g.csv:2:5: error: invalid CSV: a quote inside a field that does not start with one\n"
          "  hint: put the whole field in quotes and write each quote inside it twice: \"say \"\"no\"\"\"\n");
    CHECK(csv_errors("p,a\n\"The \"Hub\"\",20000\n") ==
          "data/g.csv:2:7: error: invalid CSV: a quoted field goes on after its closing quote\n"
          "  hint: write a quote inside a quoted field twice: \"say \"\"no\"\"\"\n");
}

TEST_CASE("a CSV row with too many or too few fields is an error at its line") {
    CHECK(csv_errors("p,a\nAnalyst team,20,000\nHub\n") ==
          "data/g.csv:2:17: error: this row has 3 fields but the header has 2\n"
          "  hint: remove the extra fields, or put a field that holds a comma in quotes\n"
          "data/g.csv:3:1: error: this row has 1 field but the header has 2\n"
          "  hint: give every column a field, leaving it empty where the source gives no value\n");
}

TEST_CASE("a dataset's CSV file is read with it; a CSV file no dataset names is a warning") {
    testing::SiteFixture site(std::string(grants_site) + R"(-- data/grants.csv --
p
Analyst team
-- data/old.csv --
p
-- data/notes.txt --
Notes.
)");
    Diagnostics d;
    auto sources = load_site(site.root(), d);
    CHECK(all_diagnostics(d) ==
          "data/notes.txt: warning: only JSON datasets are read; this file is ignored\n"
          "  hint: convert it to JSON, or move it out of data/\n"
          "data/old.csv: warning: no dataset names this CSV file\n"
          "  hint: name it in a dataset's \"rows_csv\" or \"series_csv\"\n");
    REQUIRE(sources.data.size() == 1);
    CHECK(sources.data[0].text == testing::slurp(site.root() / "data" / "grants.json"));
    REQUIRE(sources.data[0].csv.count("rows_csv") == 1);
    const CsvTable& csv = sources.data[0].csv.at("rows_csv");
    CHECK(csv.file == "data/grants.csv");
    REQUIRE(csv.rows.size() == 1);
    CHECK(field(csv.rows[0][0]) == "Analyst team @2:1");
}

TEST_CASE("a CSV file that is missing, or named with a folder, is an error at its name in the JSON") {
    testing::SiteFixture site(grants_site);
    Diagnostics d;
    load_site(site.root(), d);
    CHECK(all_diagnostics(d) ==
          "data/grants.json:2:14: error: there is no file data/grants.csv\n"
          "  hint: put the CSV file in data/ beside grants.json, or correct its name\n");

    site.write("data/grants.json", R"({"kind": "trends", "series_csv": "../crime.csv"})");
    Diagnostics folder;
    load_site(site.root(), folder);
    CHECK(all_diagnostics(folder) ==
          "data/grants.json:1:34: error: \"series_csv\" must name a .csv file in data/, got \"../crime.csv\"\n"
          "  hint: write the file name alone, for example \"series_csv\": \"grants.csv\"\n");
}

TEST_CASE("loading lets go of each page's Markdown, read again from where it starts; a page made from rows keeps it") {
    testing::SiteFixture site(R"(-- content/about.md --
---
title: About
---
The body, read again when the page is rendered.
-- content/areas/area.md --
---
title: "{{ row.area }}"
generate:
  dataset: areas
---
The template, filled in from each row as the site is put together.
)");
    Diagnostics d;
    auto sources = load_site(site.root(), d);
    REQUIRE(sources.content.size() == 2);
    const ContentFile& about = sources.content[0].relative == "about.md" ? sources.content[0] : sources.content[1];
    const ContentFile& area = &about == &sources.content[0] ? sources.content[1] : sources.content[0];
    CHECK_FALSE(about.body_read);
    CHECK(about.body.capacity() < 32);  // let go of, not only emptied
    CHECK_FALSE(about.from_cache);
    CHECK(read_body(site.root(), about.source, about.body_offset) == "The body, read again when the page is rendered.\n");
    CHECK(area.body_read);
    CHECK(area.body == "The template, filled in from each row as the site is put together.\n");
}
