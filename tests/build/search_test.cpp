// Search and the site map: the index Gazette writes, kept right by
// incremental builds, the search page, the header's search box on every
// page, and the site map page.
#include "../site_fixture.hpp"
#include "render/search_terms.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <map>
#include <regex>
#include <set>

using namespace gazette;
using testing::SiteFixture;
using testing::diagnostics_text;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& haystack, std::string_view needle) { return haystack.find(needle) != std::string::npos; }

constexpr const char* search_site = R"(
-- site.json --
{"title": "Safer Town"}
-- content/_index.md --
---
title: Community safety reports
---
Welcome to the partnership's reports.
-- content/about.md --
---
title: About this site
---
The partnership publishes its papers here.
-- content/reports/_index.md --
---
title: Reports
---
Every paper.
-- content/reports/older.md --
---
title: Older report
date: 2018-05-01
---
Shoplifting fell in the town centre.
-- content/reports/annual/index.md --
---
title: Annual report
date: 2020-10-22
committee: Overview and Scrutiny
numbering: auto
---
## Purpose

Robbery fell by a third.

Burglary rose.

## Background

The Café Quarter pilot.
-- content/reports/annual/delivery.md --
---
title: Delivery plans
weight: 10
---
## Plans

Street pastors work on Friday nights.
-- data/glossary.json --
{"kind": "glossary", "title": "Glossary", "source": "Synthetic test data",
 "terms": [{"abbr": "ASB", "expansion": "anti-social behaviour"}]}
)";

// Every page's index.html below the output folder, as "reports/annual/".
std::set<std::string> built_pages(const fs::path& out) {
    std::set<std::string> pages;
    for (const auto& entry : fs::recursive_directory_iterator(out))
        if (entry.is_regular_file() && entry.path().filename() == "index.html")
            pages.insert(entry.path().parent_path().lexically_relative(out).generic_string() + "/");
    std::set<std::string> tidy;
    for (const auto& page : pages) tidy.insert(page == "./" ? "" : page);
    return tidy;
}

// The way from a page ("reports/annual/") to the site root ("../../").
std::string root_of(const std::string& url) {
    std::string root;
    for (char c : url)
        if (c == '/') root += "../";
    return root.empty() ? "./" : root;
}

// The index's pages by address.
std::map<std::string, json> index_pages(const SiteFixture& site) {
    std::map<std::string, json> pages;
    const json manifest = json::parse(site.output("search-index.json"));
    for (const auto& path : manifest.at("chunks")) {
        const json chunk = json::parse(site.output(path.get<std::string>()));
        for (const auto& page : chunk.at("pages")) pages[page.at("url").get<std::string>()] = page;
    }
    return pages;
}

// The index's words, each with the pages it is on by address and its code
// there, as a reader's browser reads them from the buckets.
std::map<std::string, std::map<std::string, int>> index_words(const SiteFixture& site) {
    const json manifest = json::parse(site.output("search-index.json"));
    std::vector<std::string> urls;
    for (const auto& path : manifest.at("chunks")) {
        const json chunk = json::parse(site.output(path.get<std::string>()));
        REQUIRE(chunk.at("pages").size() <= manifest.at("pages").get<std::size_t>());
        for (const auto& page : chunk.at("pages")) urls.push_back(page.at("url").get<std::string>());
        // Every chunk but the last is full, so a page's place gives its chunk.
        if (&path != &manifest.at("chunks").back()) REQUIRE(urls.size() % manifest.at("pages").get<std::size_t>() == 0);
    }
    std::map<std::string, std::map<std::string, int>> words;
    const std::size_t count = manifest.at("words").size();
    for (std::size_t b = 0; b < count; ++b) {
        const json& path = manifest.at("words").at(b);
        if (path.is_null()) continue;
        const json bucket = json::parse(site.output(path.get<std::string>()));
        for (const auto& [word, postings] : bucket.at("terms").items()) {
            CHECK_MESSAGE(search_bucket(word, count) == b, word);
            std::size_t place = 0;
            for (std::size_t i = 0; i < postings.size(); i += 2) {
                place += postings.at(i).get<std::size_t>();
                words[word][urls.at(place)] = postings.at(i + 1).get<int>();
            }
        }
    }
    return words;
}

// The same for the site built afresh, with no record of the builds before.
std::map<std::string, std::map<std::string, int>> index_words_afresh(SiteFixture& site) {
    fs::remove_all(site.root() / ".gazette-cache");
    fs::remove_all(site.output_dir());
    REQUIRE(site.build().ok());
    return index_words(site);
}

