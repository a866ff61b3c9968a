// Bad input, as a site's many editors may write it: each case is a clear
// diagnostic at its file, line and column, a failed build, and the site-output
// of the last good build left byte for byte as it was.
#include "../site_fixture.hpp"
#include "load/load.hpp"
#include "render/render.hpp"
#include "text/hash.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <map>

using namespace gazette;
using testing::SiteFixture;
using testing::diagnostics_text;
namespace fs = std::filesystem;

namespace {

// A small site whose report shows a dataset (synthetic figures).
constexpr const char* good_site = R"site(
-- site.json --
{"title": "Bad input (synthetic test site)",
 "footer": {"links": [{"title": "Reports", "url": "/reports/"}]}}
-- content/_index.md --
---
title: Home
---
A synthetic site for tests.
-- content/reports/annual.md --
---
title: Annual report
date: 2024-05-01
---
## Figures

We reached {{ measures.people-reached.count }} people.

```table
dataset: measures
caption: Measures (synthetic)
```
-- data/measures.json --
{"kind": "table", "title": "Measures", "source": "Synthetic test data",
 "columns": [{"key": "measure", "label": "Measure", "type": "text"},
             {"key": "count", "label": "Count", "type": "integer"}],
 "rows": [{"measure": "People reached", "count": 120},
          {"measure": "Sessions held", "count": 14}]}
)site";

constexpr const char* csv_dataset = R"({"kind": "table", "title": "Measures", "source": "Synthetic test data",
 "columns": [{"key": "measure", "label": "Measure", "type": "text"},
             {"key": "count", "label": "Count", "type": "integer"}],
 "rows_csv": "measures.csv"})";

const std::string report_head = "---\ntitle: Annual report\ndate: 2024-05-01\n---\n";

bool contains(const std::string& haystack, std::string_view needle) { return haystack.find(needle) != std::string::npos; }

// Every file of a built site with a hash of its bytes, by path.
std::map<std::string, std::uint64_t> tree(const fs::path& dir) {
    std::map<std::string, std::uint64_t> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.is_regular_file()) files[entry.path().lexically_relative(dir).generic_string()] = hash_bytes(testing::slurp(entry.path()));
    return files;
}

// The site built once as it should be, to be broken by each case.
struct BuiltSite : SiteFixture {
    BuiltSite() : SiteFixture(good_site) {
        auto result = build();
        INFO(diagnostics_text(result));
        REQUIRE(result.ok());
        before = tree(output_dir());
    }

    // Builds the broken site: it must fail with each of `expected` among its
    // diagnostics (whole lines), and leave the last good output as it was.
    void refused(const std::vector<std::string>& expected) const {
        auto result = build();
        const std::string text = diagnostics_text(result);
        INFO(text);
        CHECK_FALSE(result.ok());
        CHECK(result.failure.empty());  // a diagnostic, not a stage that broke down
        for (const auto& line : expected) {
            CAPTURE(line);
            CHECK(contains("\n" + text, "\n" + line + "\n"));
        }
        CHECK(tree(output_dir()) == before);
    }

    std::map<std::string, std::uint64_t> before;
};

}  // namespace

TEST_CASE("invalid JSON is an error at its line and column") {
    BuiltSite site;
    site.write("data/measures.json", "{\"kind\": \"table\",\n \"title\": \"Measures\" \"source\": \"x\"}");
    site.refused({"data/measures.json:2:22: error: invalid JSON: syntax error while parsing object - unexpected string "
                  "literal; expected '}'"});
    site.write("data/measures.json", "{}");
    site.write("site.json", "{\"title\": \"Test\",,}");
    site.refused({"site.json:1:18: error: invalid JSON: syntax error while parsing object key - unexpected ','; "
                  "expected string literal"});
}

