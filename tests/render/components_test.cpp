// Components and figures in prose, built from inline fixture sites.
#include "../site_fixture.hpp"
#include "validate/validate.hpp"

#include <doctest/doctest.h>

using namespace gazette;
using testing::SiteFixture;
using testing::diagnostics_text;

namespace {

bool contains(const std::string& haystack, std::string_view needle) { return haystack.find(needle) != std::string::npos; }

constexpr const char* data_files = R"(
-- data/grants.json --
{
  "kind": "table",
  "title": "Grants 2018/19",
  "source": "Briefing, section 3.4",
  "columns": [
    {"key": "project", "label": "Project", "type": "text"},
    {"key": "amount", "label": "Funding amount", "type": "GBP"},
    {"key": "people", "label": "People", "type": "integer"}
  ],
  "rows": [
    {"project": "Analyst team", "amount": 20000, "people": 3},
    {"project": "Street Pastors", "amount": 7333, "people": 120}
  ],
  "total": {"label": "Total", "amount": 27333, "people": 123},
  "total_note": "Calculated from the rows.",
  "suppress_below": 5
}
-- data/crime.json --
{
  "kind": "trends",
  "title": "Recorded crime",
  "source": "Annual report, paragraph 6.1",
  "unit": "count",
  "good_direction": "down",
  "periods": ["2018/19", "2019/20"],
  "series": [
    {"key": "robbery", "label": "Robbery", "values": [400, 300]},
    {"key": "burglary", "label": "Burglary", "values": [null, 120]}
  ]
}
-- data/projects.json --
{
  "kind": "outcomes",
  "title": "Projects",
  "source": "Annual report, paragraph 3.3",
  "projects": [
    {"key": "asb-officers", "name": "City Centre ASB Enforcement Officers", "funding": 660000,
     "measures": [{"label": "People engaged", "actual": 600, "qualifier": "over", "unit": "people"}]}
  ]
}
)";

// Each chart's Chart.js configuration on a page, in page order.
std::vector<nlohmann::json> chart_configs(const std::string& page) {
    std::vector<nlohmann::json> configs;
    for (std::size_t at = page.find("class=\"chart__config\">"); at != std::string::npos; at = page.find("class=\"chart__config\">", at + 1)) {
        const std::size_t start = page.find('>', at) + 1;
        configs.push_back(nlohmann::json::parse(page.substr(start, page.find("</script>", start) - start)));
    }
    return configs;
}

}  // namespace

TEST_CASE("a table block shows a dataset as an accessible table with its source and downloads") {
    SiteFixture site(std::string(data_files) + R"(
-- content/reports/r.md --
---
title: Report
---
```table
dataset: grants
```
)");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    auto page = site.output("reports/r/index.html");
    CHECK(contains(page, "<caption id=\"data-grants-caption\">Grants 2018/19</caption>"));
    CHECK(contains(page, "<th scope=\"col\" class=\"align-right\">Funding amount</th>"));
    CHECK(contains(page, "<tr><th scope=\"row\">Analyst team</th><td class=\"align-right\">£20,000</td><td class=\"align-right\">[c]</td></tr>"));
    CHECK(contains(page, "<tr class=\"total\"><th scope=\"row\">Total</th><td class=\"align-right\">£27,333</td><td class=\"align-right\">123</td></tr>"));
    CHECK(contains(page, "<p>[c] Fewer than 5: not shown, to protect the people counted.</p>"));
    CHECK(contains(page, "<p>Calculated from the rows.</p>"));
    CHECK(contains(page, "<p>Source: Briefing, section 3.4</p>"));
    CHECK(contains(page, "<a href=\"../../data/grants.csv\" download>CSV</a>"));
}

TEST_CASE("every dataset is published as JSON, as written, and as CSV") {
    SiteFixture site(std::string(data_files) + "-- content/about.md --\n---\ntitle: About\n---\n");
    REQUIRE(site.build().ok());
    CHECK(site.output("data/grants.json") == testing::slurp(site.root() / "data" / "grants.json"));
    CHECK(site.output("data/grants.csv") ==
          "row,Project,Funding amount,People\r\ndata,Analyst team,20000,3\r\ndata,Street Pastors,7333,120\r\ntotal,Total,27333,123\r\n");
    CHECK(site.output("data/crime.csv") == "series,category,area,2018/19,2019/20\r\nRobbery,,,400,300\r\nBurglary,,,,120\r\n");
    CHECK(site.output("data/projects.csv") ==
          "project,funder,funding,period,status,measure,qualifier,actual,target,unit\r\n"
          "City Centre ASB Enforcement Officers,,660000,,,People engaged,over,600,,people\r\n");
}