// A page's text and headings as one string, to look for words in.
std::string all_text(const json& page) {
    std::string text;
    for (const auto& part : page.at("parts"))
        for (std::size_t i = 1; i < part.size(); ++i) text += part.at(i).get<std::string>() + "\n";
    return text;
}

}  // namespace

TEST_CASE("the search index holds every page with its title, place and text") {
    SiteFixture site(search_site);
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    auto pages = index_pages(site);

    std::set<std::string> indexed;
    for (const auto& [url, page] : pages) indexed.insert(url);
    std::set<std::string> expected = built_pages(site.output_dir());
    expected.erase("search/");   // they only repeat the other pages
    expected.erase("sitemap/");
    CHECK(indexed == expected);
    CHECK(indexed.size() == 8);

    CHECK(pages.at("").at("title") == "Community safety reports");
    CHECK(pages.at("reports/annual/").at("title") == "Annual report");
    CHECK(pages.at("reports/annual/").at("where") == "Reports");
    CHECK(pages.at("reports/annual/delivery/").at("where") == "Reports › Annual report");
    CHECK(pages.at("about/").at("where") == "");

    CHECK(contains(all_text(pages.at("")), "Welcome to the partnership’s reports."));  // typographic apostrophe, as cmark writes it
    CHECK(contains(all_text(pages.at("about/")), "The partnership publishes its papers here."));
    CHECK(contains(all_text(pages.at("reports/older/")), "Shoplifting fell in the town centre."));
    CHECK(contains(all_text(pages.at("reports/annual/delivery/")), "Street pastors work on Friday nights."));
    CHECK(contains(all_text(pages.at("glossary/")), "ASB: anti-social behaviour"));
    CHECK(contains(all_text(pages.at("accessibility/")), "Enforcement procedure"));
    // What the cover shows is found too.
    CHECK(contains(all_text(pages.at("reports/annual/")), "Overview and Scrutiny"));

    // Headings and numbered paragraphs are parts a result can link to.
    const json& parts = pages.at("reports/annual/").at("parts");
    CHECK(std::find(parts.begin(), parts.end(), json::array({"section-1", "", "1 Purpose"})) != parts.end());
    CHECK(std::find(parts.begin(), parts.end(), json::array({"para-1-1", "1.1 Robbery fell by a third."})) != parts.end());
    CHECK(std::find(parts.begin(), parts.end(), json::array({"para-2-1", "2.1 The Café Quarter pilot."})) != parts.end());

    // Navigation is not text: the report's own list of its pages, the site's
    // menu and a section's list of reports are left out.
    CHECK_FALSE(contains(all_text(pages.at("reports/annual/")), "Delivery plans"));
    CHECK_FALSE(contains(all_text(pages.at("about/")), "Glossary"));
    CHECK_FALSE(contains(all_text(pages.at("reports/")), "Older report"));
}

TEST_CASE("an incremental build updates the index for the page that changed and keeps every other page's entry") {
    SiteFixture site(search_site);
    REQUIRE(site.build().ok());
    auto before = index_pages(site);

    site.write("content/reports/older.md", "---\ntitle: Older report\ndate: 2018-05-01\n---\nVehicle crime fell in the town centre.\n");
    auto result = site.build();
    REQUIRE(result.ok());
    CHECK(result.units_rendered == 1);  // only the older report; the rest come from the build record
    auto after = index_pages(site);
    CHECK(contains(all_text(after.at("reports/older/")), "Vehicle crime fell"));
    CHECK_FALSE(contains(all_text(after.at("reports/older/")), "Shoplifting"));
    for (const auto& [url, page] : before)
        if (url != "reports/older/") CHECK_MESSAGE(after.at(url) == page, url);

    // Nothing changed: the index is not written again.
    auto written = fs::last_write_time(site.output_dir() / "search-index.json");
    auto again = site.build();
    REQUIRE(again.ok());
    CHECK(again.files_written == 0);
    CHECK(fs::last_write_time(site.output_dir() / "search-index.json") == written);
}

TEST_CASE("a new title reaches the index entries of the pages that name it") {
    SiteFixture site(search_site);
    REQUIRE(site.build().ok());
    site.write("content/reports/annual/index.md",
               "---\ntitle: Annual report 2020\ndate: 2020-10-22\nnumbering: auto\n---\n## Purpose\n\nRobbery fell.\n");
    REQUIRE(site.build().ok());
    auto pages = index_pages(site);
    CHECK(pages.at("reports/annual/").at("title") == "Annual report 2020");
    CHECK(pages.at("reports/annual/delivery/").at("where") == "Reports › Annual report 2020");
}

