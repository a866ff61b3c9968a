// End-to-end: a site written inline, built, and its pages checked.
#include "../site_fixture.hpp"
#include "render/render.hpp"
#include "scaffold/scaffold.hpp"

#include <doctest/doctest.h>

#include <map>
#include <set>

using namespace gazette;
using testing::SiteFixture;
using testing::diagnostics_text;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& haystack, std::string_view needle) { return haystack.find(needle) != std::string::npos; }

std::size_t position(const std::string& haystack, std::string_view needle) {
    auto at = haystack.find(needle);
    INFO("looking for: " << needle);
    REQUIRE(at != std::string::npos);
    return at;
}

constexpr const char* report_site = R"(
-- site.json --
{"title": "Safer Town", "organisation": "Safer Town Partnership", "language": "en-GB",
 "base_url": "https://reports.example.org/", "colours": {"primary": "#005ea5"},
 "footer": {"text": "Published by the partnership.", "links": [{"title": "Reports", "url": "/reports/"}]}}
-- content/_index.md --
---
title: Community safety reports
---
Welcome.
-- content/reports/_index.md --
---
title: Reports
summary: All reports.
---
-- content/reports/older.md --
---
title: Older report
date: 2018-05-01
committee: Scrutiny Panel
---
Old.
-- content/reports/annual/index.md --
---
title: Annual report
date: 2020-10-22
committee: Overview and Scrutiny
meeting_date: 2020-11-03
agenda_item: "7"
author: Chair of the partnership
purpose: To update the committee.
recommendations:
  - That the report be noted.
contact:
  name: Sam Lee
  email: sam@example.org
numbering: auto
---
## Purpose

First paragraph.

## Background

Second paragraph, see [1.1](#para-1-1).
-- content/reports/annual/delivery.md --
---
title: Delivery
weight: 20
---
## Plans

Continued.
-- content/reports/annual/context.md --
---
title: Context
weight: 10
---
## Context

Set the scene.
-- content/about.md --
---
title: About this site
---
About.
)";

}  // namespace

TEST_CASE("a report site builds with pretty URLs for every page") {
    SiteFixture site(report_site);
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    CHECK(result.pages == 10);  // with the accessibility statement, search and site map
    for (const char* path : {"index.html", "reports/index.html", "reports/older/index.html", "reports/annual/index.html",
                             "reports/annual/context/index.html", "reports/annual/delivery/index.html", "about/index.html",
                             "assets/gazette.css"})
        CHECK(site.has_output(path));
    CHECK(contains(site.output("assets/gazette.css"), "--brand-primary: #005ea5;"));  // at its end, one stylesheet
    CHECK_FALSE(site.has_output("assets/brand.css"));
}

TEST_CASE("the home page lists reports newest first") {
    SiteFixture site(report_site);
    REQUIRE(site.build().ok());
    auto home = site.output("index.html");
    CHECK(position(home, "Annual report") < position(home, "Older report"));
    CHECK(contains(home, "<a href=\"./reports/annual/\">Annual report</a>"));
    CHECK(contains(home, "<time datetime=\"2020-10-22\">22 October 2020</time>"));
    CHECK(contains(home, "<p>Welcome.</p>"));
    auto section = site.output("reports/index.html");
    CHECK(position(section, "Annual report") < position(section, "Older report"));
}

TEST_CASE("pages are accessible HTML: language, landmarks, skip link, one h1") {
    SiteFixture site(report_site);
    REQUIRE(site.build().ok());
    auto page = site.output("reports/annual/index.html");
    CHECK(contains(page, "<html lang=\"en-GB\" class=\"" + paper_head("/reports/annual/").page + "\">"));
    CHECK(contains(site.output("about/index.html"), "<html lang=\"en-GB\">"));
    CHECK(position(page, "<a class=\"skip-link\" href=\"#main\">") < position(page, "<header"));
    CHECK(contains(page, "<main id=\"main\" tabindex=\"-1\">"));
    CHECK(contains(page, "<nav class=\"site-nav\" aria-label=\"Site\">"));
    CHECK(contains(page, "<footer class=\"site-footer\">"));
    CHECK(page.find("<h1") == page.rfind("<h1"));
    CHECK(contains(page, "<title>Annual report – Safer Town</title>"));
    CHECK(contains(page, "<link rel=\"canonical\" href=\"https://reports.example.org/reports/annual/\">"));
    CHECK_FALSE(contains(page, "<script"));
}

