#include "render/describe.hpp"

#include "render/format.hpp"

#include <algorithm>
#include <cmath>

namespace gazette {

namespace {

std::string lower_first(std::string text) {
    // "Robbery" -> "robbery", but "ASB" and "Community Trigger" keep their capitals.
    if (text.size() > 1 && std::isupper(static_cast<unsigned char>(text[0])) != 0 &&
        std::islower(static_cast<unsigned char>(text[1])) != 0)
        text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    return text;
}

std::string amount(double value, Unit unit) { return format_value(std::abs(value), unit); }

std::string goodness(Direction good, double change) {
    if (good == Direction::none || change == 0) return "";
    bool better = (change < 0) == (good == Direction::down);
    return better ? " (better)" : " (worse)";
}

// Datasets whose values are changes (one period): which rose, which fell.
std::string describe_changes(const TrendsData& t, const std::vector<const TrendSeries*>& series) {
    struct Item {
        std::string label;
        double value;
    };
    std::vector<Item> items;
    const std::string& period = t.periods.back();
    for (const auto* s : series)
        if (!s->values.empty() && s->values.back()) items.push_back({s->label, *s->values.back()});
    if (items.empty()) return "The source gives no figures for " + period + ".";
    auto rises = std::count_if(items.begin(), items.end(), [](const Item& i) { return i.value > 0; });
    auto falls = std::count_if(items.begin(), items.end(), [](const Item& i) { return i.value < 0; });
    if (items.size() == 1) {
        const auto& i = items[0];
        return i.label + (i.value < 0 ? " fell by " : i.value > 0 ? " rose by " : " did not change ") +
               (i.value == 0 ? "" : amount(i.value, t.unit)) + " in " + period + goodness(t.good, i.value) + ".";
    }
    std::string text = "In " + period + ", " + std::to_string(falls) + " of the " + std::to_string(items.size()) +
                       " measures fell and " + std::to_string(rises) + " rose.";
    auto [low, high] = std::minmax_element(items.begin(), items.end(),
                                           [](const Item& a, const Item& b) { return a.value < b.value; });
    if (low->value < 0) text += " The largest fall was in " + lower_first(low->label) + ", down " + amount(low->value, t.unit) + goodness(t.good, low->value) + ".";
    if (high->value > 0) text += " The largest rise was in " + lower_first(high->label) + ", up " + amount(high->value, t.unit) + goodness(t.good, high->value) + ".";
    if (t.good == Direction::none) text += " The source does not say whether a rise or a fall is better.";
    else text += std::string(" ") + (t.good == Direction::down ? "A fall is better." : "A rise is better.");
    return text;
}

// Levels over several periods: first to last, and the latest change.
std::string describe_levels(const TrendsData& t, const std::vector<const TrendSeries*>& series) {
    struct Movement {
        const TrendSeries* series;
        std::size_t from, to;
        double change;
    };
    std::vector<Movement> moves;
    for (const auto* s : series) {
        std::optional<std::size_t> first, last;
        for (std::size_t i = 0; i < s->values.size(); ++i)
            if (s->values[i]) {
                if (!first) first = i;
                last = i;
            }
        if (first && last && *first != *last) moves.push_back({s, *first, *last, *s->values[*last] - *s->values[*first]});
    }
    if (moves.empty()) return "There are not enough figures to show a change over time.";
    auto sentence = [&](const Movement& m) {
        const auto& v = m.series->values;
        std::string verb = m.change > 0 ? " rose" : m.change < 0 ? " fell" : " stayed";
        std::string text = m.series->label + verb + " from " + format_value(*v[m.from], t.unit) + " in " + t.periods[m.from] +
                           " to " + format_value(*v[m.to], t.unit) + " in " + t.periods[m.to];
        if (m.change != 0 && *v[m.from] != 0 && t.unit != Unit::percent) {
            double percent = m.change / std::abs(*v[m.from]) * 100.0;
            text += ", " + std::string(m.change > 0 ? "an increase of " : "a decrease of ") + amount(m.change, t.unit) +
                    " (" + format_percent(std::abs(percent), std::abs(percent) >= 10 ? 0 : 1) + ")";
        } else if (m.change != 0) {
            text += ", " + std::string(m.change > 0 ? "up " : "down ") + format_number(std::abs(m.change)) + " percentage points";
        }
        return text + goodness(t.good, m.change) + ".";
    };
    if (moves.size() == 1) return sentence(moves[0]);
    auto [low, high] = std::minmax_element(moves.begin(), moves.end(),
                                           [](const Movement& a, const Movement& b) { return a.change < b.change; });
    std::string text;
    if (high->change > 0) text += "The largest rise: " + lower_first(sentence(*high));
    if (low->change < 0) text += std::string(text.empty() ? "" : " ") + "The largest fall: " + lower_first(sentence(*low));
    if (text.empty()) text = "None of the " + std::to_string(moves.size()) + " series changed.";
    return text;
}

}  // namespace

std::string describe_trends(const TrendsData& trends, const std::vector<const TrendSeries*>& series) {
    if (trends.periods.empty() || series.empty()) return "There are no figures to describe.";
    if (trends.values_are_changes) return describe_changes(trends, series);
    return describe_levels(trends, series);
}

}  // namespace gazette