TEST_CASE("the search page: a labelled box, a live count, a link to the site map, and the only page with search.js") {
    SiteFixture site(search_site);
    REQUIRE(site.build().ok());
    auto page = site.output("search/index.html");
    CHECK(contains(page, "<title>Search – Safer Town</title>"));
    CHECK(contains(page, "<form class=\"search-form\" id=\"search-form\" role=\"search\" action=\"./\" method=\"get\" "
                         "data-index=\"../search-index.json\" data-root=\"../\" hidden>"));
    CHECK(contains(page, "<label class=\"search-form__label\" for=\"search-input\">"));
    CHECK(contains(page, "<input class=\"search-form__input\" type=\"search\" id=\"search-input\" name=\"q\""));
    CHECK(contains(page, "<p class=\"search-status\" id=\"search-status\" role=\"status\"></p>"));
    CHECK(contains(page, "<script src=\"../assets/search.js\" defer></script>"));
    // Without JavaScript it says so and offers the site map.
    CHECK(contains(page, "<p id=\"search-no-script\">Search needs JavaScript"));
    CHECK(contains(page, "<a href=\"../sitemap/\">site map</a>"));
    // Its own box replaces the header's.
    CHECK_FALSE(contains(page, "site-search-input"));
    CHECK(site.has_output("assets/search.js"));

    for (const auto& url : built_pages(site.output_dir()))
        if (url != "search/") CHECK_MESSAGE(!contains(site.output(url + "index.html"), "search.js"), url);
}

TEST_CASE("every other page has the header's search box, a form that works without JavaScript") {
    SiteFixture site(search_site);
    REQUIRE(site.build().ok());
    for (const auto& url : built_pages(site.output_dir())) {
        if (url == "search/") continue;
        CAPTURE(url);
        auto page = site.output(url + "index.html");
        CHECK(contains(page, "<form class=\"site-search\" role=\"search\" action=\"" + root_of(url) + "search/\" method=\"get\">"));
        CHECK(contains(page, "<label class=\"visually-hidden\" for=\"site-search-input\">Search this site</label>"));
        CHECK(contains(page, "<input class=\"site-search__input\" type=\"search\" id=\"site-search-input\" name=\"q\""));
    }
}

TEST_CASE("the site map lists and links every page, reports' pages under their report, and every footer links to it") {
    SiteFixture site(search_site);
    REQUIRE(site.build().ok());
    auto map = site.output("sitemap/index.html");
    CHECK(contains(map, "<h1>Site map</h1>"));
    for (const auto& url : built_pages(site.output_dir())) {
        CAPTURE(url);
        if (url != "sitemap/") CHECK(contains(map, "<a href=\"../" + url + "\">"));
        CHECK(contains(site.output(url + "index.html"), "<li><a href=\"" + root_of(url) + "sitemap/\">Site map</a></li>"));
    }
    CHECK(contains(map, "<h2><a href=\"../reports/\">Reports</a></h2>"));
    CHECK(contains(map, "<li><a href=\"../reports/annual/\">Annual report</a> <span class=\"site-map__date\">"
                        "(<time datetime=\"2020-10-22\">22 October 2020</time>)</span>\n<ul>\n"
                        "<li><a href=\"../reports/annual/delivery/\">Delivery plans</a></li>\n</ul>\n</li>"));
    // Newest first, as the section lists them.
    CHECK(map.find("../reports/annual/\"") < map.find("../reports/older/\""));
    CHECK(contains(map, "<h2>Other pages</h2>"));
    CHECK(contains(map, "<li><a href=\"../\">Home</a></li>"));
}