TEST_CASE("figures in prose come from the data, formatted") {
    SiteFixture site(std::string(data_files) + R"(
-- content/about.md --
---
title: About
---
Robbery fell from {{ crime.robbery.2018/19 }} to {{ crime.robbery }}, by {{ crime.robbery.percent_change | abs }}.
The grants came to {{ grants.total.amount }}; Street Pastors had {{grants.street-pastors.amount}}.
The officers engaged {{ projects.asb-officers.people-engaged }} people with {{ projects.asb-officers.funding }}.
`{{ not.a.figure }}` stays as code.
)");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    auto page = site.output("about/index.html");
    CHECK(contains(page, "Robbery fell from <data value=\"400\">400</data> to <data value=\"300\">300</data>, by <data value=\"25\">25%</data>."));
    CHECK(contains(page, "The grants came to <data value=\"27333\">£27,333</data>; Street Pastors had <data value=\"7333\">£7,333</data>."));
    CHECK(contains(page, "engaged <data value=\"600\">over 600</data> people with <data value=\"660000\">£660,000</data>."));
    CHECK(contains(page, "<code>{{ not.a.figure }}</code>"));
}

TEST_CASE("a figure is two braces, no brace inside, and two braces") {
    SiteFixture site(std::string(data_files) + R"(
-- content/about.md --
---
title: About
---
A: {{{ crime.robbery }}.
B: {{ crime.robbery } or { crime.burglary }} stays.
C: {{crime.robbery}}{{crime.burglary}} touch.
D: {{ crime.robbery }} and then {{ unclosed.
E: a lone }} and {{ crime.robbery }}}.
)");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    auto page = site.output("about/index.html");
    const std::string robbery = "<data value=\"300\">300</data>";
    CHECK(contains(page, "A: {" + robbery + "."));
    CHECK(contains(page, "B: {{ crime.robbery } or { crime.burglary }} stays."));
    CHECK(contains(page, "C: " + robbery + "<data value=\"120\">120</data> touch."));
    CHECK(contains(page, "D: " + robbery + " and then {{ unclosed."));
    CHECK(contains(page, "E: a lone }} and " + robbery + "}."));
}

TEST_CASE("a missing dataset, value or format fails the build at the content line") {
    SiteFixture site(std::string(data_files) + R"(
-- content/about.md --
---
title: About
---
Intro.

Robbery: {{ crime.robery }}.

Grants: {{ grant.total.amount }}.

Burglary before: {{ crime.burglary.2018/19 }}.

Money: {{ grants.total.amount | pounds }}.

```table
dataset: crime
colums: [a]
```
)");
    auto result = site.build();
    CHECK_FALSE(result.ok());
    CHECK(diagnostics_text(result) ==
          "content/about.md:6:1: error: the figure {{ crime.robery }} has no value: there is no series \"robery\"; it has: robbery, burglary\n"
          "  hint: every figure in the text must come from data/crime.json\n"
          "content/about.md:8:1: error: there is no dataset \"grant\"\n"
          "  hint: did you mean \"grants\"?\n"
          "content/about.md:10:1: error: the figure {{ crime.burglary.2018/19 }} has no value: \"burglary\" has no value for 2018/19\n"
          "  hint: every figure in the text must come from data/crime.json\n"
          "content/about.md:12:1: error: unknown format \"pounds\" in {{ grants.total.amount | pounds }}\n"
          "  hint: formats are: abs, percent, gbp, number, round, lower\n"
          "content/about.md:16:1: error: unknown key \"colums\" in a table block\n"
          "  hint: did you mean \"columns\"?\n");
}

TEST_CASE("a table block's columns pick the dataset's columns and put them in the order given") {
    SiteFixture site(std::string(data_files) + R"(
-- content/reports/r.md --
---
title: Report
---
```table
dataset: grants
columns: [project, people, amount]
```

```table
dataset: grants
columns: [project, people]
```
)");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    auto page = site.output("reports/r/index.html");
    CHECK(contains(page, "<tr><th scope=\"row\">Street Pastors</th><td class=\"align-right\">120</td><td class=\"align-right\">£7,333</td></tr>"));
    CHECK(contains(page, "<tr><th scope=\"row\">Street Pastors</th><td class=\"align-right\">120</td></tr>"));
}

