// Dashboards: a grid layout, pages made from a dataset's rows, and a
// switcher between them that is plain links.
#include "../site_fixture.hpp"

#include <doctest/doctest.h>

using namespace gazette;
using testing::SiteFixture;
using testing::diagnostics_text;

namespace {

bool contains(const std::string& haystack, std::string_view needle) { return haystack.find(needle) != std::string::npos; }

// Synthetic areas and figures.
constexpr const char* areas_site = R"(
-- content/_index.md --
---
title: Home
---
Welcome.
-- content/areas/_index.md --
---
title: Area dashboards
layout: dashboard
period: "2023/24"
---
One page per area:
-- content/areas/area.md --
---
title: "{{ row.area }} dashboard"
summary: "Figures for {{ row.area }}."
layout: dashboard
generate:
  dataset: areas
  label: Choose an area
---
{{ row.area }} covers {{ row.wards }} wards; its lead is {{ row.lead | default "not yet named" }}.

```kpi
figure: crime.robbery
label: Robberies, all areas
```
-- data/areas.json --
{"kind": "table", "title": "Areas", "source": "Synthetic test data",
 "columns": [{"key": "area", "label": "Area", "type": "text"}, {"key": "wards", "label": "Wards", "type": "integer"},
             {"key": "lead", "label": "Lead", "type": "text"}],
 "rows": [{"area": "North", "wards": 4, "lead": "A. Smith"}, {"area": "South East", "wards": 6, "lead": null}]}
-- data/crime.json --
{"kind": "trends", "title": "Crime", "source": "Synthetic test data", "unit": "count",
 "periods": ["2022/23", "2023/24"], "series": [{"key": "robbery", "label": "Robbery", "values": [10, 12]}]}
)";

}  // namespace

TEST_CASE("a page for each row of a table dataset, filled from the row") {
    SiteFixture site(areas_site);
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    CHECK(result.diagnostics.all().empty());
    auto north = site.output("areas/north/index.html");
    CHECK(contains(north, "<h1>North dashboard</h1>"));
    CHECK(contains(north, "<p class=\"lede\">Figures for North.</p>"));
    CHECK(contains(north, "North covers 4 wards; its lead is A. Smith."));
    CHECK(contains(north, "<p class=\"kpi__label\">Robberies, all areas</p>"));
    auto south_east = site.output("areas/south-east/index.html");
    CHECK(contains(south_east, "South East covers 6 wards; its lead is not yet named."));
    CHECK_FALSE(site.has_output("areas/area/index.html"));  // the template itself is no page
    // Reached from their overview, not from the top navigation.
    CHECK_FALSE(contains(site.output("index.html"), "North dashboard"));
    auto overview = site.output("areas/index.html");
    CHECK(contains(overview, "<li><a href=\"../areas/north/\">North dashboard</a><p>Figures for North.</p></li>"));
    CHECK(contains(overview, "<a href=\"../areas/south-east/\">South East dashboard</a>"));
    CHECK_FALSE(contains(overview, "There are no reports yet"));
}

TEST_CASE("a row's values are text on its page: never Markdown, HTML or a figure, even with raw HTML on") {
    SiteFixture site(areas_site);
    site.write("site.json", R"({"title": "Test site", "markdown": {"unsafe_html": true}})");
    site.write("data/areas.json", R"({"kind": "table", "title": "Areas", "source": "Synthetic test data",
 "columns": [{"key": "area", "label": "Area", "type": "text"}, {"key": "wards", "label": "Wards", "type": "integer"},
             {"key": "lead", "label": "Lead", "type": "text"}],
 "rows": [{"area": "North", "wards": 4, "lead": "<script>alert(1)</script> [x](javascript:alert(2)) **bold** {{ crime.robbery }} {{{x}}}"}]})");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    CHECK(contains(site.output("areas/north/index.html"),
                   "its lead is &lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(2)) **bold** {{ crime.robbery }} {{{x}}}."));
}

TEST_CASE("the switcher links every generated page, the current one marked, with no script") {
    SiteFixture site(areas_site);
    REQUIRE(site.build().ok());
    auto north = site.output("areas/north/index.html");
    CHECK(contains(north, "<nav class=\"switcher\" aria-labelledby=\"switcher-heading\">"));
    CHECK(contains(north, "<h2 id=\"switcher-heading\" class=\"switcher__heading\">Choose an area</h2>"));
    CHECK(contains(north, "<li><a href=\"../../areas/north/\" aria-current=\"page\">North</a></li>"));
    CHECK(contains(north, "<li><a href=\"../../areas/south-east/\">South East</a></li>"));
    CHECK_FALSE(contains(north, "<script"));
}

TEST_CASE("a dashboard page lays its components out in a grid and shows its period") {
    SiteFixture site(areas_site);
    REQUIRE(site.build().ok());
    auto overview = site.output("areas/index.html");
    CHECK(contains(overview, "<body class=\"dashboard\">"));
    CHECK(contains(overview, "<div class=\"dashboard__grid\">"));
    CHECK(contains(overview, "<p class=\"dashboard__period\">Period: 2023/24</p>"));
}

TEST_CASE("a new row makes a new page, and every page of the set links to it") {
    SiteFixture site(areas_site);
    REQUIRE(site.build().ok());
    site.write("data/areas.json", R"({"kind": "table", "title": "Areas", "source": "Synthetic test data",
 "columns": [{"key": "area", "label": "Area", "type": "text"}, {"key": "wards", "label": "Wards", "type": "integer"},
             {"key": "lead", "label": "Lead", "type": "text"}],
 "rows": [{"area": "North", "wards": 4, "lead": "A. Smith"}, {"area": "South East", "wards": 6, "lead": null},
          {"area": "West", "wards": 3, "lead": "B. Jones"}]})");
    REQUIRE(site.build().ok());
    CHECK(contains(site.output("areas/west/index.html"), "West covers 3 wards"));
    CHECK(contains(site.output("areas/north/index.html"), "<a href=\"../../areas/west/\">West</a>"));
    CHECK(contains(site.output("areas/index.html"), "West dashboard"));
}