TEST_CASE("a value of the wrong type is an error at the value") {
    BuiltSite site;
    std::string text = testing::slurp(site.root() / "data/measures.json");
    text.replace(text.find("120"), 3, "\"120\"");
    site.write("data/measures.json", text);
    site.refused({"data/measures.json:4:50: error: \"count\" must be a whole number, got \"120\""});
    site.write("data/measures.json", testing::slurp(site.root() / "data/measures.json").replace(text.find("\"120\""), 5, "120"));
    site.write("content/reports/annual.md", "---\ntitle: [Annual, report]\n---\nText.\n");
    site.refused({"content/reports/annual.md:2:8: error: \"title\" must be text, got [\"Annual\",\"report\"]"});
}

TEST_CASE("a duplicate key is an error in JSON, front matter and a CSV header, not the last one winning") {
    BuiltSite site;
    site.write("data/measures.json", std::string(csv_dataset).replace(1, 0, "\"title\": \"Again\", "));
    site.write("data/measures.csv", "measure,count,count\nPeople reached,120,121\nSessions held,14,15\n");
    site.write("content/reports/annual.md", "---\ntitle: Annual report\ndate: 2024-05-01\ntitle: Again\n---\nText.\n");
    site.refused({"data/measures.json:1:37: error: duplicate key \"title\"",
                  "content/reports/annual.md:4:1: error: duplicate key \"title\""});
    site.write("data/measures.json", csv_dataset);  // the CSV file is read once the JSON is right
    site.write("content/reports/annual.md", report_head + "Text.\n");
    site.refused({"data/measures.csv:1:15: error: \"count\" is in the header twice"});
}

TEST_CASE("NaN and Infinity are not numbers a dataset may hold") {
    const std::map<std::string, std::string> problems = {
        {"NaN", "invalid literal; last read: '\"count\": N'"},
        {"Infinity", "invalid literal; last read: '\"count\": I'"},
        {"-Infinity", "invalid number; expected digit after '-'; last read: '-I'"}};
    for (const auto& [value, problem] : problems) {
        CAPTURE(value);
        BuiltSite site;
        std::string text = testing::slurp(site.root() / "data/measures.json");
        site.write("data/measures.json", text.replace(text.find("120"), 3, value));
        site.refused({"data/measures.json:4:50: error: invalid JSON: syntax error while parsing value - " + problem});
    }
    BuiltSite site;
    site.write("data/measures.json", csv_dataset);
    site.write("data/measures.csv", "measure,count\nPeople reached,NaN\nSessions held,.inf\n");
    site.refused({"data/measures.csv:2:16: error: \"count\" must be a whole number, got \"NaN\""});
}

TEST_CASE("numbers past what a double holds exactly are errors in JSON, YAML and CSV") {
    BuiltSite site;
    std::string json = testing::slurp(site.root() / "data/measures.json");
    json.replace(json.find("120"), 3, "1e400").replace(json.find("14}"), 2, "9007199254740993");
    site.write("data/measures.json", json);
    site.write("content/about.md", "---\ntitle: About\nweight: 99999999999999999999999\n---\nText.\n");
    const std::string limit = " is too large: Gazette keeps numbers exactly only up to 9,007,199,254,740,991";
    site.refused({"data/measures.json:4:50: error: the number 1e400" + limit,
                  "data/measures.json:5:49: error: the number 9007199254740993" + limit,
                  "content/about.md:3:9: error: the number 99999999999999999999999" + limit});

    fs::remove(site.root() / "content/about.md");
    site.write("data/measures.json", csv_dataset);
    site.write("data/measures.csv", "measure,count\nPeople reached,1e400\nSessions held,-9007199254740992\n");
    site.refused({"data/measures.csv:2:16: error: the number 1e400" + limit,
                  "data/measures.csv:3:15: error: the number -9007199254740992" + limit});

    // The largest exact whole number is shown exactly.
    site.write("data/measures.csv", "measure,count\nPeople reached,9007199254740991\nSessions held,14\n");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    CHECK(contains(site.output("reports/annual/index.html"), "9,007,199,254,740,991"));
}