TEST_CASE("a trends dataset in a table block shows periods as columns") {
    SiteFixture site(std::string(data_files) + R"(
-- content/about.md --
---
title: About
---
```table
dataset: crime
caption: Robbery and burglary
```
)");
    REQUIRE(site.build().ok());
    auto page = site.output("about/index.html");
    CHECK(contains(page, "<caption id=\"data-crime-caption\">Robbery and burglary</caption>"));
    CHECK(contains(page, "<th scope=\"col\" class=\"align-right\">2019/20</th>"));
    CHECK(contains(page, "<tr><th scope=\"row\">Burglary</th><td class=\"align-right\">–</td><td class=\"align-right\">120</td></tr>"));
}

TEST_CASE("a chart block: description, canvas with an accessible name, config as inert JSON, the data as a table") {
    SiteFixture site(std::string(data_files) + R"(
-- content/reports/r.md --
---
title: Report
---
```chart
dataset: crime
type: line
title: Robbery fell
series: [robbery]
```
-- content/about.md --
---
title: About
---
No chart here.
)");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    auto page = site.output("reports/r/index.html");
    CHECK(contains(page, "<figcaption class=\"chart__title\" id=\"chart-crime-title\">Robbery fell</figcaption>"));
    CHECK(contains(page, "<p class=\"chart__description\" id=\"chart-crime-description\">Robbery fell from 400 in 2018/19 to 300 in 2019/20, a decrease of 100 (25%) (better).</p>"));
    CHECK(contains(page, "<canvas role=\"img\" aria-labelledby=\"chart-crime-title\" aria-describedby=\"chart-crime-description\"></canvas>"));
    CHECK(contains(page, "<div class=\"chart__canvas\" hidden>"));
    CHECK(contains(page, "<details class=\"chart__data\" open>"));
    CHECK(contains(page, "<tr><th scope=\"row\">Robbery</th><td class=\"align-right\">400</td><td class=\"align-right\">300</td></tr>"));
    CHECK_FALSE(contains(page, ">Burglary</th>"));  // only the series asked for
    CHECK(contains(page, "<script type=\"application/json\" class=\"chart__config\">{\"data\":{\"datasets\":[{\"backgroundColor\":\"#1d70b8\""));
    CHECK(contains(page, "\"type\":\"line\""));
    // Chart.js and the driver load on this page only, and are published because of it.
    CHECK(contains(page, "<script src=\"../../assets/chart.umd.min.js\" defer></script>\n<script src=\"../../assets/charts.js\" defer></script>"));
    CHECK_FALSE(contains(site.output("about/index.html"), "<script"));
    CHECK(site.output("assets/chart.umd.min.js").find("Chart") != std::string::npos);
    CHECK(site.has_output("assets/charts.js"));
}

TEST_CASE("a diverging chart draws the worse way in red only when the dataset says which way is good") {
    SiteFixture site(std::string(data_files) + R"(
-- data/unsaid.json --
{"kind": "trends", "title": "Change", "source": "Synthetic test data", "unit": "percent", "periods": ["2020/21"],
 "series": [{"key": "a", "label": "A", "values": [-10]}, {"key": "b", "label": "B", "values": [20]}]}
-- data/down.json --
{"kind": "trends", "title": "Change", "source": "Synthetic test data", "unit": "percent", "periods": ["2020/21"], "good_direction": "down",
 "series": [{"key": "a", "label": "A", "values": [-10]}, {"key": "b", "label": "B", "values": [20]}]}
-- data/up.json --
{"kind": "trends", "title": "Change", "source": "Synthetic test data", "unit": "percent", "periods": ["2020/21"], "good_direction": "up",
 "series": [{"key": "a", "label": "A", "values": [-10]}, {"key": "b", "label": "B", "values": [20]}]}
-- content/about.md --
---
title: About
---
```chart
dataset: unsaid
type: diverging
title: No way is better
```

```chart
dataset: down
type: diverging
title: Lower is better
```

```chart
dataset: up
type: diverging
title: Higher is better
```
)");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    std::vector<nlohmann::json> colours;
    for (const auto& config : chart_configs(site.output("about/index.html"))) colours.push_back(config["data"]["datasets"][0]["backgroundColor"]);
    REQUIRE(colours.size() == 3);
    const std::string red = "#d4351c";
    CHECK(colours[0] == nlohmann::json::array({"#1d70b8", "#4c2c92"}));  // a fall and a rise, neither red
    CHECK(colours[1] == nlohmann::json::array({"#1d70b8", red}));        // the rise is worse
    CHECK(colours[2] == nlohmann::json::array({red, "#4c2c92"}));        // the fall is worse
}

