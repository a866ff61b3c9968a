// Incremental builds: what changed is rendered and written again, nothing else.
#include "../site_fixture.hpp"

#include "build/record.hpp"
#include "render/render.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

using namespace gazette;
using testing::SiteFixture;
using testing::diagnostics_text;
namespace fs = std::filesystem;

namespace doctest {
template <>
struct StringMaker<std::set<std::string>> {
    static String convert(const std::set<std::string>& set) {
        std::string text = "{";
        for (const auto& item : set) text += " " + item;
        return (text + " }").c_str();
    }
};
}  // namespace doctest

namespace {

// Every file of the output with its inode and modification time: a file
// written again gets a new inode (or at least a new time).
std::map<std::string, std::pair<ino_t, long long>> snapshot(const fs::path& dir) {
    std::map<std::string, std::pair<ino_t, long long>> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        struct stat info {};
        REQUIRE(::stat(entry.path().c_str(), &info) == 0);
        files[entry.path().lexically_relative(dir).generic_string()] = {
            info.st_ino, info.st_mtim.tv_sec * 1'000'000'000LL + info.st_mtim.tv_nsec};
    }
    return files;
}

// A file of the search index by its place, "search-index/0000" or
// "search-index/words" (the bucket of words a small site has), as its name
// also carries a hash of its bytes: a file written again is one change.
std::string chunk_or_path(const std::string& path) {
    return path.rfind("search-index/", 0) == 0 ? path.substr(0, path.find('-', 13)) : path;
}

// The files whose inode or time differ between two snapshots, or that only one has.
std::set<std::string> changed(const std::map<std::string, std::pair<ino_t, long long>>& before,
                              const std::map<std::string, std::pair<ino_t, long long>>& after) {
    std::set<std::string> out;
    for (const auto& [path, stamp] : after) {
        auto it = before.find(path);
        if (it == before.end() || it->second != stamp) out.insert(chunk_or_path(path));
    }
    for (const auto& [path, stamp] : before)
        if (after.count(path) == 0) out.insert(chunk_or_path(path));
    return out;
}

constexpr const char* data_site = R"(
-- site.json --
{"title": "Safer Town"}
-- content/_index.md --
---
title: Home
---
Welcome.
-- content/crime.md --
---
title: Crime
---
Robbery: {{ crime.robbery }}.
-- content/grants.md --
---
title: Grants
---
```table
dataset: grants
```
-- content/about.md --
---
title: About
---
About the partnership.
-- data/crime.json --
{"kind": "trends", "title": "Crime", "source": "Synthetic test data", "unit": "count",
 "periods": ["2018/19", "2019/20"],
 "series": [{"key": "robbery", "label": "Robbery", "values": [10, 12]}]}
-- data/grants.json --
{"kind": "table", "title": "Grants", "source": "Synthetic test data",
 "columns": [{"key": "project", "label": "Project", "type": "text"}, {"key": "amount", "label": "Amount", "type": "GBP"}],
 "rows": [{"project": "Street pastors", "amount": 1000}]}
)";

}  // namespace

TEST_CASE("a build with nothing changed renders and writes nothing") {
    SiteFixture site(data_site);
    auto first = site.build();
    REQUIRE(first.ok());
    CHECK(first.units_rendered == first.units);
    auto before = snapshot(site.output_dir());

    auto second = site.build();
    REQUIRE(second.ok());
    CHECK(second.units_rendered == 0);
    CHECK(second.files_written == 0);
    CHECK(second.files_removed == 0);
    CHECK(changed(before, snapshot(site.output_dir())).empty());
}

TEST_CASE("editing one dataset renders again only the pages that show it") {
    SiteFixture site(data_site);
    REQUIRE(site.build().ok());
    auto before = snapshot(site.output_dir());

    site.write("data/crime.json", R"({"kind": "trends", "title": "Crime", "source": "Synthetic test data", "unit": "count",
 "periods": ["2018/19", "2019/20"], "series": [{"key": "robbery", "label": "Robbery", "values": [10, 15]}]})");
    auto result = site.build();
    REQUIRE(result.ok());
    CHECK(result.units_rendered == 1);
    CHECK(changed(before, snapshot(site.output_dir())) ==
          std::set<std::string>{"crime/index.html", "data/crime.csv", "data/crime.json", "search-index.json", "search-index/0000", "search-index/words"});
    CHECK(site.output("crime/index.html").find("Robbery: <data value=\"15\">15</data>") != std::string::npos);
}

