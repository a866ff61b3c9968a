#include "text/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace gazette {

std::string slugify(std::string_view text) {
    std::string slug;
    bool pending_hyphen = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        // Apostrophes, straight or curly (U+2018/U+2019), join words: "children's" -> "childrens".
        if (c == '\'') continue;
        if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
            (static_cast<unsigned char>(text[i + 2]) == 0x98 || static_cast<unsigned char>(text[i + 2]) == 0x99)) {
            i += 2;
            continue;
        }
        if (c < 0x80 && std::isalnum(c) != 0) {
            if (pending_hyphen && !slug.empty()) slug += '-';
            pending_hyphen = false;
            slug += static_cast<char>(std::tolower(c));
        } else {
            pending_hyphen = true;
        }
    }
    return slug;
}

namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[static_cast<std::size_t>(m - 1)];
}

std::optional<int> digits(std::string_view s) {
    int value = 0;
    for (char c : s)
        if (c < '0' || c > '9') return std::nullopt;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{}) return std::nullopt;
    return value;
}

}  // namespace

std::optional<Date> parse_date(std::string_view text) {
    if (text.size() != 4 && text.size() != 7 && text.size() != 10) return std::nullopt;
    auto y = digits(text.substr(0, 4));
    if (!y) return std::nullopt;
    if (text.size() == 4) return Date{*y, 0, 0};
    auto m = text[4] == '-' ? digits(text.substr(5, 2)) : std::nullopt;
    if (!m || *m < 1 || *m > 12) return std::nullopt;
    if (text.size() == 7) return Date{*y, *m, 0};
    auto d = text[7] == '-' ? digits(text.substr(8, 2)) : std::nullopt;
    if (!d || *d < 1 || *d > days_in_month(*y, *m)) return std::nullopt;
    return Date{*y, *m, *d};
}

std::string iso_date(const Date& date) {
    char buf[32];
    if (date.month == 0) std::snprintf(buf, sizeof buf, "%04d", date.year);
    else if (date.day == 0) std::snprintf(buf, sizeof buf, "%04d-%02d", date.year, date.month);
    else std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.year, date.month, date.day);
    return buf;
}

std::string long_date(const Date& date) {
    static constexpr std::array<const char*, 12> months{"January", "February", "March",     "April",
                                                        "May",     "June",     "July",      "August",
                                                        "September", "October", "November", "December"};
    if (date.month == 0) return std::to_string(date.year);
    std::string month_year = std::string(months[static_cast<std::size_t>(date.month - 1)]) + ' ' + std::to_string(date.year);
    return date.day == 0 ? month_year : std::to_string(date.day) + ' ' + month_year;
}

std::optional<Date> date_from_unix_seconds(long long seconds) {
    if (seconds < 0) return std::nullopt;
    // Civil-from-days (Howard Hinnant's algorithm), so no time zone or locale applies.
    long long z = seconds / 86400 + 719468;
    long long era = z / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    int y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
    return Date{y, m, d};
}

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string escape_xml(std::string_view text) {
    std::string allowed;
    allowed.reserve(text.size());
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 || c == '\t' || c == '\n' || c == '\r') allowed += c;
    }
    return escape_html(allowed);
}

std::string encode_url(std::string_view url) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(url.size());
    for (char c : url) {
        auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' ||
            c == '{' || c == '|' || c == '}') {
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 0xf];
        } else {
            out += c;
        }
    }
    return out;
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates,
                                         std::optional<std::size_t> max_distance) {
    std::optional<std::string> best;
    std::size_t best_distance = max_distance.value_or(std::max<std::size_t>(2, word.size() / 3)) + 1;
    for (const auto& candidate : candidates) {
        std::size_t d = edit_distance(word, candidate);
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return best;
}

std::string plain_number(double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%.10g", value);
    return text;
}

std::string trim(std::string_view text) {
    auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string_view::npos) return {};
    auto end = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(begin, end - begin + 1));
}

namespace {

// The eight bytes at `at` as one integer, for a test of all eight at once.
std::uint64_t eight_bytes(std::string_view text, std::size_t at) {
    std::uint64_t bytes = 0;
    std::memcpy(&bytes, text.data() + at, sizeof bytes);
    return bytes;
}

}  // namespace

std::optional<std::size_t> invalid_utf8_at(std::string_view text) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    for (std::size_t i = 0; i < text.size();) {
        // Eight bytes at a time while none has its high bit set (ASCII), as most text is.
        if (i + 8 <= text.size() && (eight_bytes(text, i) & 0x8080808080808080ULL) == 0) {
            i += 8;
            continue;
        }
        unsigned char lead = byte(i);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        // The length a lead byte announces, and the range its first continuation byte must fall in.
        std::size_t length = 0;
        unsigned char low = 0x80, high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) length = 2;
        else if (lead == 0xE0) length = 3, low = 0xA0;
        else if (lead == 0xED) length = 3, high = 0x9F;  // not the UTF-16 surrogates
        else if (lead >= 0xE1 && lead <= 0xEF) length = 3;
        else if (lead == 0xF0) length = 4, low = 0x90;
        else if (lead == 0xF4) length = 4, high = 0x8F;  // not past U+10FFFF
        else if (lead >= 0xF1 && lead <= 0xF3) length = 4;
        else return i;
        for (std::size_t k = 1; k < length; ++k) {
            if (i + k >= text.size()) return i;
            unsigned char c = byte(i + k);
            if (k == 1 ? (c < low || c > high) : (c < 0x80 || c > 0xBF)) return i;
        }
        i += length;
    }
    return std::nullopt;
}

std::string not_utf8_message(std::string_view text, std::size_t at) {
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[at]));
    return std::string("the file is not UTF-8: the byte ") + byte + " here is not part of a character";
}

void drop_byte_order_mark(std::string& text) {
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
}

}  // namespace gazette