TEST_CASE("a diverging chart's axis is symmetric, in round steps with no end crowding the last tick") {
    // The largest change is 31.98%: the axis runs from -40% to 40% in tens (it ran to 35%, beside a 30% tick).
    SiteFixture site(std::string(data_files) + R"(
-- data/changes.json --
{"kind": "trends", "title": "Change", "source": "Synthetic test data", "unit": "percent", "periods": ["2020/21"],
 "series": [{"key": "robbery", "label": "Robbery", "values": [-29.63]}, {"key": "abuse", "label": "Domestic abuse", "values": [31.98]}]}
-- data/small.json --
{"kind": "trends", "title": "Small change", "source": "Synthetic test data", "unit": "percent", "periods": ["2020/21"],
 "series": [{"key": "a", "label": "A", "values": [-0.3]}, {"key": "b", "label": "B", "values": [0.25]}]}
-- content/about.md --
---
title: About
---
```chart
dataset: changes
type: diverging
title: Changes
```

```chart
dataset: small
type: diverging
title: Small changes
```
)");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    std::vector<nlohmann::json> axes;
    for (const auto& config : chart_configs(site.output("about/index.html"))) axes.push_back(config["options"]["scales"]["x"]);
    REQUIRE(axes.size() == 2);
    CHECK(axes[0]["min"] == -40.0);
    CHECK(axes[0]["max"] == 40.0);
    CHECK(axes[0]["ticks"]["stepSize"] == 10.0);
    for (const auto& axis : axes) {  // a whole number of steps out to each end, past the largest change
        const double max = axis["max"], step = axis["ticks"]["stepSize"];
        CHECK(axis["min"].get<double>() == -max);
        CHECK(std::abs(max / step - std::round(max / step)) < 1e-9);
        CHECK(max / step <= 5.0);
    }
    CHECK(axes[1]["max"].get<double>() >= 0.3);
    CHECK(axes[1]["max"].get<double>() < 0.41);
}

TEST_CASE("a site without charts ships no JavaScript") {
    SiteFixture site(std::string(data_files) + "-- content/about.md --\n---\ntitle: About\n---\n```table\ndataset: grants\n```\n");
    REQUIRE(site.build().ok());
    CHECK_FALSE(site.has_output("assets/chart.umd.min.js"));
    CHECK_FALSE(site.has_output("assets/charts.js"));
}

TEST_CASE("data cannot close the script element that holds a chart's configuration") {
    SiteFixture site(R"(
-- data/evil.json --
{"kind": "trends", "title": "T", "source": "S", "unit": "count", "periods": ["2019", "2020"],
 "series": [{"key": "a", "label": "</script><script>alert(1)</script> & <!--", "values": [1, 2]}]}
-- content/about.md --
---
title: About
---
```chart
dataset: evil
```
)");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    auto page = site.output("about/index.html");
    auto start = page.find("<script type=\"application/json\" class=\"chart__config\">");
    REQUIRE(start != std::string::npos);
    auto end = page.find("</script>", start);
    std::string json = page.substr(start, end - start);
    CHECK(json.find('<', 1) == std::string::npos);  // only the element's own opening tag
    CHECK(contains(json, "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\u0026 \\u003c!--"));
    CHECK_FALSE(contains(page, "<script>alert(1)</script>"));
}

TEST_CASE("chart mistakes are reported at the block") {
    SiteFixture site(std::string(data_files) + R"(
-- content/about.md --
---
title: About
---
```chart
dataset: grants
```

```chart
dataset: crime
type: pie
series: [robbery, arson]
```

```chart
dataset: crime
type: diverging
```
)");
    auto result = site.build();
    CHECK(diagnostics_text(result) ==
          "content/about.md:5:10: error: a chart block shows a trends dataset; grants is a table dataset\n"
          "  hint: show it with a table block instead\n"
          "content/about.md:10:7: error: \"pie\" is not a chart type\n"
          "  hint: types are: line, bar, horizontal-bar, diverging, stacked-bar\n"
          "content/about.md:11:9: error: the dataset crime has no series \"arson\"\n"
          "content/about.md:16:7: error: a diverging chart shows changes in one period; crime has 2\n"
          "  hint: use a line or bar chart for several periods\n");
}

