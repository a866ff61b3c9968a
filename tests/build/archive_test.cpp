// The archive: reports of several years and series, indexed by period and
// type, linked to the year before and after; the latest leads the home page.
#include "../site_fixture.hpp"

#include <doctest/doctest.h>

using namespace gazette;
using testing::SiteFixture;
using testing::diagnostics_text;

namespace {

bool contains(const std::string& haystack, std::string_view needle) { return haystack.find(needle) != std::string::npos; }

std::size_t position(const std::string& haystack, std::string_view needle) {
    auto at = haystack.find(needle);
    INFO("looking for: " << needle);
    REQUIRE(at != std::string::npos);
    return at;
}

// Synthetic reports: an annual series of three years and one briefing.
constexpr const char* archive_site = R"(
-- content/_index.md --
---
title: Home
---
Welcome.
-- content/reports/_index.md --
---
title: Reports
---
-- content/reports/annual-2019.md --
---
title: Annual report 2019/20
date: 2020-10-22
period: "2019/20"
type: Annual report
series: annual
---
Text.
-- content/reports/annual-2018.md --
---
title: Annual report 2018/19
date: 2019-10-01
period: "2018/19"
type: Annual report
series: annual
---
Text.
-- content/reports/annual-2020.md --
---
title: Annual report 2020/21
date: 2021-10-01
period: "2020/21"
type: Annual report
series: annual
headline:
  - figure: crime.robbery
    label: Robberies
---
Text.
-- content/reports/briefing.md --
---
title: Scrutiny briefing
date: 2019-07-01
type: Scrutiny briefing
---
Text.
-- data/crime.json --
{"kind": "trends", "title": "Crime", "source": "Synthetic test data", "unit": "count",
 "periods": ["2019/20", "2020/21"],
 "series": [{"key": "robbery", "label": "Robbery", "values": [10, 12]}]}
)";

}  // namespace

TEST_CASE("reports of a series link to the year before and after") {
    SiteFixture site(archive_site);
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    auto middle = site.output("reports/annual-2019/index.html");
    CHECK(contains(middle, "Previous year:</span> <a href=\"../../reports/annual-2018/\">Annual report 2018/19</a> (2018/19)"));
    CHECK(contains(middle, "Next year:</span> <a href=\"../../reports/annual-2020/\">Annual report 2020/21</a> (2020/21)"));
    auto first = site.output("reports/annual-2018/index.html");
    CHECK_FALSE(contains(first, "Previous year:"));
    CHECK(contains(first, "Next year:</span> <a href=\"../../reports/annual-2019/\">"));
    CHECK_FALSE(contains(site.output("reports/annual-2020/index.html"), "Next year:"));
    CHECK_FALSE(contains(site.output("reports/briefing/index.html"), "series-nav"));  // no series, no links
}

TEST_CASE("the reports section is indexed by period, newest first, and by type") {
    SiteFixture site(archive_site);
    REQUIRE(site.build().ok());
    auto index = site.output("reports/index.html");
    auto y2020 = position(index, "<h2 id=\"period-2020-21\" class=\"archive__period\">2020/21</h2>");
    auto y2019 = position(index, "<h2 id=\"period-2019-20\" class=\"archive__period\">2019/20</h2>");
    auto y2018 = position(index, "<h2 id=\"period-2018-19\" class=\"archive__period\">2018/19</h2>");
    // No period given: the date's year; July 2019 is older than October 2019's 2018/19 report.
    auto briefing = position(index, "<h2 id=\"period-2019\" class=\"archive__period\">2019</h2>");
    CHECK(y2020 < y2019);
    CHECK(y2019 < y2018);
    CHECK(y2018 < briefing);
    CHECK(contains(index, "<li><a href=\"#period-2020-21\">2020/21</a></li>"));
    auto types = position(index, "<h2 id=\"by-type\">Reports by type</h2>");
    auto annual = position(index, "<h3 id=\"type-annual-report\">Annual report</h3>");
    auto scrutiny = position(index, "<h3 id=\"type-scrutiny-briefing\">Scrutiny briefing</h3>");
    CHECK(types < annual);
    CHECK(annual < scrutiny);
    CHECK(contains(index.substr(annual, scrutiny - annual), "<a href=\"../reports/annual-2018/\">Annual report 2018/19</a> (2018/19)"));
}

