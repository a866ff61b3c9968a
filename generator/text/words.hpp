// Words as search reads them, the same in the index Gazette writes and in
// the reader's browser (themes/default/scripts/search.js): runs of letters
// and digits of any script, folded to lower case without accents, so that
// "Ŵyl" is found as "wyl". tools/fold-table.mjs makes the tables both use.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace gazette {

// A letter or digit, of a word.
bool is_word_character(char32_t c);
// Lower case without its accent: 'Â' -> 'a', 'Ŵ' -> 'w', 'Ж' -> 'ж'; others as they are.
char32_t fold_character(char32_t c);

// Calls `each(word)` for every word of `text` in turn, folded, as UTF-8.
// A byte that is not UTF-8 parts words, as any other non-word character does.
template <typename Each>
void for_each_word(std::string_view text, Each&& each);

namespace detail {
// The code point of the UTF-8 sequence at `at`, moving `at` past it; 0 for a
// byte that starts no well-formed sequence, which it moves past alone.
char32_t next_code_point(std::string_view text, std::size_t& at);
void append_utf8(std::string& out, char32_t c);
}  // namespace detail

namespace detail {
// Each byte's kind: 0 for ASCII that parts words, 1 for a lower-case letter
// or digit, 2 for a capital, 3 for a byte of a character past ASCII.
inline constexpr auto byte_kinds = [] {
    std::array<unsigned char, 256> kinds{};
    for (int c = 0; c < 256; ++c)
        kinds[c] = c >= 0x80 ? 3 : (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? 1 : c >= 'A' && c <= 'Z' ? 2 : 0;
    return kinds;
}();
}  // namespace detail

template <typename Each>
void for_each_word(std::string_view text, Each&& each) {
    // Most words are ASCII in lower case already: given as views of the
    // text. The others are folded into a buffer.
    std::string folded;
    const std::size_t n = text.size();
    std::size_t at = 0;
    while (at < n) {
        while (at < n && detail::byte_kinds[static_cast<unsigned char>(text[at])] == 0) ++at;
        const std::size_t start = at;
        bool plain = true;
        while (at < n) {
            const unsigned char kind = detail::byte_kinds[static_cast<unsigned char>(text[at])];
            if (kind == 1) {
                ++at;
            } else if (kind == 2) {
                plain = false;
                ++at;
            } else if (kind == 3) {
                std::size_t next = at;
                const char32_t c = detail::next_code_point(text, next);
                if (c == 0 || !is_word_character(c)) break;
                if (fold_character(c) != c) plain = false;
                at = next;
            } else {
                break;
            }
        }
        if (at == start) {  // a character past ASCII that parts words
            detail::next_code_point(text, at);
            continue;
        }
        const std::string_view word = text.substr(start, at - start);
        if (plain) {
            each(word);
            continue;
        }
        folded.clear();
        for (std::size_t i = 0; i < word.size();) {
            const auto byte = static_cast<unsigned char>(word[i]);
            if (byte < 0x80) {
                folded += static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte - 'A' + 'a' : byte);
                ++i;
            } else {
                detail::append_utf8(folded, fold_character(detail::next_code_point(word, i)));
            }
        }
        each(std::string_view(folded));
    }
}

}  // namespace gazette