TEST_CASE("a report shows its committee cover, contents and numbered paragraphs") {
    SiteFixture site(report_site);
    REQUIRE(site.build().ok());
    auto page = site.output("reports/annual/index.html");
    CHECK(contains(page, "<dt>Committee</dt><dd>Overview and Scrutiny</dd>"));
    CHECK(contains(page, "<dt>Meeting date</dt><dd><time datetime=\"2020-11-03\">3 November 2020</time></dd>"));
    CHECK(contains(page, "<dt>Agenda item</dt><dd>7</dd>"));
    CHECK(contains(page, "<h2>Recommendations</h2>\n<ol>\n<li>That the report be noted.</li>"));
    CHECK(contains(page, "<a href=\"mailto:sam@example.org\">sam@example.org</a>"));
    CHECK(contains(page, "<a href=\"#section-2\" class=\"toc__numbered\"><span class=\"toc__number\">2</span> Background</a>"));
    CHECK(contains(page, "id=\"para-2-1\""));
    CHECK(contains(page, "<a href=\"#para-1-1\">1.1</a>"));
}

TEST_CASE("pages of a report: reading order by weight, previous/next, continued numbering, breadcrumbs") {
    SiteFixture site(report_site);
    REQUIRE(site.build().ok());
    auto first = site.output("reports/annual/index.html");
    CHECK(contains(first, "<a href=\"../../reports/annual/context/\" rel=\"next\"><span class=\"pager__label\">Next page</span> Context</a>"));
    CHECK_FALSE(contains(first, "rel=\"prev\""));
    CHECK(position(first, ">Context</a></li>") < position(first, ">Delivery</a></li>"));

    auto context = site.output("reports/annual/context/index.html");
    CHECK(contains(context, "rel=\"prev\"><span class=\"pager__label\">Previous page</span> Annual report</a>"));
    CHECK(contains(context, "rel=\"next\"><span class=\"pager__label\">Next page</span> Delivery</a>"));
    CHECK(contains(context, "<h2 id=\"section-3\"><span class=\"section-number\">3</span> Context</h2>"));
    CHECK(contains(context, "<span aria-current=\"page\">Context</span>"));
    CHECK(contains(context, "<li><a href=\"../../../reports/\">Reports</a></li>\n<li><a href=\"../../../reports/annual/\">Annual report</a></li>"));
    CHECK_FALSE(contains(context, "class=\"cover\""));

    auto delivery = site.output("reports/annual/delivery/index.html");
    CHECK(contains(delivery, "id=\"section-4\""));
    CHECK(contains(delivery, "id=\"para-4-1\""));
    CHECK_FALSE(contains(delivery, "rel=\"next\""));
}

TEST_CASE("a report of several pages has a print page of all of them; a one-page report prints as it is") {
    SiteFixture site(report_site);
    REQUIRE(site.build().ok());
    auto print = site.output("reports/annual/print.html");
    CHECK(position(print, "First paragraph.") < position(print, "Set the scene."));
    CHECK(position(print, "Set the scene.") < position(print, "Continued."));
    CHECK(contains(site.output("reports/annual/index.html"), "href=\"../../reports/annual/print.html\""));
    // Both print as committee papers, with the running header of their own named page.
    for (const auto& [folder, committee] : {std::pair{"reports/older/", "Scrutiny Panel"}, {"reports/annual/", "Overview and Scrutiny"}}) {
        const std::string url = std::string("/") + folder;
        const PaperHead paper = paper_head(url);
        auto page = site.output(std::string(folder) + "index.html");
        CHECK(contains(page, " class=\"" + paper.page + "\">\n<head>"));
        CHECK(contains(page, "href=\"../../" + paper.sheet + "\" media=\"print\""));
        auto sheet = site.output(paper.sheet);
        CHECK(contains(sheet, "." + paper.page + " { page: " + paper.page + "; }"));
        CHECK(position(sheet, "@page " + paper.page + " {") < position(sheet, committee));
        CHECK_FALSE(site.has_output(std::string(folder) + "paper.css"));
    }
    CHECK(contains(site.output("reports/annual/delivery/index.html"), "class=\"" + paper_head("/reports/annual/").page + "\""));
    CHECK(contains(site.output(paper_head("/reports/annual/").sheet), "Meeting: 3 November 2020"));
    CHECK_FALSE(contains(site.output("about/index.html"), "assets/paper/"));
    CHECK_FALSE(site.has_output("reports/older/print.html"));
    CHECK_FALSE(contains(site.output("reports/older/index.html"), "print.html"));
}