TEST_CASE("editing a page's text writes that page and the search index alone; a new title reaches every page's navigation") {
    SiteFixture site(data_site);
    REQUIRE(site.build().ok());
    auto before = snapshot(site.output_dir());

    site.write("content/about.md", "---\ntitle: About\n---\nAbout the partnership and its members.\n");
    auto edited = site.build();
    REQUIRE(edited.ok());
    CHECK(edited.units_rendered == 1);
    CHECK(changed(before, snapshot(site.output_dir())) == std::set<std::string>{"about/index.html", "search-index.json", "search-index/0000", "search-index/words"});

    before = snapshot(site.output_dir());
    site.write("content/about.md", "---\ntitle: Who we are\n---\nAbout the partnership and its members.\n");
    auto renamed = site.build();
    REQUIRE(renamed.ok());
    CHECK(renamed.units_rendered == renamed.units);
    CHECK(changed(before, snapshot(site.output_dir())) ==
          std::set<std::string>{"404.html", "about/index.html", "accessibility/index.html", "crime/index.html",
                                "grants/index.html", "index.html", "search-index.json", "search-index/0000", "search-index/words", "search/index.html",
                                "sitemap/index.html"});
    CHECK(site.output("crime/index.html").find("Who we are") != std::string::npos);
}

TEST_CASE("a theme template edit renders again only the pages that use it") {
    SiteFixture site(data_site);
    REQUIRE(site.build().ok());
    auto before = snapshot(site.output_dir());

    site.write("themes/components/table.mustache", "<p class=\"own-table\">{{caption}}</p>\n");
    auto result = site.build();
    REQUIRE(result.ok());
    CHECK(result.units_rendered == 1);
    CHECK(changed(before, snapshot(site.output_dir())) == std::set<std::string>{"grants/index.html", "search-index.json", "search-index/0000", "search-index/words"});
    CHECK(site.output("grants/index.html").find("own-table") != std::string::npos);
}

TEST_CASE("a removed page's files are deleted; files Gazette did not write are kept") {
    SiteFixture site(data_site);
    REQUIRE(site.build().ok());
    site.write("site-output/verification.txt", "made by hand");
    site.write("site-output/about/notes.txt", "made by hand too");

    fs::remove(site.root() / "content" / "grants.md");
    fs::remove(site.root() / "data" / "grants.json");
    auto result = site.build();
    REQUIRE(result.ok());
    CHECK(result.files_removed == 5);  // the page, the dataset's JSON and CSV, and the search index's chunk and words before
    CHECK_FALSE(site.has_output("grants/index.html"));
    CHECK_FALSE(fs::exists(site.output_dir() / "grants"));
    CHECK_FALSE(site.has_output("data/grants.csv"));
    CHECK(site.output("verification.txt") == "made by hand");
    CHECK(site.output("about/notes.txt") == "made by hand too");
}

TEST_CASE("the site before is kept beside the output and brought up to date, so each build writes only its own changes") {
    SiteFixture site(data_site);
    REQUIRE(site.build().ok());
    site.write("content/about.md", "---\ntitle: About\n---\nAbout, second version.\n");
    REQUIRE(site.build().ok());
    const fs::path spare = site.root() / ".site-output.new";
    REQUIRE(fs::is_directory(spare));  // the first site, which the next build starts from
    CHECK(testing::slurp(spare / "about/index.html").find("About the partnership.") != std::string::npos);
    CHECK(testing::slurp(spare / "crime/index.html") == site.output("crime/index.html"));

    // The next build changes another page: the spare first takes the last
    // build's change from the output, so no edit goes missing.
    site.write("content/crime.md", "---\ntitle: Crime\n---\nRobbery, second version: {{ crime.robbery }}.\n");
    auto before = snapshot(site.output_dir());
    auto result = site.build();
    REQUIRE(result.ok());
    CHECK(changed(before, snapshot(site.output_dir())) == std::set<std::string>{"crime/index.html", "search-index.json", "search-index/0000", "search-index/words"});
    CHECK(site.output("about/index.html").find("About, second version.") != std::string::npos);
    CHECK(site.output("crime/index.html").find("Robbery, second version: <data value=\"12\">12</data>.") != std::string::npos);
    CHECK(site.output("index.html").find("Welcome.") != std::string::npos);

    // And back again, over three builds: every page as its source says.
    site.write("content/about.md", "---\ntitle: About\n---\nAbout, third version.\n");
    REQUIRE(site.build().ok());
    site.write("content/crime.md", "---\ntitle: Crime\n---\nRobbery: {{ crime.robbery }}.\n");
    REQUIRE(site.build().ok());
    CHECK(site.output("about/index.html").find("About, third version.") != std::string::npos);
    CHECK(site.output("crime/index.html").find("Robbery: <data value=\"12\">12</data>.") != std::string::npos);
}

