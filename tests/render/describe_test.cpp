#include "render/describe.hpp"

#include <doctest/doctest.h>

using namespace gazette;

namespace {

std::vector<const TrendSeries*> all(const TrendsData& t) {
    std::vector<const TrendSeries*> out;
    for (const auto& s : t.series) out.push_back(&s);
    return out;
}

}  // namespace

TEST_CASE("changes: how many rose and fell, the largest of each, and whether either is better") {
    TrendsData t;
    t.unit = Unit::percent;
    t.values_are_changes = true;
    t.periods = {"2020/21"};
    t.series = {{"total", "Total recorded crime", "", "", {-3.93}}, {"robbery", "Robbery", "", "", {-29.63}},
                {"burglary", "Burglary", "", "", {-22.26}}, {"da", "Domestic abuse", "", "", {31.98}},
                {"hate", "Hate crime", "", "", {27.53}}};
    CHECK(describe_trends(t, all(t)) ==
          "In 2020/21, 3 of the 5 measures fell and 2 rose. The largest fall was in robbery, down 29.63%. "
          "The largest rise was in domestic abuse, up 31.98%. The source does not say whether a rise or a fall is better.");
    t.good = Direction::down;
    CHECK(describe_trends(t, all(t)) ==
          "In 2020/21, 3 of the 5 measures fell and 2 rose. The largest fall was in robbery, down 29.63% (better). "
          "The largest rise was in domestic abuse, up 31.98% (worse). A fall is better.");
}

TEST_CASE("levels: one series from first to last period, with the size of the change") {
    TrendsData t;
    t.periods = {"2019", "2020"};
    t.series = {{"requests", "Community Trigger requests", "", "", {3, 23}}};
    CHECK(describe_trends(t, all(t)) ==
          "Community Trigger requests rose from 3 in 2019 to 23 in 2020, an increase of 20 (667%).");
    t.good = Direction::down;
    CHECK(describe_trends(t, all(t)) ==
          "Community Trigger requests rose from 3 in 2019 to 23 in 2020, an increase of 20 (667%) (worse).");
}

TEST_CASE("levels: several series give the largest rise and fall; gaps are skipped") {
    TrendsData t;
    t.unit = Unit::gbp;
    t.periods = {"2017/18", "2018/19", "2019/20"};
    t.series = {{"a", "Grants", "", "", {1000, std::nullopt, 1500}}, {"b", "CCTV", "", "", {2000, 1800, 1200}},
                {"c", "New", "", "", {std::nullopt, std::nullopt, 50}}};
    CHECK(describe_trends(t, all(t)) ==
          "The largest rise: grants rose from £1,000 in 2017/18 to £1,500 in 2019/20, an increase of £500 (50%). "
          "The largest fall: CCTV fell from £2,000 in 2017/18 to £1,200 in 2019/20, a decrease of £800 (40%).");
}

TEST_CASE("no figures, no claims") {
    TrendsData t;
    t.periods = {"2019"};
    t.series = {{"a", "A", "", "", {std::nullopt}}};
    CHECK(describe_trends(t, all(t)) == "There are not enough figures to show a change over time.");
    t.values_are_changes = true;
    CHECK(describe_trends(t, all(t)) == "The source gives no figures for 2019.");
}