TEST_CASE("kpi tiles: value, period, change, target and a status in words with an icon") {
    SiteFixture site(std::string(data_files) + R"(
-- content/about.md --
---
title: About
---
```kpi
tiles:
  - figure: crime.robbery
  - figure: crime.robbery
    label: Robbery against target
    target: 250
  - figure: projects.asb-officers.people-engaged
    target: 500
```
)");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    auto page = site.output("about/index.html");
    CHECK(contains(page, "<li class=\"kpi kpi--better\">\n<p class=\"kpi__label\">Robbery</p>\n<p class=\"kpi__value\"><data value=\"300\">300</data></p>\n"
                         "<p class=\"kpi__period\">2019/20</p>\n"
                         "<p class=\"kpi__change\"><span class=\"kpi__icon\" aria-hidden=\"true\">▼</span> Down 100 from 400 in 2018/19</p>\n"
                         "<p class=\"kpi__status\"><span class=\"kpi__icon\" aria-hidden=\"true\">✔</span> Better than 2018/19</p>"));
    CHECK(contains(page, "<li class=\"kpi kpi--worse\">\n<p class=\"kpi__label\">Robbery against target</p>"));
    CHECK(contains(page, "<p class=\"kpi__target\">Target: 250</p>\n<p class=\"kpi__status\"><span class=\"kpi__icon\" aria-hidden=\"true\">✖</span> Worse than target</p>"));
    CHECK(contains(page, "<p class=\"kpi__label\">People engaged</p>\n<p class=\"kpi__value\"><data value=\"600\">over 600</data></p>"));
    CHECK(contains(page, "✔</span> Target met</p>"));
}

TEST_CASE("a tile from a project cites the project's own paragraph in the dataset's document") {
    SiteFixture site(R"(
-- data/projects.json --
{
  "kind": "outcomes",
  "title": "Projects",
  "source": "Annual report 2019-20 (dated 22 October 2020), paragraphs 3.2, 3.3 and 4.5",
  "projects": [
    {"key": "champions", "name": "Champions", "source": "paragraph 3.2",
     "measures": [{"label": "Champions trained", "actual": 38}]},
    {"key": "helpline", "name": "Helpline", "source": "Helpline annual return 2019-20, page 4",
     "measures": [{"label": "Calls answered", "actual": 6000}]},
    {"key": "pastors", "name": "Street Pastors",
     "measures": [{"label": "Nights out", "actual": 52}]}
  ]
}
-- data/unplaced.json --
{
  "kind": "outcomes",
  "title": "Projects without a paragraph",
  "source": "Partnership plan",
  "projects": [
    {"key": "cctv", "name": "CCTV", "source": "section 2",
     "measures": [{"label": "Cameras", "actual": 6}]}
  ]
}
-- content/about.md --
---
title: About
---
```kpi
tiles:
  - figure: projects.champions.champions-trained
  - figure: projects.helpline.calls-answered
  - figure: projects.pastors.nights-out
  - figure: unplaced.cctv.cameras
```

```outcomes
dataset: projects
```
)");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    auto page = site.output("about/index.html");
    auto tile = [&](std::string_view value) {
        auto at = page.find(std::string("<data value=\"") + std::string(value) + "\">");
        REQUIRE(at != std::string::npos);
        auto from = page.find("<p class=\"kpi__source\">", at);
        return page.substr(from, page.find("</p>", from) + 4 - from);
    };
    // The row's paragraph, in the document the dataset's source names.
    CHECK(tile("38") == "<p class=\"kpi__source\">Source: Annual report 2019-20 (dated 22 October 2020), paragraph 3.2</p>");
    // A row's source that names its own document is cited as it is.
    CHECK(tile("6000") == "<p class=\"kpi__source\">Source: Helpline annual return 2019-20, page 4</p>");
    // A row without a source falls back on the dataset's.
    CHECK(tile("52") == "<p class=\"kpi__source\">Source: Annual report 2019-20 (dated 22 October 2020), paragraphs 3.2, 3.3 and 4.5</p>");
    // A dataset's source that locates nothing is all document.
    CHECK(tile("6") == "<p class=\"kpi__source\">Source: Partnership plan, section 2</p>");
    // The cards draw on many rows, so they keep the dataset's source.
    CHECK(contains(page, "Source: Annual report 2019-20 (dated 22 October 2020), paragraphs 3.2, 3.3 and 4.5.<span class=\"data-downloads\""));
}

