// The search index as the build writes it: chunks of search_chunk_pages pages
// in the site's order, each written as soon as its pages are rendered, so a
// build holds only a few chunks' text at a time, and each kept as it is while
// its pages are unchanged; and the buckets of its words (search_terms.hpp),
// made whole when the page tree changed and otherwise amended with the words
// of the pages rendered again. A file's name carries a hash of its bytes, so a
// reader's browser never mixes an old file with a new list of them.
#pragma once

#include "build/placer.hpp"
#include "build/record.hpp"
#include "render/render.hpp"
#include "render/search_terms.hpp"

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gazette {

// Which pages each chunk holds, and where each page is: the same for every
// build of the same page tree, so a session of builds keeps it.
struct SearchLayout {
    // `searchable`: every page's URL the index holds, in the site's order.
    explicit SearchLayout(std::vector<std::string> searchable);
    SearchLayout(SearchLayout&&) = default;  // (moving keeps the URLs where `place` sees them)
    SearchLayout& operator=(SearchLayout&&) = default;
    SearchLayout(const SearchLayout&) = delete;
    SearchLayout& operator=(const SearchLayout&) = delete;

    std::vector<std::vector<std::string>> chunks;
    std::size_t buckets = 1;  // of the index's words
    // URL -> its chunk and line, keyed by views of the URLs `chunks` holds.
    std::unordered_map<std::string_view, std::pair<std::size_t, std::size_t>> place;
};

class SearchIndexWriter {
public:
    SearchIndexWriter(const SearchLayout& layout, const BuildRecord& previous, const Placer& placer);

    // The last build's entry for the page is still in an intact chunk, so the
    // page need not be rendered again for the index's sake.
    [[nodiscard]] bool has_entry(const std::string& url) const;
    // has_entry() for every page: each chunk the last build wrote is intact and in its place.
    [[nodiscard]] bool aligned() const;
    // Before rendering: the pages rendered now, whose entries add() brings.
    void expect(const std::set<std::string>& urls);
    // Pages' entries as rendered; writes each chunk whose pages are all in.
    // Safe to call from several workers at once.
    void add(std::vector<SearchEntry> entries);
    // Writes the chunks not yet written, the buckets of words and the list
    // of them, and gives the chunks as the record keeps them.
    std::vector<SearchChunkRecord> finish();
    // After finish(), pages rendered once more: rewrites their chunks in the
    // staged site, which must hold the whole new site by now. Gives the paths
    // of chunks it replaced, which are gone from it.
    std::vector<std::string> amend(std::vector<SearchEntry> entries, StagedOutput& staged);
    [[nodiscard]] const std::vector<SearchChunkRecord>& chunks() const { return records_; }
    // The buckets' paths, "" for a bucket with no words, as the record keeps them.
    [[nodiscard]] const std::vector<std::string>& buckets() const { return bucket_paths_; }

    // What was placed, for the record and for the staged site.
    [[nodiscard]] const std::map<std::string, FileStamp>& stamps() const { return stamps_; }
    [[nodiscard]] const std::set<std::string>& written() const { return written_; }

private:
    struct Chunk {
        std::size_t waiting = 0;                  // entries expected and not yet added
        std::map<std::string, SearchEntry> fresh;  // rendered now, by URL
        bool done = false;
    };
    // Each bucket of words: made whole from every page's words, or (amending
    // the last build's) the changes to the words of the pages rendered now.
    // A word looked up with the hash the counter took of it already.
    struct HashedWord {
        std::string_view word;
        std::uint32_t hash;
        friend bool operator==(const std::string& a, const HashedWord& b) { return a == b.word; }
    };
    struct WordHash {
        using is_transparent = void;
        std::size_t operator()(const std::string& word) const { return word_hash(word); }
        std::size_t operator()(const HashedWord& word) const { return word.hash; }
    };
    struct Bucket {
        std::mutex lock;
        std::unordered_map<std::string, std::vector<Posting>, WordHash, std::equal_to<>> words;
        std::vector<TermChange> changes;
    };
    void write(std::size_t index, Chunk& chunk);
    // The words of a chunk's pages, given by their places and each page's
    // entry now and (amending) its line before.
    void add_terms(std::size_t index, const std::vector<const SearchEntry*>& now, const std::vector<std::string_view>& before);
    void write_buckets();
    std::string manifest() const;
    void place(const std::string& path, const std::string& bytes, bool restage = false);

    const BuildRecord& previous_;
    const Placer& placer_;
    const SearchLayout& layout_;
    std::vector<Chunk> chunks_;
    // Each chunk the last build wrote that is intact and holds the same
    // pages as the chunk in its place now: its pages' lines are where they
    // were. (The others' pages are rendered again: a chunk holds other pages
    // only when the page tree changed, which renders every page.)
    std::vector<bool> aligned_;
    std::vector<SearchChunkRecord> records_;
    // The last build's buckets are intact and of the same pages: amended, not made whole.
    bool amending_ = false;
    std::vector<Bucket> buckets_;
    std::vector<std::string> bucket_paths_;
    std::mutex lock_;
    std::map<std::string, FileStamp> stamps_;
    std::set<std::string> written_;
};

}  // namespace gazette
