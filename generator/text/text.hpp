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

// A calendar date, or only a month or a year where that is all a paper says.
struct Date {
    int year = 0;
    int month = 0;  // 1..12, or 0 when only the year is known
    int day = 0;    // 1..31, or 0 when only the month is known

    friend auto operator<=>(const Date&, const Date&) = default;
};

// Accepts YYYY-MM-DD with a real calendar day, YYYY-MM, or YYYY.
std::optional<Date> parse_date(std::string_view text);
std::string iso_date(const Date& date);   // 2020-10-22, 2019-07 or 2019
std::string long_date(const Date& date);  // 22 October 2020, July 2019 or 2019
std::optional<Date> date_from_unix_seconds(long long seconds);

std::string escape_html(std::string_view text);  // & < > " '
// As escape_html, less the control characters XML 1.0 does not allow (a strict parser stops at them).
std::string escape_xml(std::string_view text);
// An address with the bytes a URL cannot hold as they are (spaces, non-ASCII,
// quotes, <>) percent-encoded: "/maps/area map.png" -> "/maps/area%20map.png".
std::string encode_url(std::string_view url);

// The closest of the candidates within a small edit distance, for "did you
// mean"; by default a third of the word's length, and at least 2.
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates,
                                         std::optional<std::size_t> max_distance = std::nullopt);

std::string trim(std::string_view text);

// The offset of the first byte that does not belong to well-formed UTF-8
// (overlong forms, surrogates and code points past U+10FFFF included), if any.
std::optional<std::size_t> invalid_utf8_at(std::string_view text);
// What a diagnostic says of that byte: "the file is not UTF-8: the byte 0xE9 ...".
std::string not_utf8_message(std::string_view text, std::size_t at);
// Drops a UTF-8 byte-order mark from the start of a source's text, so that it
// never reaches a page.
void drop_byte_order_mark(std::string& text);

// A number as a machine reads it, with no trailing zeros: 300, 29.63, 1e-05.
std::string plain_number(double value);

}  // namespace gazette