TEST_CASE("kpi mistakes are reported at the tile") {
    SiteFixture site(std::string(data_files) + R"(
-- content/about.md --
---
title: About
---
```kpi
tiles:
  - figure: crime.arson
  - figure: grants.total
  - figure: crime.robbery
    colour: red
  - figure: crime.burglary
    label:
```
)");
    auto result = site.build();
    CHECK(diagnostics_text(result) ==
          "content/about.md:6:13: error: the tile's figure \"crime.arson\" has no value: there is no series \"arson\"; it has: robbery, burglary\n"
          "content/about.md:7:13: error: a tile shows a trends series or a project's measure; grants is a table dataset\n"
          "  hint: put the figure in a sentence with {{ }} instead\n"
          "content/about.md:9:5: error: unknown key \"colour\" in a tile\n"
          "  hint: a tile has figure, label and target\n"
          // An empty label was an exception with no place in the file (found by the fuzzer).
          "content/about.md:11:11: error: \"label\" must be text, got null\n"
          "  hint: write the tile's name after `label:`, or leave the key out for the measure's own\n");
}

TEST_CASE("priorities and outcomes blocks show cards from their datasets") {
    SiteFixture site(std::string(data_files) + R"(
-- data/plans.json --
{"kind": "priorities", "title": "Priorities 2014/15", "source": "Delivery plan",
 "priorities": [
   {"key": "young-people", "title": "Young people", "number": "ii", "theme": "People",
    "lead": {"name": "Jan Collymore", "role": "Area Youth Officer", "organisation": "BCC Youth Services"},
    "delivery_groups": [{"name": "Young Persons Sub-Group"}],
    "objectives": ["Engage young people in positive activities"]},
   {"key": "roads", "title": "Road safety"}
 ]}
-- content/about.md --
---
title: About
---
```priorities
dataset: plans
priorities: [young-people]
```

```outcomes
dataset: projects
heading: What the officers did
```
)");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    auto page = site.output("about/index.html");
    CHECK(contains(page, "<h3 class=\"cards__heading\" id=\"priorities-plans-heading\">Priorities 2014/15</h3>"));
    CHECK(contains(page, "<h4 class=\"card__title\"><span class=\"card__number\">(ii)</span> Young people</h4>"));
    CHECK(contains(page, "<div><dt>Lead</dt><dd>Jan Collymore (Area Youth Officer, BCC Youth Services)</dd></div>"));
    CHECK(contains(page, "<li>Young Persons Sub-Group</li>"));
    CHECK(contains(page, "<ol><li>Engage young people in positive activities</li></ol>\n</details>"));
    CHECK(contains(page, "<div class=\"card__objectives-print\" data-search-ignore>\n<p class=\"card__objectives-heading\">Objectives</p>\n"
                         "<ol><li>Engage young people in positive activities</li></ol>"));
    CHECK_FALSE(contains(page, "Road safety"));
    CHECK(contains(page, "<h3 class=\"cards__heading\" id=\"outcomes-projects-heading\">What the officers did</h3>"));
    CHECK(contains(page, "<div><dt>Funding</dt><dd>£660,000</dd></div>"));
    CHECK(contains(page, "<li><span class=\"card__figure\">over 600</span> People engaged</li>"));
}