TEST_CASE("nesting deeper than the limit is an error naming it, never a stack overflow") {
    BuiltSite site;
    site.write("data/measures.json", std::string(100000, '[') + std::string(100000, ']'));
    site.refused({"data/measures.json:1:258: error: values are nested more than 256 levels deep"});

    fs::remove(site.root() / "data/measures.json");
    site.write("content/reports/annual.md", "---\ntitle: Deep\nparams: " + std::string(100000, '[') + std::string(100000, ']') +
                                                "\n---\nText.\n");
    site.refused({"content/reports/annual.md:3:265: error: values are nested more than 256 levels deep"});

    std::string block;
    for (int i = 0; i < 300; ++i) block += std::string(2 * static_cast<std::size_t>(i), ' ') + "a" + std::to_string(i) + ":\n";
    site.write("content/reports/annual.md", "---\ntitle: Deep\nparams:\n" + block + "---\nText.\n");
    site.refused({"content/reports/annual.md:261:515: error: values are nested more than 256 levels deep"});

    const std::string markdown_limit = "error: the Markdown is nested more than " + std::to_string(max_markdown_nesting) +
                                       " levels deep (quotations, lists, emphasis or links inside each other)";
    std::string quotes;
    for (int i = 0; i < 100000; ++i) quotes += "> ";
    site.write("content/reports/annual.md", report_head + quotes + "x\n");
    site.refused({"content/reports/annual.md:5:201: " + markdown_limit});
    std::string images;
    for (int i = 0; i < 100000; ++i) images += "![";
    images += "x";
    for (int i = 0; i < 100000; ++i) images += "](y.png)";
    site.write("content/reports/annual.md", report_head + "## " + images + "\n");
    site.refused({"content/reports/annual.md:5:202: " + markdown_limit});
}

TEST_CASE("YAML aliases that multiply (a billion laughs) are refused, not expanded") {
    BuiltSite site;
    std::string yaml = "---\ntitle: Laughs\nparams:\n  a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n";
    for (char name = 'b'; name <= 'i'; ++name) {
        const std::string alias = std::string("*") + static_cast<char>(name - 1);
        yaml += std::string("  ") + name + ": &" + name + " [" + alias;
        for (int i = 1; i < 9; ++i) yaml += ", " + alias;
        yaml += "]\n";
    }
    site.write("content/reports/annual.md", yaml + "---\nText.\n");
    site.refused({"content/reports/annual.md:5:6: error: the YAML holds more than 100000 values, counting each use of an "
                  "alias (*name) as the values it names"});
}

TEST_CASE("invalid UTF-8 is an error at the byte, in Markdown, front matter, JSON and CSV") {
    const std::string message = "error: the file is not UTF-8: the byte ";
    BuiltSite site;
    site.write("content/reports/annual.md", report_head + "Caf\xE9 culture.\n");  // Latin-1, as old editors save it
    site.write("content/about.md", "---\ntitle: \xC3 bout\n---\nText.\n");
    site.write("data/measures.json", std::string(csv_dataset).replace(std::string(csv_dataset).find("Measures"), 0, "\xED\xA0\x80"));
    site.write("data/measures.csv", "measure,count\nPeople\xFF reached,120\n");
    site.refused({"content/reports/annual.md:5:4: " + message + "0xE9 here is not part of a character",
                  "content/about.md:2:8: " + message + "0xC3 here is not part of a character",
                  "data/measures.json:1:29: " + message + "0xED here is not part of a character"});
    site.write("data/measures.json", csv_dataset);
    site.write("content/reports/annual.md", report_head + "Text.\n");
    fs::remove(site.root() / "content/about.md");
    site.refused({"data/measures.csv:2:7: " + message + "0xFF here is not part of a character"});
}