TEST_CASE("reports share the stylesheets of their running headers, a few hundred at most however many reports") {
    std::string files;
    constexpr int reports = 600;
    for (int i = 0; i < reports; ++i)
        files += "-- content/reports/r" + std::to_string(i) + ".md --\n---\ntitle: Report " + std::to_string(i) +
                 "\ndate: 2020-01-01\ncommittee: Panel " + std::to_string(i) + "\n---\nText.\n";
    SiteFixture site(files);
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    std::set<std::string> sheets;
    for (const auto& entry : std::filesystem::directory_iterator(site.output_dir() / "assets" / "paper")) sheets.insert(entry.path().filename().string());
    CHECK(sheets.size() > 200);
    CHECK(sheets.size() <= 256);
    for (int i = 0; i < reports; ++i) {
        const std::string folder = "reports/r" + std::to_string(i) + "/";
        const PaperHead paper = paper_head("/" + folder);
        CHECK(sheets.count(std::filesystem::path(paper.sheet).filename().string()) == 1);
        auto sheet = site.output(paper.sheet);
        // Its rules once, and the committee right after its named page.
        const std::string rule = "@page " + paper.page + " {\n  @top-left { content: \"Panel " + std::to_string(i) + "\"; }";
        CHECK(position(sheet, rule) != std::string::npos);
        CHECK(sheet.find(rule, position(sheet, rule) + 1) == std::string::npos);
        CHECK_FALSE(site.has_output(folder + "paper.css"));
    }
}

TEST_CASE("navigation marks where the reader is") {
    SiteFixture site(report_site);
    REQUIRE(site.build().ok());
    auto about = site.output("about/index.html");
    CHECK(contains(about, "<li><a href=\"../about/\" aria-current=\"page\">About this site</a></li>"));
    auto report = site.output("reports/older/index.html");
    CHECK(contains(report, "<li><a href=\"../../reports/\" aria-current=\"true\">Reports</a></li>"));
    CHECK(position(report, ">Reports</a></li>\n<li><a href=\"../../about/\">") > 0);  // sections before pages
}

TEST_CASE("two builds of the same site are byte-identical") {
    SiteFixture site(report_site);
    REQUIRE(site.build().ok());
    std::map<std::string, std::string> first;
    for (const auto& entry : fs::recursive_directory_iterator(site.output_dir()))
        if (entry.is_regular_file()) first[entry.path().lexically_relative(site.output_dir()).string()] = testing::slurp(entry.path());
    REQUIRE(site.build().ok());
    std::map<std::string, std::string> second;
    for (const auto& entry : fs::recursive_directory_iterator(site.output_dir()))
        if (entry.is_regular_file()) second[entry.path().lexically_relative(site.output_dir()).string()] = testing::slurp(entry.path());
    CHECK(first == second);
}

TEST_CASE("a build date appears only when SOURCE_DATE_EPOCH gives one") {
    SiteFixture site(report_site);
    REQUIRE(site.build().ok());
    CHECK(contains(site.output("index.html"), "Built with Gazette."));
    BuildOptions options;
    options.build_date = Date{2024, 3, 1};
    REQUIRE(site.build(options).ok());
    CHECK(contains(site.output("index.html"), "Built with Gazette on <time datetime=\"2024-03-01\">1 March 2024</time>."));
}

TEST_CASE("drafts are left out unless asked for, with their report's pages") {
    SiteFixture site(R"(
-- content/reports/plan/index.md --
---
title: Plan
draft: true
---
-- content/reports/plan/part.md --
---
title: Part
---
-- content/reports/final.md --
---
title: Final
---
)");
    REQUIRE(site.build().ok());
    CHECK_FALSE(site.has_output("reports/plan/index.html"));
    CHECK_FALSE(site.has_output("reports/plan/part/index.html"));
    CHECK(site.has_output("reports/final/index.html"));
    BuildOptions options;
    options.include_drafts = true;
    REQUIRE(site.build(options).ok());
    CHECK(site.has_output("reports/plan/part/index.html"));
}

TEST_CASE("slugs in front matter change the address; files beside a report follow it") {
    SiteFixture site(R"(
-- content/reports/2019 Annual/index.md --
---
title: Annual
slug: annual-2019
---
![Map of the areas](map.svg)
-- content/reports/2019 Annual/map.svg --
<svg xmlns="http://www.w3.org/2000/svg"/>
-- static/logo.svg --
<svg xmlns="http://www.w3.org/2000/svg"/>
)");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    CHECK(site.has_output("reports/annual-2019/index.html"));
    CHECK(site.has_output("reports/annual-2019/map.svg"));
    CHECK(site.has_output("logo.svg"));
    CHECK(contains(site.output("reports/annual-2019/index.html"), "src=\"map.svg\""));
}

