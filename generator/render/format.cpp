#include "render/format.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace gazette {

namespace {

int needed_decimals(double value) {
    for (int d = 0; d < 2; ++d) {
        double scaled = value * std::pow(10.0, d);
        if (std::abs(scaled - std::round(scaled)) < 1e-9) return d;
    }
    return 2;
}

// Whether a citation's part starts by pointing into a document ("paragraphs 3.2
// and 3.3", "section 3.5", "page 4") rather than naming one ("Pages of ...").
bool locates(std::string_view part) {
    static constexpr std::array<std::string_view, 8> words{"paragraph", "paragraphs", "para", "paras",
                                                           "section",   "sections",   "page", "pages"};
    auto space = part.find(' ');
    if (space == std::string_view::npos || space + 1 >= part.size() ||
        std::isdigit(static_cast<unsigned char>(part[space + 1])) == 0)
        return false;
    std::string first;
    for (char c : part.substr(0, space)) first += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (auto word : words)
        if (first == word) return true;
    return false;
}

}  // namespace

std::string format_number(double value, int decimals) {
    if (decimals < 0) decimals = needed_decimals(value);
    // Half away from zero, as readers round (printf would round 1234.5 to 1234).
    double scale = std::pow(10.0, decimals);
    value = std::round(value * scale) / scale;
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, std::abs(value));
    std::string digits = buffer;
    auto point = digits.find('.');
    std::string whole = digits.substr(0, point);
    std::string fraction = point == std::string::npos ? "" : digits.substr(point);
    std::string grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
        grouped += whole[i];
    }
    bool negative = value < 0 && (grouped + fraction).find_first_not_of("0.,") != std::string::npos;
    return (negative ? "-" : "") + grouped + fraction;
}

std::string format_gbp(double value, int decimals) {
    if (decimals < 0) decimals = std::abs(value - std::round(value)) < 1e-9 ? 0 : 2;
    std::string number = format_number(value, decimals);
    return number[0] == '-' ? "-£" + number.substr(1) : "£" + number;
}

std::string format_percent(double value, int decimals) { return format_number(value, decimals) + "%"; }

std::string format_value(double value, Unit unit, int decimals) {
    switch (unit) {
        case Unit::gbp: return format_gbp(value, decimals);
        case Unit::percent: return format_percent(value, decimals);
        case Unit::count: return format_number(value, decimals);
    }
    return format_number(value, decimals);
}

std::string format_measure(const Measure& measure) {
    if (!measure.actual) return "not given";
    std::string figure = format_number(*measure.actual);
    return measure.qualifier.empty() ? figure : measure.qualifier + " " + figure;
}

std::string cite_row(std::string_view dataset_source, std::string_view row_source) {
    if (row_source.empty()) return std::string(dataset_source);
    if (!locates(row_source)) return std::string(row_source);
    std::string_view document = dataset_source;
    for (auto comma = dataset_source.find(", "); comma != std::string_view::npos;
         comma = dataset_source.find(", ", comma + 2)) {
        if (locates(dataset_source.substr(comma + 2))) {
            document = dataset_source.substr(0, comma);
            break;
        }
    }
    if (locates(document)) return std::string(row_source);  // the dataset names no document either
    if (document.empty()) return std::string(row_source);
    return std::string(document) + ", " + std::string(row_source);
}

}  // namespace gazette