TEST_CASE("a UTF-8 byte-order mark at the start of a file is ignored and never published") {
    BuiltSite site;
    const std::string bom = "\xEF\xBB\xBF";
    for (const char* file : {"site.json", "content/reports/annual.md", "data/measures.json"})
        site.write(file, bom + testing::slurp(site.root() / file));
    site.write("data/measures.json", bom + csv_dataset);
    site.write("data/measures.csv", bom + "measure,count\nPeople reached,120\nSessions held,14\n");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    CHECK(contains(site.output("reports/annual/index.html"), "<h1"));  // the front matter was found
    for (const auto& [path, hash] : tree(site.output_dir())) {
        CAPTURE(path);
        CHECK_FALSE(contains(testing::slurp(site.output_dir() / path), bom));
    }
}

TEST_CASE("empty files are errors") {
    BuiltSite site;
    site.write("content/reports/annual.md", "");
    site.write("data/measures.json", "");
    site.refused({"content/reports/annual.md:1:1: error: the file is empty",
                  "data/measures.json:1:1: error: invalid JSON: syntax error while parsing value - unexpected end of input; "
                  "expected '[', '{', or a literal"});
    site.write("content/reports/annual.md", report_head + "Text.\n");
    site.write("data/measures.json", csv_dataset);
    site.write("data/measures.csv", "");
    site.refused({"data/measures.csv: error: the CSV file is empty"});
    site.write("data/measures.csv", "measure,count\nPeople reached,120\n");
    site.write("site.json", "");
    site.refused({"site.json:1:1: error: invalid JSON: syntax error while parsing value - unexpected end of input; "
                  "expected '[', '{', or a literal"});
}

TEST_CASE("a page without front matter, or whose front matter is not closed, is an error at line 1") {
    BuiltSite site;
    site.write("content/reports/annual.md", "# Annual report\n\nText.\n");
    site.write("content/about.md", "---\ntitle: About\n\nText.\n");
    site.refused({"content/reports/annual.md:1:1: error: the page has no front matter",
                  "content/about.md:1:1: error: front matter is not closed"});
}

TEST_CASE("an unknown component and a missing dataset are errors where they are named") {
    BuiltSite site;
    site.write("content/reports/annual.md", report_head + "Text.\n\n```kpis\ntiles:\n  - figure: measures.people-reached.count\n```\n\n"
                                                          "```ini\nname: shown as code\n```\n");
    site.refused({"content/reports/annual.md:7:1: error: unknown component \"kpis\""});
    site.write("content/reports/annual.md", report_head + "We reached {{ measure.people-reached.count }}.\n\n"
                                                          "```chart\ndataset: no-such-data\n```\n");
    site.refused({"content/reports/annual.md:5:1: error: there is no dataset \"measure\"",
                  "content/reports/annual.md:8:10: error: there is no dataset \"no-such-data\""});
}

TEST_CASE("a Markdown file past the size limit is refused before it is read") {
    BuiltSite site;
    const std::size_t size = 100 * 1024 * 1024;
    {
        std::ofstream out(site.root() / "content/big.md", std::ios::binary);
        out << "---\ntitle: Big\n---\n";
        const std::string paragraph = std::string(1023, 'x') + "\n";
        for (std::size_t written = 0; written < size; written += paragraph.size()) out << paragraph;
    }
    const auto start = std::chrono::steady_clock::now();
    site.refused({"content/big.md: error: the file is 100.0 MB; Gazette reads Markdown, JSON and CSV files of at most 10.0 MB"});
    MESSAGE("a 100 MB Markdown file refused in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s");
    CHECK(max_source_file_bytes == 10 * 1024 * 1024);
}