TEST_CASE("a site's themes/ folder overrides a built-in template and partial") {
    SiteFixture site(R"(
-- content/about.md --
---
title: About
---
Text.
-- themes/partials/site-footer.mustache --
<footer>Custom footer for {{site.title}}</footer>
-- themes/assets/gazette.css --
body { color: black; }
)");
    REQUIRE(site.build().ok());
    auto page = site.output("about/index.html");
    CHECK(contains(page, "<footer>Custom footer for Test site</footer>"));
    // The site's own stylesheet, with the brand colours after it.
    CHECK(site.output("assets/gazette.css").rfind("body { color: black; }\n\n/* Made by gazette from site.json's colours. */", 0) == 0);
}

TEST_CASE("the logo from site.json is in the header with its text alternative, on every page") {
    SiteFixture site(R"(
-- site.json --
{"title": "Safer Town", "logo": {"src": "images/crest.svg", "alt": "Safer Town Partnership"}}
-- static/images/crest.svg --
<svg xmlns="http://www.w3.org/2000/svg"/>
-- content/reports/a.md --
---
title: A
---
)");
    REQUIRE(site.build().ok());
    CHECK(contains(site.output("index.html"), "<img class=\"site-header__logo\" src=\"./images/crest.svg\" alt=\"Safer Town Partnership\">"));
    CHECK(contains(site.output("reports/a/index.html"), "src=\"../../images/crest.svg\""));
    CHECK(site.has_output("images/crest.svg"));

    site.write("site.json", R"({"title": "Safer Town",
  "logo": {"src": "crest.png", "alt": "Safer Town Partnership"}})");
    auto result = site.build();
    CHECK(diagnostics_text(result) ==
          "site.json:2:19: error: the logo \"crest.png\" is not a file the site publishes\n  hint: put it at static/crest.png\n");
}

TEST_CASE("a CSV file in data/ that no dataset uses is named in a warning, not silently ignored") {
    SiteFixture site(R"(
-- data/crime.csv --
area,change
City,-3.93
-- data/crime.json --
{"kind": "glossary", "title": "Glossary", "source": "The reports", "terms": []}
-- content/about.md --
---
title: About
---
)");
    auto result = site.build();
    CHECK(result.ok());
    CHECK(diagnostics_text(result) ==
          "data/crime.csv: warning: no dataset names this CSV file\n"
          "  hint: name it in a dataset's \"rows_csv\" or \"series_csv\"\n");
}

TEST_CASE("raw HTML is kept when site.json turns it on") {
    SiteFixture site(R"(
-- site.json --
{"title": "T", "markdown": {"unsafe_html": true}}
-- content/about.md --
---
title: About
---
<details><summary>More</summary>Hidden text.</details>
)");
    REQUIRE(site.build().ok());
    CHECK(contains(site.output("about/index.html"), "<details><summary>More</summary>Hidden text.</details>"));
}

TEST_CASE("a failed build leaves the previous site-output exactly as it was") {
    SiteFixture site(report_site);
    REQUIRE(site.build().ok());
    auto before = site.output("reports/annual/index.html");
    site.write("content/reports/annual/index.md", "---\ntitle: Annual\ndate: soon\n---\nChanged.\n");
    auto result = site.build();
    CHECK_FALSE(result.ok());
    CHECK(site.output("reports/annual/index.html") == before);
    int stray = 0;
    for (const auto& entry : fs::directory_iterator(site.root()))
        if (entry.path().filename().string().find(".site-output.") == 0) ++stray;
    CHECK(stray == 0);
}

TEST_CASE("check validates everything and writes nothing") {
    SiteFixture site(report_site);
    auto result = site.check();
    CHECK(result.ok());
    CHECK(result.pages == 10);  // with the accessibility statement, search and site map
    CHECK_FALSE(fs::exists(site.output_dir()));
}

TEST_CASE("an output folder that would destroy the site is refused") {
    SiteFixture site(report_site);
    for (const fs::path& out : {site.root(), site.root() / "content", site.root() / "data" / "x", site.root().parent_path(),
                                fs::path("/")}) {
        BuildOptions options;
        options.output = out;
        auto result = site.build(options);
        INFO(out.string());
        CHECK_FALSE(result.ok());
        CHECK(contains(result.failure, "refusing to write the site into"));
    }
    CHECK(fs::exists(site.root() / "content" / "reports" / "annual" / "index.md"));
}

