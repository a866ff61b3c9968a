// Pure text helpers shared by the stages: slugs, dates, escaping, suggestions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gazette {

// "2019-20 Annual Report!" -> "2019-20-annual-report". ASCII letters and
// digits survive; everything else becomes a single hyphen.
std::string slugify(std::string_view text);

struct Date {
    int year = 0;
    int month = 0;  // 1..12
    int day = 0;    // 1..31

    friend auto operator<=>(const Date&, const Date&) = default;
};

// Accepts exactly YYYY-MM-DD with a real calendar day.
std::optional<Date> parse_date(std::string_view text);
std::string iso_date(const Date& date);           // 2020-10-22
std::string long_date(const Date& date);          // 22 October 2020
std::optional<Date> date_from_unix_seconds(long long seconds);

std::string escape_html(std::string_view text);  // & < > " '

// The closest of the candidates within a small edit distance, for "did you mean".
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);

std::string trim(std::string_view text);

}  // namespace gazette