TEST_CASE("the site map lists pages made from a dataset's rows under their section, in row order") {
    // Row order is not address order: "south-east/" sorts before "south/".
    SiteFixture site(R"(
-- content/areas/_index.md --
---
title: Area dashboards
---
One page per area.
-- content/areas/review.md --
---
title: Review of the areas
date: 2020-06-01
---
Text.
-- content/areas/area.md --
---
title: "{{ row.area }} dashboard"
generate:
  dataset: areas
---
{{ row.area }}.
-- data/areas.json --
{"kind": "table", "title": "Areas", "source": "Synthetic test data",
 "columns": [{"key": "area", "label": "Area", "type": "text"}],
 "rows": [{"area": "South"}, {"area": "South East"}, {"area": "North"}]}
)");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    auto map = site.output("sitemap/index.html");
    auto section = map.find("<h2><a href=\"../areas/\">Area dashboards</a></h2>");
    auto others = map.find("<h2>Other pages</h2>");
    REQUIRE(section != std::string::npos);
    REQUIRE(others != std::string::npos);
    // Under their section, after its reports, as the switcher orders them.
    CHECK(contains(map, "<h2><a href=\"../areas/\">Area dashboards</a></h2>\n<ul class=\"site-map__list\">\n"
                        "<li><a href=\"../areas/review/\">Review of the areas</a>"));
    CHECK(contains(map, "</li>\n<li><a href=\"../areas/south/\">South dashboard</a></li>\n"
                        "<li><a href=\"../areas/south-east/\">South East dashboard</a></li>\n"
                        "<li><a href=\"../areas/north/\">North dashboard</a></li>\n</ul>\n<h2>Other pages</h2>"));
    // Each once, and not among the other pages.
    for (std::string url : {"../areas/south/\"", "../areas/south-east/\"", "../areas/north/\""}) {
        CAPTURE(url);
        CHECK(map.find(url) > section);
        CHECK(map.find(url) < others);
        CHECK(map.find(url, others) == std::string::npos);
    }
    auto switcher = site.output("areas/north/index.html");
    CHECK(switcher.find("../areas/south/\"") < switcher.find("../areas/south-east/\""));
}

TEST_CASE("a site's own page at /sitemap/ or /search/ replaces Gazette's") {
    SiteFixture site(R"(
-- content/sitemap.md --
---
title: Our pages
---
A list we keep ourselves.
-- content/search.md --
---
title: Find
---
Ask us.
)");
    REQUIRE(site.build().ok());
    CHECK(contains(site.output("sitemap/index.html"), "A list we keep ourselves."));
    CHECK(contains(site.output("index.html"), "<li><a href=\"./sitemap/\">Our pages</a></li>"));
    // Without Gazette's search page there is no search box to send readers to it.
    CHECK_FALSE(contains(site.output("index.html"), "site-search"));
    CHECK_FALSE(site.has_output("assets/search.js"));
}

TEST_CASE("pages are ready for a strict Content Security Policy: no inline script, handler or style") {
    BuildOptions options;
    options.site = fs::path(GAZETTE_SOURCE_DIR) / "tests" / "fixtures" / "pass" / "every-component";
    fs::path out = testing::make_temp_dir("csp");
    options.output = out / "site";
    REQUIRE(build_site(options).ok());
    static const std::regex inline_script(R"(<script(?![^>]*\bsrc=)(?![^>]*type="application/json")[^>]*>)");
    static const std::regex handler(R"(<[^>]*\son[a-z]+=)");
    static const std::regex style(R"(<style|<[^>]*\sstyle=)");
    std::size_t pages = 0;
    for (const auto& entry : fs::recursive_directory_iterator(out / "site")) {
        if (entry.path().extension() != ".html") continue;
        ++pages;
        CAPTURE(entry.path().string());
        auto html = testing::slurp(entry.path());
        CHECK_FALSE(std::regex_search(html, inline_script));
        CHECK_FALSE(std::regex_search(html, handler));
        CHECK_FALSE(std::regex_search(html, style));
    }
    CHECK(pages > 5);
    fs::remove_all(out);
}