TEST_CASE("files added or removed by hand since the last build stay so, with the spare site in use") {
    SiteFixture site(data_site);
    REQUIRE(site.build().ok());
    site.write("content/about.md", "---\ntitle: About\n---\nAbout, second version.\n");
    REQUIRE(site.build().ok());  // now there is a spare

    site.write("site-output/CNAME", "reports.example.org\n");
    site.write("site-output/.well-known/security.txt", "Contact: mailto:security@example.org\n");
    site.write("site-output/crime/notes.txt", "made by hand\n");
    site.write("content/grants.md", "---\ntitle: Grants\n---\nNo table today.\n");
    REQUIRE(site.build().ok());
    CHECK(site.output("CNAME") == "reports.example.org\n");
    CHECK(site.output(".well-known/security.txt") == "Contact: mailto:security@example.org\n");
    CHECK(site.output("crime/notes.txt") == "made by hand\n");

    // Removed by hand: the spare's copy does not bring it back.
    fs::remove(site.output_dir() / "CNAME");
    fs::remove_all(site.output_dir() / ".well-known");
    fs::remove(site.output_dir() / "crime" / "notes.txt");
    site.write("content/about.md", "---\ntitle: About\n---\nAbout, third version.\n");
    REQUIRE(site.build().ok());
    CHECK_FALSE(site.has_output("CNAME"));
    CHECK_FALSE(fs::exists(site.output_dir() / ".well-known"));
    CHECK_FALSE(site.has_output("crime/notes.txt"));
    CHECK(site.output("about/index.html").find("About, third version.") != std::string::npos);
    CHECK(site.output("grants/index.html").find("No table today.") != std::string::npos);
}

TEST_CASE("a failed build leaves its new site beside the output as the spare, and the build that mends it starts there") {
    SiteFixture site(data_site);
    REQUIRE(site.build().ok());
    site.write("content/about.md", "---\ntitle: About\n---\nAbout, second version.\n");
    REQUIRE(site.build().ok());  // now there is a spare
    const fs::path spare = site.root() / ".site-output.new";
    const auto output_before = snapshot(site.output_dir());

    site.write("content/crime.md", "---\ntitle: Crime\n---\nRobbery: {{ crime.nothing }}.\n");
    REQUIRE_FALSE(site.build().ok());
    CHECK(snapshot(site.output_dir()) == output_before);
    // The spare is the whole site with the failed build's files in it, and
    // the record vouches for it: its generation is the marker's, and it
    // names the file that differs from the output.
    REQUIRE(fs::is_directory(spare));
    for (const auto& [path, stamp] : output_before)
        if (path.rfind("search-index/", 0) != 0) CHECK_MESSAGE(fs::exists(spare / path), "not in the spare: " << path);
    CHECK(testing::slurp(spare / "crime/index.html") != site.output("crime/index.html"));
    const std::string output = fs::weakly_canonical(fs::absolute(site.output_dir())).string();
    const BuildRecord record = load_record(site.root() / ".gazette-cache" / "build.record", 0, output);
    std::ifstream marker(site.root() / ".gazette-cache" / "spare");
    std::uint64_t generation = 0;
    REQUIRE(static_cast<bool>(marker >> generation));
    CHECK(generation == record.spare.generation);
    CHECK(std::count(record.spare.changed.begin(), record.spare.changed.end(), "crime/index.html") == 1);

    site.write("content/crime.md", "---\ntitle: Crime\n---\nRobbery, fixed: {{ crime.robbery }}.\n");
    auto mended = site.build();
    REQUIRE_MESSAGE(mended.ok(), diagnostics_text(mended));
    CHECK(mended.units_rendered == 1);
    CHECK(changed(output_before, snapshot(site.output_dir())) == std::set<std::string>{"crime/index.html", "search-index.json", "search-index/0000", "search-index/words"});
    CHECK(site.output("about/index.html").find("About, second version.") != std::string::npos);
    CHECK(site.output("crime/index.html").find("Robbery, fixed: <data value=\"12\">12</data>.") != std::string::npos);
    // And the build after it, from the spare the swap left, has every page right.
    site.write("content/grants.md", "---\ntitle: Grants\n---\nNo table today.\n");
    REQUIRE(site.build().ok());
    CHECK(site.output("crime/index.html").find("Robbery, fixed:") != std::string::npos);
    CHECK(site.output("about/index.html").find("About, second version.") != std::string::npos);
    CHECK(site.output("grants/index.html").find("No table today.") != std::string::npos);
}