TEST_CASE("gazette new writes a site that builds at once with no warnings") {
    fs::path dir = testing::make_temp_dir("new") / "my-site";
    create_site(dir);
    BuildOptions options;
    options.site = dir;
    auto result = build_site(options);
    INFO(diagnostics_text(result));
    CHECK(result.ok());
    CHECK(result.diagnostics.all().empty());
    CHECK(fs::exists(dir / "site-output" / "reports" / "first-report" / "index.html"));
    // What builds leave beside the sources stays out of git: the site, the spare beside it, the cache.
    const std::string ignored = testing::slurp(dir / ".gitignore");
    for (const char* line : {"/site-output/", "/.site-output.new/", "/.gazette-cache/"})
        CHECK(ignored.find(std::string(line) + "\n") != std::string::npos);
    CHECK_THROWS_AS(create_site(dir), ScaffoldError);
    fs::remove_all(dir.parent_path());
}

TEST_CASE("every site has an accessibility statement, from site.json, linked from every footer") {
    SiteFixture site(R"(
-- site.json --
{"title": "Safer Town", "organisation": "Safer Town Partnership",
 "accessibility": {"email": "access@example.org", "last_tested": "2026-11-20", "region": "wales",
                   "known_issues": ["Some older PDFs are not tagged."]}}
-- content/about.md --
---
title: About
---
)");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    auto page = site.output("accessibility/index.html");
    CHECK(contains(page, "<h1>Accessibility statement</h1>"));
    CHECK(contains(page, "This statement applies to Safer Town, published by Safer Town Partnership."));
    CHECK(contains(page, "partially compliant with the Web Content Accessibility Guidelines (WCAG 2.2 AA)"));
    CHECK(contains(page, "<li>Some older PDFs are not tagged.</li>"));
    CHECK(contains(page, "<a href=\"mailto:access@example.org\">access@example.org</a>"));
    CHECK(contains(page, "<p>The Equality and Human Rights Commission (EHRC) is responsible"));
    CHECK(contains(page, "last tested on <time datetime=\"2026-11-20\">20 November 2026</time>"));
    CHECK(contains(site.output("about/index.html"), "<li><a href=\"../accessibility/\">Accessibility statement</a></li>"));
}

TEST_CASE("an accessibility statement says plainly what it does not yet know") {
    SiteFixture site(R"(
-- site.json --
{"title": "T", "contact": {"email": "team@example.org"}, "accessibility": {"region": "northern-ireland"}}
-- content/about.md --
---
title: About
---
)");
    REQUIRE(site.build().ok());
    auto page = site.output("accessibility/index.html");
    CHECK(contains(page, "fully compliant"));
    CHECK(contains(page, "<a href=\"mailto:team@example.org\">team@example.org</a>"));  // the site's contact
    CHECK(contains(page, "has not yet been tested for accessibility by its publisher"));
    CHECK(contains(page, "<p>The Equality Commission for Northern Ireland (ECNI) is responsible"));
}

TEST_CASE("a site's own accessibility page replaces the generated one") {
    SiteFixture site("-- content/accessibility.md --\n---\ntitle: Our accessibility\n---\nWritten by us.\n");
    REQUIRE(site.build().ok());
    auto page = site.output("accessibility/index.html");
    CHECK(contains(page, "<p>Written by us.</p>"));
    CHECK(contains(page, "<li><a href=\"../accessibility/\">Our accessibility</a></li>"));
}

TEST_CASE("links and images inside the site must reach a page, file and anchor that exist") {
    SiteFixture site(R"(
-- content/reports/a.md --
---
title: A
numbering: auto
---
## One

First.

Second.
-- content/reports/b.md --
---
title: B
---
See [A's paragraph 1.2](/reports/a/#para-1-2), which exists.

But [paragraph 9.9](/reports/a/#para-9-9) does not,
nor does [the old report](../old-report/).

![A map of the areas](map.png)
)");
    auto result = site.build();
    CHECK_FALSE(result.ok());
    CHECK(diagnostics_text(result) ==
          "content/reports/b.md:6: error: the link ../../reports/a/#para-9-9 on /reports/b/index.html points to #para-9-9, "
          "which /reports/a/index.html does not have\n"
          "  hint: check the paragraph number; they are written #para-3-2\n"
          "content/reports/b.md:7: error: the link ../old-report/ on /reports/b/index.html leads to nothing the site publishes\n"
          "  hint: check the address; pages end in /\n"
          "content/reports/b.md:9: error: the link map.png on /reports/b/index.html leads to nothing the site publishes\n"
          "  hint: check the image's file name\n");
    CHECK_FALSE(fs::exists(site.output_dir()));
}
