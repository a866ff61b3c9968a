// The search index's words: how text splits into words and folds, what a
// word counts for on a page, and the buckets a build writes and amends.
#include "render/search_terms.hpp"
#include "text/words.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

using namespace gazette;

namespace {

std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> out;
    for_each_word(text, [&](std::string_view word) { out.emplace_back(word); });
    return out;
}

// A bucket's file as the browser reads it: word -> place -> code.
std::map<std::string, std::map<std::uint32_t, int>> read_bucket(const std::string& bytes) {
    std::map<std::string, std::map<std::uint32_t, int>> out;
    const nlohmann::json bucket = nlohmann::json::parse(bytes);
    for (const auto& [word, postings] : bucket.at("terms").items()) {
        std::uint32_t place = 0;
        for (std::size_t i = 0; i < postings.size(); i += 2) {
            place += postings[i].get<std::uint32_t>();
            out[word][place] = postings[i + 1].get<int>();
        }
    }
    return out;
}

}  // namespace

TEST_CASE("words are runs of letters and digits of any script, in lower case and without accents") {
    CHECK(words_of("Anti-social behaviour, 2019/20: £1.5m") == std::vector<std::string>{"anti", "social", "behaviour", "2019", "20", "1", "5m"});
    CHECK(words_of("Ŵyl Gymraeg, CAFÉ, Dvořák, Ærø, İstanbul") == std::vector<std::string>{"wyl", "gymraeg", "cafe", "dvorak", "ærø", "istanbul"});
    CHECK(words_of("the partnership’s plan — don't") == std::vector<std::string>{"the", "partnership", "s", "plan", "don", "t"});
    CHECK(words_of("ПОЛИЦИЯ Αθήνα 警察署") == std::vector<std::string>{"полиция", "αθηνα", "警察署"});
    CHECK(words_of("emoji 🙂 between") == std::vector<std::string>{"emoji", "between"});
    CHECK(words_of("bad \xff\xfe bytes\xc3") == std::vector<std::string>{"bad", "bytes"});
    CHECK(words_of("") == std::vector<std::string>{});
    CHECK(fold_character(U'Ŷ') == U'y');
    CHECK(fold_character(U'ẁ') == U'w');
    CHECK(fold_character(U'ß') == U'ß');
    CHECK_FALSE(is_word_character(U'\u2013'));  // en dash
    CHECK(is_word_character(U'½'));
}

TEST_CASE("a word on a page counts its times in the text up to 9, 10 for a heading and 20 for the title") {
    SearchEntry entry{"/reports/a/", "Robbery in Safer Town", "Reports",
                      {{"", "", "Robbery fell. Robbery, robbery."}, {"s-1", "1 Burglary", "Burglary too; and robbery."}}};
    for (int i = 0; i < 12; ++i) entry.parts[0].text += " again";
    std::map<std::string, int> codes;
    for (const auto& [word, code] : search_terms(entry)) codes[word] = code;
    CHECK(codes.at("robbery") == 24);   // four times in the text, and in the title
    CHECK(codes.at("burglary") == 11);  // once in the text, and in a heading
    CHECK(codes.at("1") == 10);         // in a heading alone
    CHECK(codes.at("safer") == 20);     // in the title alone
    CHECK(codes.at("again") == 9);      // twelve times, counted up to 9
    CHECK(codes.count("Robbery") == 0);
    const PageTerms terms = search_terms(entry);
    CHECK(std::is_sorted(terms.begin(), terms.end()));
}

TEST_CASE("a word's bucket hangs on its first two letters alone, so a query's word finds every word it starts in one bucket") {
    CHECK(search_bucket_count(1) == 1);
    CHECK(search_bucket_count(32) == 1);
    CHECK(search_bucket_count(33) == 2);
    CHECK(search_bucket_count(10000) == 256);
    for (std::size_t buckets : {1, 8, 256}) {
        CHECK(search_bucket("robbery", buckets) == search_bucket("ro", buckets));
        CHECK(search_bucket("ŵyl", buckets) == search_bucket("ŵy", buckets));
        CHECK(search_bucket("a", buckets) < buckets);
    }
    // FNV-1a of "ro", as search.js takes it too: 0x0f2cb8a2... modulo the count.
    std::uint32_t hash = 2166136261U;
    for (char c : std::string("ro")) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619U;
    CHECK(search_bucket("road", 256) == hash % 256);
}

TEST_CASE("a bucket amended with a page's changes is the bucket made afresh from the pages as they are") {
    std::vector<PageTerms> pages{
        {{"crime", 3}, {"robbery", 21}},
        {{"crime", 1}, {"criminal", 2}},
        {{"robbery", 9}},
    };
    auto bucket_of = [](const std::vector<PageTerms>& all) {
        std::map<std::string, std::vector<Posting>> words;
        for (std::size_t place = 0; place < all.size(); ++place)
            for (const auto& [word, code] : all[place]) words[word].push_back(posting(place, code));
        std::vector<std::pair<std::string_view, std::vector<Posting>>> list(words.begin(), words.end());
        return search_bucket_file(list);
    };
    const std::string before = bucket_of(pages);
    CHECK(read_bucket(before) == std::map<std::string, std::map<std::uint32_t, int>>{
                                     {"crime", {{0, 3}, {1, 1}}}, {"criminal", {{1, 2}}}, {"robbery", {{0, 21}, {2, 9}}}});
    CHECK(before.find("\"robbery\":[0,21,2,9]") != std::string::npos);  // the second page's place as its gap from the first

    // Page 1 loses "criminal", counts "crime" again and gains "arson" and "zebra".
    PageTerms now{{"arson", 1}, {"crime", 4}, {"zebra", 1}};
    std::vector<TermChange> changes;
    term_changes(pages[1], now, 1, changes);
    CHECK(changes.size() == 4);
    auto amended = amend_search_bucket(before, changes);
    REQUIRE(amended.has_value());
    pages[1] = now;
    CHECK(*amended == bucket_of(pages));

    // A page that is as it was changes nothing; a bucket emptied of words has no file.
    changes.clear();
    term_changes(now, now, 1, changes);
    CHECK(changes.empty());
    std::vector<TermChange> all_gone;
    for (std::size_t place = 0; place < pages.size(); ++place) term_changes(pages[place], {}, static_cast<std::uint32_t>(place), all_gone);
    CHECK(amend_search_bucket(*amended, all_gone) == std::string());
    // Words into a bucket that had no file.
    CHECK(amend_search_bucket("", {{"arson", 4, 2}}) == bucket_of({{}, {}, {}, {}, {{"arson", 2}}}));
    // Anything else is not a bucket.
    CHECK_FALSE(amend_search_bucket("{}", changes).has_value());
    CHECK_FALSE(amend_search_bucket("{\"terms\":{\n\"b\":[0,1],\n\"a\":[0,1]\n}}\n", changes).has_value());  // out of order
    CHECK_FALSE(amend_search_bucket("{\"terms\":{\n\"a\":[0,0]\n}}\n", changes).has_value());  // no such code
}