TEST_CASE("a spare site no build can vouch for is not used") {
    SiteFixture site(data_site);
    REQUIRE(site.build().ok());
    site.write("content/about.md", "---\ntitle: About\n---\nAbout, second version.\n");
    REQUIRE(site.build().ok());
    // A failed build changes the spare and leaves it; and a spare changed by hand.
    site.write("content/crime.md", "---\ntitle: Crime\n---\nRobbery: {{ crime.nothing }}.\n");
    REQUIRE_FALSE(site.build().ok());
    site.write("content/crime.md", "---\ntitle: Crime\n---\nRobbery, fixed: {{ crime.robbery }}.\n");
    REQUIRE(site.build().ok());
    CHECK(site.output("about/index.html").find("About, second version.") != std::string::npos);
    CHECK(site.output("crime/index.html").find("Robbery, fixed: <data value=\"12\">12</data>.") != std::string::npos);

    site.write(".site-output.new/about/index.html", "stale");
    fs::remove(site.root() / ".gazette-cache" / "spare");
    site.write("content/grants.md", "---\ntitle: Grants\n---\nNo table today.\n");
    REQUIRE(site.build().ok());
    CHECK(site.output("about/index.html").find("About, second version.") != std::string::npos);
    CHECK(site.output("grants/index.html").find("No table today.") != std::string::npos);
}

TEST_CASE("an output file changed by hand is written again") {
    SiteFixture site(data_site);
    REQUIRE(site.build().ok());
    const std::string page = site.output("about/index.html");
    site.write("site-output/about/index.html", "spoiled");
    fs::remove(site.output_dir() / "crime" / "index.html");
    auto result = site.build();
    REQUIRE(result.ok());
    CHECK(result.files_written == 2);
    CHECK(site.output("about/index.html") == page);
    CHECK(site.has_output("crime/index.html"));
}

TEST_CASE("without its cache a build renders everything but writes only what differs") {
    SiteFixture site(data_site);
    REQUIRE(site.build().ok());
    auto before = snapshot(site.output_dir());
    fs::remove_all(site.root() / ".gazette-cache");
    auto result = site.build();
    REQUIRE(result.ok());
    CHECK(result.units_rendered == result.units);
    CHECK(result.files_written == 0);
    CHECK(changed(before, snapshot(site.output_dir())).empty());
}

TEST_CASE("a damaged cache is ignored") {
    SiteFixture site(data_site);
    REQUIRE(site.build().ok());
    site.write(".gazette-cache/build.record", "not a record");
    site.write(".gazette-cache/stamps", "not stamps");
    site.write(".gazette-cache/sources", "not a source cache");
    auto result = site.build();
    REQUIRE(result.ok());
    CHECK(result.units_rendered == result.units);
    CHECK(result.files_written == 0);
}