TEST_CASE("a glossary expands each abbreviation on its first use per page, and gets a page of its own") {
    SiteFixture site(R"(
-- data/glossary.json --
{"kind": "glossary", "title": "Glossary", "source": "The reports",
 "terms": [{"abbr": "MARAC", "expansion": "Multi-Agency Risk Assessment Conference"},
           {"abbr": "ASB", "expansion": "anti-social behaviour"},
           {"abbr": "CCTV", "expansion": "closed-circuit television", "note": "Expansion not given in the sources."}]}
-- content/reports/r.md --
---
title: Report
---
## ASB in parks

Reports of ASB rose; ASB teams and the MARAC met. BASBO and CCTVs are not terms here.

Later ASB again.
-- content/about.md --
---
title: About
---
ASB.
)");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    auto page = site.output("reports/r/index.html");
    CHECK(contains(page, "<h2 id=\"asb-in-parks\">ASB in parks</h2>"));  // headings are left alone
    CHECK(contains(page, "<p>Reports of <abbr title=\"anti-social behaviour\">ASB</abbr> rose; ASB teams and the "
                         "<abbr title=\"Multi-Agency Risk Assessment Conference\">MARAC</abbr> met. BASBO and CCTVs are not terms here.</p>"));
    CHECK(contains(page, "<p>Later ASB again.</p>"));
    CHECK(contains(site.output("about/index.html"), "<abbr title=\"anti-social behaviour\">ASB</abbr>"));  // first use on each page

    auto glossary = site.output("glossary/index.html");
    CHECK(contains(glossary, "<h1>Glossary</h1>"));
    CHECK(glossary.find("term-asb") < glossary.find("term-cctv"));
    CHECK(glossary.find("term-cctv") < glossary.find("term-marac"));
    CHECK(contains(glossary, "<dd>closed-circuit television <span class=\"glossary__note\">(Expansion not given in the sources.)</span></dd>"));
    CHECK(contains(page, "<a href=\"../../glossary/\">Glossary</a>"));  // in the navigation
}

// Found by LeakSanitizer in the example site's build: a GFM table cell takes no
// custom node, so each of these was dropped from the cell (and leaked).
TEST_CASE("a figure, an abbreviation and a sized image in a Markdown table cell are shown") {
    SiteFixture site(std::string(data_files) + R"(
-- data/glossary.json --
{"kind": "glossary", "title": "Glossary", "source": "The reports",
 "terms": [{"abbr": "ASB", "expansion": "anti-social behaviour"}]}
-- content/reports/r.md --
---
title: Report
---
Table: Robbery by year

| Team | Robbery | Map |
| --- | --- | --- |
| ASB team | {{ crime.robbery }} | ![North](../map.svg) |
-- content/reports/map.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"/>
)");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    auto page = site.output("reports/r/index.html");
    CHECK(contains(page, "<td><abbr title=\"anti-social behaviour\">ASB</abbr> team</td>"));
    CHECK(contains(page, "<td><data value=\"300\">300</data></td>"));
    CHECK(contains(page, "<td><img src=\"../map.svg\" alt=\"North\" width=\"120\" height=\"40\" /></td>"));
    CHECK(page.find('\xFF') == std::string::npos);
}

TEST_CASE("a site without a glossary dataset has no glossary page") {
    SiteFixture site("-- content/about.md --\n---\ntitle: About\n---\nASB.\n");
    REQUIRE(site.build().ok());
    CHECK_FALSE(site.has_output("glossary/index.html"));
    CHECK(contains(site.output("about/index.html"), "<p>ASB.</p>"));
}

TEST_CASE("a site overrides a component's template in its themes/ folder") {
    SiteFixture site(std::string(data_files) + R"(
-- themes/components/kpi.mustache --
<div class="my-tiles">{{#tiles}}<b>{{label}}: {{value}}</b>{{/tiles}}</div>
-- content/about.md --
---
title: About
---
```kpi
figure: crime.robbery
```
)");
    REQUIRE(site.build().ok());
    CHECK(contains(site.output("about/index.html"), "<div class=\"my-tiles\"><b>Robbery: 300</b></div>"));
}

TEST_CASE("every chart colour has at least 3:1 contrast with the white background") {
    std::string series;
    for (int i = 0; i < 8; ++i)
        series += std::string(i ? "," : "") + R"({"key": "s)" + std::to_string(i) + R"(", "label": "S", "values": [1, 2]})";
    SiteFixture site(R"(
-- data/many.json --
{"kind": "trends", "title": "T", "source": "S", "unit": "count", "periods": ["2019", "2020"], "series": [)" + series + R"(]}
-- content/about.md --
---
title: About
---
```chart
dataset: many
type: line
```
)");
    REQUIRE(site.build().ok());
    auto page = site.output("about/index.html");
    auto config = page.substr(page.find("class=\"chart__config\">"));
    config = config.substr(0, config.find("</script>"));
    std::size_t colours = 0;
    for (auto at = config.find("\"#"); at != std::string::npos; at = config.find("\"#", at + 1)) {
        std::string colour = config.substr(at + 1, 7);
        CAPTURE(colour);
        CHECK(contrast_ratio(colour, "#ffffff") >= 3.0);
        ++colours;
    }
    CHECK(colours >= 16);  // a background and a border colour for each of the eight series
}