TEST_CASE("mistakes in a page template made from rows point at their lines") {
    SiteFixture site(areas_site);
    site.write("content/areas/area.md", "---\ntitle: \"{{ row.area }}\"\ngenerate:\n  dataset: areas\n---\n"
                                        "Text {{ row.ward }} and {{ row.lead | deflt \"x\" }}.\n");
    auto text = diagnostics_text(site.build());
    CHECK(contains(text, "content/areas/area.md:6:6: error: the rows have no column \"ward\"\n  hint: did you mean \"wards\"?"));
    CHECK(contains(text, "content/areas/area.md:6:25: error: after \"|\" write default \"TEXT\""));

    site.write("content/areas/area.md", "---\ntitle: Area\ngenerate:\n  dataset: area\n---\nText.\n");
    CHECK(contains(diagnostics_text(site.build()),
                   "content/areas/area.md:4:3: error: there is no dataset \"area\" to make pages from\n  hint: did you mean \"areas\"?"));
    site.write("content/areas/area.md", "---\ntitle: Area\ngenerate:\n  dataset: crime\n---\nText.\n");
    CHECK(contains(diagnostics_text(site.build()), "pages are made from the rows of a table dataset; crime is a trends dataset"));
    site.write("content/areas/area.md", "---\ntitle: Area\ngenerate:\n  dataset: areas\n  slug: name\n---\nText.\n");
    CHECK(contains(diagnostics_text(site.build()), "the dataset areas has no column \"name\" to name pages by"));
    site.write("content/areas/area.md", "---\ntitle: Area\n---\nText.\n");
    site.write("content/about.md", "---\ntitle: About\ngenerate:\n  dataset: areas\n---\nText.\n");
    CHECK(contains(diagnostics_text(site.build()), "content/about.md:4:3: error: pages made from a dataset's rows belong in a section folder"));
}

TEST_CASE("a layout the theme does not have is an error") {
    SiteFixture site("-- content/about.md --\n---\ntitle: About\nlayout: wide-board\n---\nText.\n");
    auto result = site.build();
    CHECK_FALSE(result.ok());
    CHECK(contains(diagnostics_text(result), "the theme has no template templates/wide-board.mustache"));
}

TEST_CASE("compare: the same measure from each year's dataset, side by side, with the change on the year before") {
    SiteFixture site(R"(
-- content/trend.md --
---
title: Robbery over the years
---
```compare
series: robbery
datasets: [crime-2022-23, crime-2023-24, crime-2024-25]
```
-- data/crime-2022-23.json --
{"kind": "trends", "title": "Crime 2022/23", "source": "Synthetic test data", "unit": "count",
 "periods": ["2021/22", "2022/23"], "series": [{"key": "robbery", "label": "Robbery", "values": [9, 12]}]}
-- data/crime-2023-24.json --
{"kind": "trends", "title": "Crime 2023/24", "source": "Synthetic test data", "unit": "count",
 "periods": ["2023/24"], "series": [{"key": "robbery", "label": "Robbery", "values": [15]}]}
-- data/crime-2024-25.json --
{"kind": "trends", "title": "Crime 2024/25", "source": "Synthetic test data", "unit": "count",
 "periods": ["2024/25"], "series": [{"key": "robbery", "label": "Robbery", "values": [15]}]}
)");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    CHECK(result.diagnostics.all().empty());  // all three datasets count as shown
    auto page = site.output("trend/index.html");
    CHECK(contains(page, "<figcaption class=\"chart__title\" id=\"compare-robbery-title\">Robbery in each year&apos;s report</figcaption>"));
    CHECK(contains(page, "<tr><th scope=\"row\">2022/23</th><td class=\"align-right\">12</td><td class=\"align-right\">–</td></tr>"));
    CHECK(contains(page, "<tr><th scope=\"row\">2023/24</th><td class=\"align-right\">15</td><td class=\"align-right\">Up 3 (25%)</td></tr>"));
    CHECK(contains(page, "<tr><th scope=\"row\">2024/25</th><td class=\"align-right\">15</td><td class=\"align-right\">No change</td></tr>"));
    CHECK(contains(page, "\"labels\":[\"2022/23\",\"2023/24\",\"2024/25\"]"));
    CHECK(contains(page, "<a href=\"../data/crime-2023-24.csv\" download>CSV</a>"));
    CHECK(contains(page, "assets/chart.umd.min.js"));

    site.write("content/trend.md", "---\ntitle: T\n---\n```compare\nseries: robbery\ndatasets: [crime-2022-23, crime-2023-24, crime-2025-26]\n```\n");
    CHECK(contains(diagnostics_text(site.build()), "content/trend.md:6:42: error: there is no dataset \"crime-2025-26\""));
    site.write("content/trend.md", "---\ntitle: T\n---\n```compare\nseries: robbery\ndatasets: [crime-2022-23]\n```\n");
    CHECK(contains(diagnostics_text(site.build()), "error: a compare block needs two or more datasets, oldest first"));
    site.write("content/trend.md", "---\ntitle: T\n---\n```compare\nseries: burglary\ndatasets: [crime-2022-23, crime-2023-24]\n```\n");
    CHECK(contains(diagnostics_text(site.build()), "error: the dataset crime-2022-23 has no series \"burglary\""));
}
