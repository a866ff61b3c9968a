// The search index's words: for every word of the site, the pages it is on
// and how much it counts on each, so that a reader's browser finds the pages
// a query matches from a few small files, not from the whole site's text.
//
// The words go into buckets by their first two letters, so that a query's
// word, which finds every word it starts, needs one bucket alone. A bucket is
// a file of its own, {"terms": {...}} with a word to a line, so that an edit
// rewrites only the lines of the words whose pages or counts changed, in the
// buckets that hold them.
#pragma once

#include "render/render.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gazette {

// What a word on a page counts for search: how many times it is in the
// text (up to 9), plus 10 when it is in a heading and 20 in the title.
// Never 0: a word in none of these is not on the page.
using TermCode = std::uint8_t;
// A page's words, each once with its code, in byte order.
using PageTerms = std::vector<std::pair<std::string, TermCode>>;
PageTerms search_terms(const SearchEntry& entry);

// FNV-1a of a word's UTF-8, 32 bits, as the counter below and a bucket's table take it.
std::uint32_t word_hash(std::string_view word);

// The same, for a build's thousands of pages: a counter each worker keeps,
// whose words (views into it, in no order, with their word_hash) last until
// its next count().
class TermCounter {
public:
    struct Term {
        std::string_view word;
        TermCode code = 0;
        std::uint32_t hash = 0;
    };
    const std::vector<Term>& count(const SearchEntry& entry);

private:
    struct Slot {
        std::uint32_t hash = 0;
        std::uint32_t at = 0;    // in words_
        std::uint16_t size = 0;  // 0: the slot is free
        std::uint8_t times = 0;
        std::uint8_t heading : 1 = 0;
        std::uint8_t title : 1 = 0;
    };
    Slot& slot(std::string_view word);
    void grow();
    std::vector<Slot> slots_;
    std::vector<std::uint32_t> used_;
    std::string words_;
    std::vector<Term> out_;
};

// A line of a chunk as search_chunk_line wrote it, read back; nullopt for any other text.
std::optional<SearchEntry> read_search_chunk_line(std::string_view line);

// How many buckets an index of so many pages has: about 32 pages to a
// bucket, a power of two, at most 256.
std::size_t search_bucket_count(std::size_t pages);
// The bucket of a word: a hash of its first two letters (the whole word if
// it has one), FNV-1a of their UTF-8, modulo the count.
std::size_t search_bucket(std::string_view term, std::size_t buckets);

// A page's place in the site's order and a word's code there, in one
// number: place * 64 + code. Sorted, they are in the site's order.
using Posting = std::uint32_t;
constexpr Posting posting(std::size_t place, TermCode code) { return static_cast<Posting>(place << 6 | code); }
constexpr std::uint32_t posting_place(Posting p) { return p >> 6; }
constexpr TermCode posting_code(Posting p) { return static_cast<TermCode>(p & 63); }

// A bucket's file: its words in byte order, each with its postings in the
// site's order, written as [place, code, gap, code, ...]: the first page's
// place, then each next one's distance from the one before.
std::string search_bucket_file(const std::vector<std::pair<std::string_view, std::vector<Posting>>>& words);

// A change to a word on a page: its code there now, 0 when it is no longer on it.
struct TermChange {
    std::string term;
    std::uint32_t place = 0;
    TermCode code = 0;
};
// The changes to a page's words between two versions of it.
void term_changes(const PageTerms& before, const PageTerms& now, std::uint32_t place, std::vector<TermChange>& out);
// A bucket's file (empty: a bucket with no file yet) with the changes made;
// empty when no word is left. nullopt when `bytes` is not a bucket's file.
std::optional<std::string> amend_search_bucket(std::string_view bytes, std::vector<TermChange> changes);

}  // namespace gazette