TEST_CASE("the home page leads with the latest report and its headline tiles") {
    SiteFixture site(archive_site);
    REQUIRE(site.build().ok());
    auto home = site.output("index.html");
    auto latest = position(home, "<h2 id=\"latest-heading\">Latest report</h2>");
    CHECK(latest < position(home, "<a href=\"./reports/annual-2020/\">Annual report 2020/21</a>"));
    CHECK(contains(home, "<p class=\"kpi__label\">Robberies</p>"));
    CHECK(contains(home, "<data value=\"12\">12</data>"));
    CHECK(latest < position(home, "<h2>All reports</h2>"));
}

TEST_CASE("a new report does not move the others, and the home page follows the data its tiles show") {
    SiteFixture site(archive_site);
    REQUIRE(site.build().ok());
    site.write("data/crime.json", R"({"kind": "trends", "title": "Crime", "source": "Synthetic test data", "unit": "count",
 "periods": ["2019/20", "2020/21"], "series": [{"key": "robbery", "label": "Robbery", "values": [10, 14]}]})");
    auto edited = site.build();
    REQUIRE(edited.ok());
    CHECK(edited.units_rendered == 1);  // the home page alone shows crime.json
    CHECK(contains(site.output("index.html"), "<data value=\"14\">14</data>"));

    site.write("content/reports/annual-2021.md", "---\ntitle: Annual report 2021/22\ndate: 2022-10-01\nseries: annual\n---\nText.\n");
    REQUIRE(site.build().ok());
    CHECK(site.has_output("reports/annual-2019/index.html"));  // addresses stay
    CHECK(contains(site.output("reports/annual-2020/index.html"), "Next year:</span> <a href=\"../../reports/annual-2021/\">"));
    CHECK(contains(site.output("index.html"), "<p class=\"latest__title\"><a href=\"./reports/annual-2021/\">"));
}

TEST_CASE("a home page lists the ten newest reports, and points to the rest") {
    SiteFixture site("-- content/_index.md --\n---\ntitle: Home\n---\nWelcome.\n");
    for (int n = 1; n <= 12; ++n) {  // synthetic reports, one a month
        std::string month = std::to_string(n);
        if (n < 10) month.insert(0, 1, '0');
        site.write("content/reports/r" + month + ".md",
                   "---\ntitle: Synthetic report " + month + "\ndate: 2020-" + month + "-01\n---\nText.\n");
    }
    REQUIRE(site.build().ok());
    auto home = site.output("index.html");
    CHECK(contains(home, "<h2>Recent reports</h2>"));
    CHECK(contains(home, "Synthetic report 12"));
    CHECK(contains(home, "Synthetic report 03"));
    CHECK_FALSE(contains(home, "Synthetic report 02"));  // the eleventh newest
    CHECK(contains(home, "in the <a href=\"./sitemap/\">site map</a>"));
    CHECK(contains(site.output("reports/index.html"), "Synthetic report 01"));  // every one on its section's page
}

TEST_CASE("mistakes in archive front matter point at their lines") {
    SiteFixture site(R"(
-- content/reports/a.md --
---
title: A
date: 2020-01-01
headline:
  - figure: crime.arson
    label: Arson
  - colour: red
---
Text.
-- data/crime.json --
{"kind": "trends", "title": "Crime", "source": "Synthetic test data", "unit": "count",
 "periods": ["2019/20"], "series": [{"key": "robbery", "label": "Robbery", "values": [10]}]}
)");
    auto result = site.build();
    CHECK_FALSE(result.ok());
    auto text = diagnostics_text(result);
    CHECK(contains(text, "content/reports/a.md:5:13: error: the tile's figure \"crime.arson\" has no value"));
    CHECK(contains(text, "content/reports/a.md:7:5: error: each tile needs `figure: dataset.series`"));

    site.write("content/reports/a.md", "---\ntitle: A\nseries: Annual Report\n---\nText.\n");
    CHECK(contains(diagnostics_text(site.build()),
                   "content/reports/a.md:3:9: error: \"series\" must be lower-case letters, digits and hyphens"));

    site.write("content/reports/a.md", "---\ntitle: A\nheadline: crime.robbery\n---\nText.\n");
    CHECK(contains(diagnostics_text(site.build()), "content/reports/a.md:3:11: error: \"headline\" must be a list of tiles"));
}