TEST_CASE("a build with nothing read or written changed since the last one stops at once, and says what the last one said") {
    SiteFixture site(R"(
-- content/_index.md --
---
title: Home
---
![](missing-alt.png)
-- content/missing-alt.png --
not really a picture
)");
    auto first = site.build();
    REQUIRE(first.ok());
    REQUIRE(first.diagnostics.warning_count() >= 1);
    auto again = site.build();
    REQUIRE(again.ok());
    CHECK(again.units_rendered == 0);
    CHECK(again.pages == first.pages);
    CHECK(again.units == first.units);
    CHECK(diagnostics_text(again) == diagnostics_text(first));
    CHECK(again.timings.size() <= 1);  // it never got past loading

    // Each kind of change is seen: a source added, one edited, an output edited by hand, a dataset added.
    site.write("content/about.md", "---\ntitle: About\n---\nNew.\n");
    CHECK(site.build().units_rendered >= 1);
    CHECK(site.has_output("about/index.html"));
    site.write("content/about.md", "---\ntitle: About\n---\nNewer.\n");
    CHECK(site.build().units_rendered >= 1);
    CHECK(site.output("about/index.html").find("Newer.") != std::string::npos);
    site.write("site-output/about/index.html", "edited by hand");
    CHECK(site.build().units_rendered >= 1);
    CHECK(site.output("about/index.html").find("Newer.") != std::string::npos);
    site.write("data/extra.json", R"({"kind": "table", "title": "Extra", "source": "Synthetic test data",
 "columns": [{"key": "a", "label": "A", "type": "text"}], "rows": [{"a": "x"}]})");
    auto dataset = site.build();
    CHECK(site.has_output("data/extra.json"));
    CHECK(diagnostics_text(dataset).find("no page shows the dataset \"extra\"") != std::string::npos);
}

TEST_CASE("an unchanged page's warnings are reported again, and by check") {
    SiteFixture site(R"(
-- content/_index.md --
---
title: Home
---
```warning-free
```
-- content/report.md --
---
title: Report
numbering: manual
---
## 1. First

## 3. Third
)");
    auto first = site.build();
    REQUIRE(first.ok());
    REQUIRE(first.diagnostics.warning_count() > 0);
    auto second = site.build();
    CHECK(second.units_rendered == 0);
    CHECK(diagnostics_text(second) == diagnostics_text(first));
    CHECK(diagnostics_text(site.check()) == diagnostics_text(first));
}

TEST_CASE("a different option set starts from a full render") {
    SiteFixture site(data_site);
    REQUIRE(site.build().ok());
    BuildOptions options;
    options.build_date = Date{2024, 3, 1};
    auto dated = site.build(options);
    REQUIRE(dated.ok());
    CHECK(dated.units_rendered == dated.units);
    CHECK(site.output("index.html").find("1 March 2024") != std::string::npos);
}

TEST_CASE("a dataset no page shows is a warning") {
    SiteFixture site(R"(
-- content/_index.md --
---
title: Home
---
Welcome.
-- data/spare.json --
{"kind": "glossary", "title": "Terms", "source": "Synthetic test data", "terms": [{"abbr": "ASB", "expansion": "anti-social behaviour"}]}
-- data/unused.json --
{"kind": "table", "title": "Unused", "source": "Synthetic test data",
 "columns": [{"key": "a", "label": "A", "type": "text"}], "rows": [{"a": "x"}]}
)");
    auto result = site.check();
    CHECK(diagnostics_text(result) ==
          "data/unused.json: warning: no page shows the dataset \"unused\"\n"
          "  hint: show it with a component or a figure ({{ unused.KEY.FIELD }}), or remove it; it is still published at "
          "/data/unused.json\n");
}