TEST_CASE("a site of many pages gets its index in chunks and buckets of words; an edit rewrites only the files it changes") {
    std::string files = "-- site.json --\n{\"title\": \"Synthetic test site\"}\n";
    for (int p = 0; p < 250; ++p) {
        char name[16];
        std::snprintf(name, sizeof name, "%03d", p);
        files += std::string("-- content/page-") + name + ".md --\n---\ntitle: Page " + name + "\n---\nSynthetic text of page " +
                 name + ".\n";
    }
    SiteFixture site(files);
    REQUIRE(site.build().ok());
    const json manifest = json::parse(site.output("search-index.json"));
    const auto chunks = manifest.at("chunks").get<std::vector<std::string>>();
    const auto buckets = manifest.at("words");
    auto pages = index_pages(site);
    CHECK(pages.size() == 252);  // the 250, the home page and the accessibility statement
    REQUIRE(chunks.size() == 26);  // ten pages to a chunk
    CHECK(manifest.at("pages") == 10);
    REQUIRE(buckets.size() == 8);  // about 32 pages to a bucket
    CHECK(contains(all_text(pages.at("page-249/")), "Synthetic text of page 249."));
    auto words = index_words(site);
    CHECK(words.at("synthetic").size() == 252);  // in the text of the 250, and the site's title on the home page and the accessibility statement
    CHECK(words.at("synthetic").at("page-007/") == 1);
    CHECK(words.at("007").at("page-007/") == 21);  // in the title and once in the text
    CHECK(words.at("page").at("page-007/") == 21);
    CHECK(words.count("Synthetic") == 0);  // folded to lower case

    // Page 120 is in one chunk: the others stay as they are, and so do the
    // buckets of words it neither gained nor lost.
    std::size_t holder = 0;
    for (std::size_t i = 0; i < chunks.size(); ++i)
        if (site.output(chunks[i]).find("\"url\":\"page-120/\"") != std::string::npos) holder = i;
    std::map<std::string, fs::file_time_type> times;
    for (const auto& path : chunks) times[path] = fs::last_write_time(site.output_dir() / path);
    site.write("content/page-120.md", "---\ntitle: Page 120\n---\nRewritten prose.\n");
    auto result = site.build();
    REQUIRE(result.ok());
    CHECK(result.units_rendered == 1);
    const json edited = json::parse(site.output("search-index.json"));
    const auto now = edited.at("chunks").get<std::vector<std::string>>();
    for (std::size_t i = 0; i < chunks.size(); ++i) {
        CHECK((now[i] == chunks[i]) == (i != holder));
        if (i != holder) CHECK(fs::last_write_time(site.output_dir() / now[i]) == times[chunks[i]]);
    }
    CHECK_FALSE(fs::exists(site.output_dir() / chunks[holder]));
    std::set<std::size_t> touched;
    for (const char* word : {"rewritten", "prose", "synthetic", "text", "of"}) touched.insert(search_bucket(word, 8));
    for (std::size_t b = 0; b < 8; ++b)
        if (touched.count(b) == 0) CHECK_MESSAGE(edited.at("words").at(b) == buckets.at(b), b);
    CHECK(edited.at("words").at(search_bucket("rewritten", 8)) != buckets.at(search_bucket("rewritten", 8)));
    auto after = index_pages(site);
    CHECK(contains(all_text(after.at("page-120/")), "Rewritten prose."));
    for (const auto& [url, page] : pages)
        if (url != "page-120/") CHECK_MESSAGE(after.at(url) == page, url);
    auto amended = index_words(site);
    CHECK(amended.at("rewritten") == std::map<std::string, int>{{"page-120/", 1}});
    CHECK(amended.at("synthetic").size() == 251);
    CHECK(amended.at("synthetic").count("page-120/") == 0);
    CHECK(amended.at("120").at("page-120/") == 20);  // in its title alone now
    CHECK(amended == index_words_afresh(site));

    // A chunk deleted by hand: its pages are rendered again and it is written back.
    fs::remove(site.output_dir() / now[5]);
    auto again = site.build();
    REQUIRE(again.ok());
    CHECK(again.units_rendered == 10);
    CHECK(fs::exists(site.output_dir() / now[5]));
    CHECK(index_pages(site) == after);
    CHECK(index_words(site) == amended);

    // A bucket deleted or spoiled by hand is made again, with no page rendered.
    const std::string bucket = edited.at("words").at(search_bucket("rewritten", 8)).get<std::string>();
    fs::remove(site.output_dir() / bucket);
    auto remade = site.build();
    REQUIRE(remade.ok());
    CHECK(remade.units_rendered == 0);
    CHECK(fs::exists(site.output_dir() / bucket));
    CHECK(index_words(site) == amended);
    site.write("site-output/" + bucket, "{}");
    REQUIRE(site.build().ok());
    CHECK(index_words(site) == amended);

    // A page added near the start moves every later page down a line, across
    // chunks (and, as a new page, renders every page again).
    site.write("content/page-000a.md", "---\ntitle: Page 000a\n---\nA page between the first two.\n");
    auto added = site.build();
    REQUIRE(added.ok());
    auto moved = index_pages(site);
    CHECK(moved.size() == after.size() + 1);
    CHECK(contains(all_text(moved.at("page-000a/")), "A page between the first two."));
    for (const auto& [url, page] : after)
        if (url != "" && url != "sitemap/") CHECK_MESSAGE(moved.at(url) == page, url);
    CHECK(index_words(site).at("between") == std::map<std::string, int>{{"page-000a/", 1}});
    CHECK(index_words(site) == index_words_afresh(site));
}