TEST_CASE("a Markdown table of 10,000 columns is refused; a dataset of 10,000 columns builds") {
    BuiltSite site;
    std::string header = "|";
    std::string delimiter = "|";
    for (int i = 0; i < 10000; ++i) header += " c" + std::to_string(i) + " |", delimiter += " - |";
    site.write("content/reports/annual.md", report_head + "Table: Wide\n\n" + header + "\n" + delimiter + "\n");
    site.refused({"content/reports/annual.md:7:1: error: this table row has more than 100 cells; a table in Markdown may have at most 100"});

    std::string columns = R"([{"key": "measure", "label": "Measure", "type": "text"})";
    std::string csv = "measure";
    // (Appended piece by piece: GCC 12 warns falsely, -Wrestrict, on "," + std::to_string().)
    for (int i = 0; i < 10000; ++i) {
        const std::string key = std::to_string(i);
        columns.append(", {\"key\": \"c").append(key).append("\", \"label\": \"C").append(key).append("\", \"type\": \"integer\"}");
        csv.append(",c").append(key);
    }
    for (int row = 0; row < 3; ++row) {
        csv.append("\nrow ").append(std::to_string(row));
        for (int i = 0; i < 10000; ++i) csv.append(",").append(std::to_string(row * i));
    }
    site.write("data/measures.json", R"({"kind": "table", "title": "Wide", "source": "Synthetic test data", "rows_csv": "measures.csv", "columns": )" +
                                         columns + "]}");
    site.write("data/measures.csv", csv + "\n");
    site.write("content/reports/annual.md", report_head + "```table\ndataset: measures\ncaption: Wide (synthetic)\n```\n");
    const auto start = std::chrono::steady_clock::now();
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    MESSAGE("a table dataset of 10,000 columns and 3 rows built in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s");
    CHECK(contains(site.output("reports/annual/index.html"), ">19,998</td>"));
}

TEST_CASE("a dataset file of more than 100,000 values is refused at the first value past the limit") {
    BuiltSite site;
    std::string csv = "measure,count\n";
    for (int row = 0; row < 60000; ++row) csv.append("r").append(std::to_string(row)).append(",1\n");
    site.write("data/measures.json", csv_dataset);
    site.write("data/measures.csv", csv);
    const std::string limit = "error: the file holds more than 100000 values; a dataset may hold at most 100000";
    // 2 fields a line: the 100,001st is the first of line 50,001.
    site.refused({"data/measures.csv:50001:1: " + limit});

    std::string values = "[";
    for (int i = 0; i < 100001; ++i) values.append("1,");
    site.write("data/measures.json", values + "1]");
    fs::remove(site.root() / "data/measures.csv");
    // The array is the first value, so its 100,000th item (at column 200,000) is one too many.
    site.refused({"data/measures.json:1:200000: " + limit});
    CHECK(max_dataset_values == 100000);
}

TEST_CASE("addresses and paths that would lead out of the site are refused") {
    BuiltSite site;
    const std::vector<std::pair<std::string, std::string>> slugs = {
        {"../../x", "slug: ../../x"}, {"%2e%2e%2fx", "slug: \"%2e%2e%2fx\""}, {"..\\x", "slug: \"..\\\\x\""},
        {"/etc/x", "slug: /etc/x"},   {std::string("a\0b", 3), "slug: \"a\\0b\""}};
    for (const auto& [shown, yaml] : slugs) {
        CAPTURE(yaml);
        site.write("content/reports/annual.md", "---\ntitle: Annual report\n" + yaml + "\n---\nText.\n");
        site.refused({"content/reports/annual.md:3:7: error: \"slug\" must be lower-case letters, digits and hyphens, got \"" +
                      shown + "\""});
    }
    site.write("content/reports/annual.md", "---\ntitle: Annual report\nurl: ../../x\n---\nText.\n");
    site.refused({"content/reports/annual.md:3:1: error: unknown key \"url\" in front matter"});

    const std::string image = "error: \"src\" must be the path of a file the site publishes, such as images/cover.png, got ";
    for (const std::string src : {"../../etc/passwd", "images/%2e%2e/x.png", "..\\\\x.png", "//evil.example/x.png"}) {
        CAPTURE(src);
        site.write("content/reports/annual.md", "---\ntitle: Annual report\nimage: {src: \"" + src + "\", alt: A picture}\n---\nText.\n");
        site.refused({"content/reports/annual.md:3:14: " + image + "\"" + src + "\""});
    }
    site.write("content/reports/annual.md", report_head + "Text.\n");
    for (const std::string url : {"javascript:alert(1)", "JAVASCRIPT://%0aalert(1)", "data:text/html,x", "/../../x", "reports/"}) {
        CAPTURE(url);
        site.write("site.json", R"({"title": "T", "footer": {"links": [{"title": "X", "url": ")" + url + "\"}]}}");
        site.refused({"site.json:1:59: error: a footer link's \"url\" must be a page of the site such as \"/reports/\", or start "
                      "with https://, http:// or mailto:, got \"" + url + "\""});
    }
}

