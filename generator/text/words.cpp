#include "text/words.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace gazette {

namespace {

constexpr std::pair<char32_t, char32_t> word_ranges[] = {
#define GAZETTE_WORD_RANGES
#include "text/fold_table.inc"
#undef GAZETTE_WORD_RANGES
};

constexpr std::pair<char16_t, char16_t> folds[] = {
#include "text/fold_table.inc"
};

}  // namespace

bool is_word_character(char32_t c) {
    if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    auto range = std::upper_bound(std::begin(word_ranges), std::end(word_ranges), c,
                                  [](char32_t x, const auto& r) { return x < r.first; });
    return range != std::begin(word_ranges) && c <= std::prev(range)->second;
}

char32_t fold_character(char32_t c) {
    if (c < 0x80) return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
    if (c > 0xffff) return c;
    auto at = std::lower_bound(std::begin(folds), std::end(folds), c, [](const auto& f, char32_t x) { return f.first < x; });
    return at != std::end(folds) && at->first == c ? at->second : c;
}

namespace detail {

char32_t next_code_point(std::string_view text, std::size_t& at) {
    const auto lead = static_cast<unsigned char>(text[at]);
    std::size_t length = lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 && lead <= 0xdf ? 2 : 0;
    if (length == 0 || lead > 0xf4 || at + length > text.size()) {
        ++at;
        return 0;
    }
    char32_t c = lead & (0x7f >> length);
    for (std::size_t i = 1; i < length; ++i) {
        const auto next = static_cast<unsigned char>(text[at + i]);
        if ((next & 0xc0) != 0x80) {
            ++at;
            return 0;
        }
        c = c << 6 | (next & 0x3f);
    }
    // Overlong forms, surrogates and what lies past U+10FFFF are not UTF-8.
    static constexpr std::array<char32_t, 5> least{0, 0, 0x80, 0x800, 0x10000};
    if (c < least[length] || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff) {
        ++at;
        return 0;
    }
    at += length;
    return c;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xc0 | c >> 6);
        out += static_cast<char>(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xe0 | c >> 12);
        out += static_cast<char>(0x80 | (c >> 6 & 0x3f));
        out += static_cast<char>(0x80 | (c & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | c >> 18);
        out += static_cast<char>(0x80 | (c >> 12 & 0x3f));
        out += static_cast<char>(0x80 | (c >> 6 & 0x3f));
        out += static_cast<char>(0x80 | (c & 0x3f));
    }
}

}  // namespace detail

}  // namespace gazette