TEST_CASE("links are checked again where an edit can break them: the page edited, the pages linking into it, and new or removed pages") {
    SiteFixture site(R"(
-- content/_index.md --
---
title: Home
---
Welcome.
-- content/a.md --
---
title: A
---
See [the second point](/b/#para-1-2).
-- content/b.md --
---
title: B
numbering: auto
---
## Points

First point.

Second point.
-- content/c.md --
---
title: C
---
Nothing to see.
)");
    REQUIRE(site.build().ok());

    // B loses the paragraph A links to: A's link is broken, though A is unchanged.
    site.write("content/b.md", "---\ntitle: B\nnumbering: auto\n---\n## Points\n\nFirst point.\n");
    auto lost = site.build();
    CHECK_FALSE(lost.ok());
    INFO(diagnostics_text(lost));
    CHECK(diagnostics_text(lost).find("error: the link ../b/#para-1-2 on /a/index.html points to #para-1-2") != std::string::npos);
    site.write("content/b.md", "---\ntitle: B\nnumbering: auto\n---\n## Points\n\nFirst point.\n\nSecond point.\n");
    REQUIRE(site.build().ok());

    // A link to a page that is not there yet; then the page is written.
    site.write("content/a.md", "---\ntitle: A\n---\nSee [the second point](/b/#para-1-2) and [D](/d/).\n");
    auto missing = site.build();
    CHECK_FALSE(missing.ok());
    CHECK(diagnostics_text(missing).find("the link ../d/ on /a/index.html leads to nothing the site publishes") != std::string::npos);
    site.write("content/d.md", "---\ntitle: D\n---\nHere now.\n");
    REQUIRE(site.build().ok());

    // An edit elsewhere leaves A's links as they were checked; removing D breaks one again.
    site.write("content/c.md", "---\ntitle: C\n---\nStill nothing to see.\n");
    auto elsewhere = site.build();
    CHECK(elsewhere.ok());
    CHECK(elsewhere.units_rendered == 1);
    std::filesystem::remove(site.root() / "content" / "d.md");
    auto removed = site.build();
    CHECK_FALSE(removed.ok());
    CHECK(diagnostics_text(removed).find("the link ../d/ on /a/index.html leads to nothing the site publishes") != std::string::npos);
}

TEST_CASE("a page's links to its own anchors are checked as it renders, and the record keeps only the others") {
    SiteFixture site(R"(
-- content/_index.md --
---
title: Home
---
Welcome.
-- content/a.md --
---
title: A
numbering: auto
---
## Points

First point; see [the second](#para-1-2) and [B](/b/).

Second point.
-- content/b.md --
---
title: B
---
Nothing to see.
)");
    REQUIRE(site.build().ok());
    // The record whole, read with the key it was saved with.
    const fs::path file = site.root() / ".gazette-cache" / "build.record";
    const auto key = saved_record_key(file);
    REQUIRE(key);
    const BuildRecord record = load_record(file, *key, fs::weakly_canonical(fs::absolute(site.output_dir())).string());
    REQUIRE(record.units.count("/a/") == 1);
    const auto& links = record.units.at("/a/").links.at("a/index.html");
    const auto references = links.references();
    CHECK(std::none_of(references.begin(), references.end(), [](const auto& r) { return r.address.starts_with('#'); }));
    CHECK(std::any_of(references.begin(), references.end(), [](const auto& r) { return r.address == "../b/"; }));
    CHECK(links.has_id("para-1-2"));

    // A new page makes every page's links be checked again, A's from the record: still sound.
    site.write("content/c.md", "---\ntitle: C\n---\nNew.\n");
    auto added = site.build();
    CHECK_MESSAGE(added.ok(), diagnostics_text(added));
    // A's own anchor broken by A's edit is found as A renders.
    site.write("content/a.md", "---\ntitle: A\nnumbering: auto\n---\n## Points\n\nFirst point; see [the second](#para-1-2).\n");
    auto broken = site.build();
    CHECK_FALSE(broken.ok());
    CHECK(diagnostics_text(broken).find("the link #para-1-2 on /a/index.html points to #para-1-2") != std::string::npos);
}

TEST_CASE("pages unchanged since the last build come from the source cache, their text read again only to render them") {
    SiteFixture site(data_site);
    REQUIRE(site.build().ok());
    REQUIRE(fs::exists(site.root() / ".gazette-cache" / "sources"));
    site.write("content/links.md", "---\ntitle: Links\n---\nFirst line.\n\nSee [about](../about/).\n");
    REQUIRE(site.build().ok());

    // The dataset changes: its page renders again from the cached front matter and its text read anew.
    site.write("data/crime.json", R"({"kind": "trends", "title": "Crime", "source": "Synthetic test data", "unit": "count",
 "periods": ["2018/19", "2019/20"],
 "series": [{"key": "robbery", "label": "Robbery", "values": [10, 14]}]})");
    auto result = site.build();
    REQUIRE(result.ok());
    CHECK(site.output("crime/index.html").find("Robbery: <data value=\"14\">14</data>.") != std::string::npos);

    // A page removed: the cached page that links to it is told so, at the line of the link.
    fs::remove(site.root() / "content" / "about.md");
    auto broken = site.build();
    CHECK_FALSE(broken.ok());
    INFO(diagnostics_text(broken));
    CHECK(diagnostics_text(broken).find("content/links.md:6: error: the link ../about/ on /links/index.html leads to nothing") !=
          std::string::npos);

    // A file changed to the same bytes in other ways (a new time): parsed again, nothing rendered.
    site.write("content/about.md", "---\ntitle: About\n---\nAbout the partnership.\n");
    REQUIRE(site.build().ok());
    site.write("content/about.md", "---\ntitle: About\n---\nAbout the partnership.\n");
    auto same = site.build();
    REQUIRE(same.ok());
    CHECK(same.units_rendered == 0);
    CHECK(same.files_written == 0);
}

TEST_CASE("a report's running header follows its front matter, and a sheet lost or spoiled by hand is made again") {
    SiteFixture site(R"(
-- content/reports/first.md --
---
title: First report
date: 2020-01-01
committee: Audit Committee
---
First.
-- content/reports/second.md --
---
title: Second report
date: 2021-01-01
committee: Scrutiny Panel
---
Second.
)");
    REQUIRE(site.build().ok());
    const PaperHead first = paper_head("/reports/first/"), second = paper_head("/reports/second/");
    REQUIRE(first.sheet != second.sheet);  // (so that each edit below touches one sheet)
    CHECK(site.output(first.sheet).find("Audit Committee") != std::string::npos);

    // Text alone: the sheets stay as they are.
    auto before = snapshot(site.output_dir());
    site.write("content/reports/first.md", "---\ntitle: First report\ndate: 2020-01-01\ncommittee: Audit Committee\n---\nFirst, again.\n");
    REQUIRE(site.build().ok());
    CHECK(changed(before, snapshot(site.output_dir())).count(first.sheet) == 0);

    // A new committee: its report's sheet alone is written again.
    before = snapshot(site.output_dir());
    site.write("content/reports/first.md", "---\ntitle: First report\ndate: 2020-01-01\ncommittee: Finance Board\n---\nFirst, again.\n");
    REQUIRE(site.build().ok());
    auto now = changed(before, snapshot(site.output_dir()));
    CHECK(now.count(first.sheet) == 1);
    CHECK(now.count(second.sheet) == 0);
    CHECK(site.output(first.sheet).find("Finance Board") != std::string::npos);
    CHECK(site.output(first.sheet).find("Audit Committee") == std::string::npos);

    // Deleted or changed by hand, a sheet comes back, though nothing it is made from changed.
    fs::remove(site.output_dir() / first.sheet);
    site.write("site-output/" + second.sheet, "spoiled");
    REQUIRE(site.build().ok());
    CHECK(site.output(first.sheet).find("Finance Board") != std::string::npos);
    CHECK(site.output(second.sheet).find("Scrutiny Panel") != std::string::npos);

    // A report removed takes its running header with it.
    fs::remove(site.root() / "content/reports/second.md");
    REQUIRE(site.build().ok());
    CHECK_FALSE(site.has_output(second.sheet));
    CHECK(site.has_output(first.sheet));
}

TEST_CASE("the source cache is written again once a few dozen files are parsed afresh; till then they are parsed again") {
    std::string files;
    for (int i = 0; i < 40; ++i) files += "-- content/p" + std::to_string(i) + ".md --\n---\ntitle: Page " + std::to_string(i) + "\n---\nText.\n";
    SiteFixture site(files);
    REQUIRE(site.build().ok());
    const fs::path cache = site.root() / ".gazette-cache" / "sources";
    REQUIRE(fs::exists(cache));
    auto stamp = [&] { return snapshot(cache.parent_path()).at("sources"); };
    const auto first = stamp();

    // One page's title: the cache stays, and the page is parsed from its file, build after build.
    site.write("content/p1.md", "---\ntitle: Renamed page\n---\nText.\n");
    REQUIRE(site.build().ok());
    CHECK(stamp() == first);
    site.write("content/p2.md", "---\ntitle: Page 2\n---\nOther text.\n");
    REQUIRE(site.build().ok());
    CHECK(stamp() == first);
    CHECK(site.output("p1/index.html").find("Renamed page") != std::string::npos);
    CHECK(site.output("p2/index.html").find("Other text.") != std::string::npos);

    // Thirty-two files parsed afresh: it is written again, with their new front matter.
    for (int i = 0; i < 32; ++i) site.write("content/p" + std::to_string(i) + ".md", "---\ntitle: New " + std::to_string(i) + "\n---\nText.\n");
    REQUIRE(site.build().ok());
    CHECK(stamp() != first);
    const auto second = stamp();
    fs::remove_all(site.output_dir());
    auto again = site.build();
    REQUIRE(again.ok());
    CHECK(stamp() == second);  // nothing parsed afresh: it stays
    CHECK(site.output("p31/index.html").find("New 31") != std::string::npos);
}