TEST_CASE("symbolic links that lead out of the site are refused; links inside it are followed") {
    const fs::path outside = testing::make_temp_dir("outside");
    {
        std::ofstream(outside / "secret.txt") << "not for publishing\n";
        std::ofstream(outside / "site.json") << "{\"title\": \"Elsewhere\"}";
    }
    BuiltSite site;
    fs::create_symlink(outside / "secret.txt", site.root() / "content/secret.txt");
    fs::create_directories(site.root() / "static");
    fs::create_directory_symlink(outside, site.root() / "static/elsewhere");
    fs::create_symlink(outside / "secret.txt", site.root() / "data/extra.json");
    fs::create_directories(site.root() / "themes/partials");
    fs::create_symlink(outside / "secret.txt", site.root() / "themes/partials/site-footer.mustache");
    fs::create_symlink("../nowhere.png", site.root() / "content/broken.png");
    fs::create_directory_symlink("..", site.root() / "content/up");
    const std::string out = ", outside the site folder";
    site.refused({"content/secret.txt: error: is a symbolic link to " + (outside / "secret.txt").generic_string() + out,
                  "static/elsewhere: error: is a symbolic link to " + outside.generic_string() + out,
                  "data/extra.json: error: is a symbolic link to " + (outside / "secret.txt").generic_string() + out,
                  "themes/partials/site-footer.mustache: error: is a symbolic link to " + (outside / "secret.txt").generic_string() + out,
                  "content/broken.png: error: is a symbolic link to ../nowhere.png, which does not exist",
                  "content/up: error: is a symbolic link to a folder that holds it"});

    for (const char* link : {"content/secret.txt", "static/elsewhere", "data/extra.json", "themes/partials/site-footer.mustache",
                             "content/broken.png", "content/up"})
        fs::remove(site.root() / link);
    fs::rename(site.root() / "site.json", site.root() / "real-site.json");
    fs::create_symlink(outside / "site.json", site.root() / "site.json");
    site.refused({"site.json: error: is a symbolic link to " + (outside / "site.json").generic_string() + out});

    // Inside the site, a link is read as the file or folder it leads to.
    fs::remove(site.root() / "site.json");
    fs::create_symlink("real-site.json", site.root() / "site.json");
    site.write("shared/map.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    fs::create_directory_symlink("../shared", site.root() / "static/maps");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    CHECK(site.has_output("maps/map.svg"));
    fs::remove_all(outside);
}

TEST_CASE("a symbolic link left in site-output never carries a write out of it") {
    const fs::path outside = testing::make_temp_dir("outside");
    BuiltSite site;
    fs::remove_all(site.output_dir() / "reports");
    fs::create_directory_symlink(outside, site.output_dir() / "reports");
    site.write("content/reports/annual.md", testing::slurp(site.root() / "content/reports/annual.md") + "\nMore text.\n");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    CHECK(fs::is_empty(outside));
    CHECK_FALSE(fs::is_symlink(site.output_dir() / "reports"));
    CHECK(contains(site.output("reports/annual/index.html"), "More text."));
    fs::remove_all(outside);
}
