#include "build/search_index.hpp"

#include "text/hash.hpp"

#include <algorithm>
#include <iterator>
#include <cstdio>
#include <stdexcept>
#include <tuple>

namespace gazette {

namespace {

// "search-index/0003-1a2b3c4d.json": its place among the chunks, then its bytes' hash.
std::string chunk_path(std::size_t index, const std::string& bytes) {
    char name[64];
    std::snprintf(name, sizeof name, "search-index/%04zu-%08llx.json", index,
                  static_cast<unsigned long long>(hash_bytes(bytes) & 0xffffffffULL));
    return name;
}

// "search-index/words-007-1a2b3c4d.json": a bucket of words, by number and hash.
std::string bucket_path(std::size_t index, const std::string& bytes) {
    char name[64];
    std::snprintf(name, sizeof name, "search-index/words-%03zu-%08llx.json", index,
                  static_cast<unsigned long long>(hash_bytes(bytes) & 0xffffffffULL));
    return name;
}

// A file of the index that the last build wrote was changed since, by hand or by another program.
[[noreturn]] void spoiled(const std::string& path) {
    throw std::runtime_error("the search index's " + path + " is not as the last build wrote it; delete .gazette-cache/ and build again");
}

// A page's entry as a line of the chunk at `path` holds it.
SearchEntry entry_of_line(std::string_view line, const std::string& path) {
    auto entry = read_search_chunk_line(line);
    if (!entry) spoiled(path);
    return std::move(*entry);
}

// A chunk's lines, one per page, as a build wrote them.
std::vector<std::string_view> lines_of(std::string_view bytes, std::size_t pages, const std::string& path) {
    auto lines = search_chunk_lines(bytes);
    if (!lines || lines->size() != pages) spoiled(path);
    return *lines;
}

}  // namespace

SearchLayout::SearchLayout(std::vector<std::string> searchable) {
    chunks.resize((searchable.size() + search_chunk_pages - 1) / search_chunk_pages);
    for (std::size_t i = 0; i < searchable.size(); ++i) chunks[i / search_chunk_pages].push_back(std::move(searchable[i]));
    buckets = search_bucket_count(searchable.size());
    place.reserve(searchable.size());
    for (std::size_t index = 0; index < chunks.size(); ++index)  // each chunk's URLs stay where they are now
        for (std::size_t line = 0; line < chunks[index].size(); ++line) place.emplace(chunks[index][line], std::pair{index, line});
}

SearchIndexWriter::SearchIndexWriter(const SearchLayout& layout, const BuildRecord& previous, const Placer& placer)
    : previous_(previous),
      placer_(placer),
      layout_(layout),
      chunks_(layout.chunks.size()),
      aligned_(layout.chunks.size()),
      buckets_(layout.buckets),
      bucket_paths_(layout.buckets) {
    records_.resize(chunks_.size());
    for (std::size_t j = 0; j < std::min(previous.search_chunks.size(), aligned_.size()); ++j) {
        const auto& chunk = previous.search_chunks[j];
        // Deleted or edited by hand, its pages are rendered again.
        aligned_[j] = j < aligned_.size() && chunk.pages == layout.chunks[j] && placer.intact(chunk.path);
    }
    amending_ = aligned() && previous.search_buckets.size() == buckets_.size() &&
                std::all_of(previous.search_buckets.begin(), previous.search_buckets.end(),
                            [&](const std::string& path) { return path.empty() || placer.intact(path); });
}

bool SearchIndexWriter::has_entry(const std::string& url) const {
    auto at = layout_.place.find(url);
    return at == layout_.place.end() || aligned_[at->second.first];
}

bool SearchIndexWriter::aligned() const {
    return previous_.search_chunks.size() == aligned_.size() && std::all_of(aligned_.begin(), aligned_.end(), [](bool a) { return a; });
}

void SearchIndexWriter::expect(const std::set<std::string>& urls) {
    std::size_t fresh = 0;
    for (const auto& url : urls)
        if (auto it = layout_.place.find(url); it != layout_.place.end()) {
            ++chunks_[it->second.first].waiting;
            ++fresh;
        }
    // Amending reads the words each page rendered again had before; making
    // the buckets whole reads those of the others. Whichever reads less.
    if (fresh * 2 > layout_.place.size()) amending_ = false;
}

void SearchIndexWriter::add(std::vector<SearchEntry> entries) {
    std::vector<std::size_t> ready;
    {
        std::lock_guard<std::mutex> hold(lock_);
        for (auto& entry : entries) {
            auto it = layout_.place.find(entry.url);
            if (it == layout_.place.end()) continue;
            const std::size_t index = it->second.first;
            Chunk& chunk = chunks_[index];
            std::string url = entry.url;
            bool first = chunk.fresh.insert_or_assign(std::move(url), std::move(entry)).second;
            if (first && chunk.waiting > 0 && --chunk.waiting == 0 && !chunk.done) {
                chunk.done = true;  // no other worker touches it now
                ready.push_back(index);
            }
        }
    }
    for (std::size_t index : ready) write(index, chunks_[index]);
}

std::vector<SearchChunkRecord> SearchIndexWriter::finish() {
    for (std::size_t index = 0; index < chunks_.size(); ++index)
        if (!chunks_[index].done) write(index, chunks_[index]);
    write_buckets();
    place("search-index.json", manifest());
    return records_;
}

std::string SearchIndexWriter::manifest() const {
    std::vector<std::string> paths;
    for (const auto& record : records_) paths.push_back(record.path);
    return search_manifest(paths, bucket_paths_);
}

void SearchIndexWriter::add_terms(std::size_t index, const std::vector<const SearchEntry*>& now, const std::vector<std::string_view>& before) {
    const std::size_t first = index * search_chunk_pages;
    const std::string& before_path = index < previous_.search_chunks.size() ? previous_.search_chunks[index].path : std::string();
    if (amending_) {
        std::map<std::size_t, std::vector<TermChange>> changes;  // by bucket
        for (std::size_t i = 0; i < now.size(); ++i) {
            if (!now[i]) continue;
            std::vector<TermChange> mine;
            term_changes(search_terms(entry_of_line(before.at(i), before_path)), search_terms(*now[i]), static_cast<std::uint32_t>(first + i), mine);
            for (auto& change : mine) changes[search_bucket(change.term, buckets_.size())].push_back(std::move(change));
        }
        for (auto& [b, mine] : changes) {
            Bucket& bucket = buckets_[b];
            std::lock_guard<std::mutex> hold(bucket.lock);
            bucket.changes.insert(bucket.changes.end(), std::make_move_iterator(mine.begin()), std::make_move_iterator(mine.end()));
        }
        return;
    }
    // Made whole: every page's words, sorted into buckets here so that each
    // bucket is locked once a chunk. (Each worker keeps its own tables.)
    struct Sorted {
        TermCounter counter;
        std::string words;  // the chunk's words, one after another
        // Where in `words`, how long, its hash, the posting.
        std::vector<std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, Posting>>> buckets;
    };
    thread_local Sorted sorted;
    sorted.words.clear();
    sorted.buckets.resize(buckets_.size());
    for (auto& bucket : sorted.buckets) bucket.clear();
    for (std::size_t i = 0; i < now.size(); ++i) {
        std::optional<SearchEntry> read;
        if (!now[i]) read = entry_of_line(before.at(i), before_path);
        const auto place = static_cast<std::uint32_t>(first + i);
        for (const auto& term : sorted.counter.count(now[i] ? *now[i] : *read)) {
            sorted.buckets[search_bucket(term.word, buckets_.size())].emplace_back(
                static_cast<std::uint32_t>(sorted.words.size()), static_cast<std::uint32_t>(term.word.size()), term.hash, posting(place, term.code));
            sorted.words += term.word;
        }
    }
    const std::string_view words(sorted.words);
    for (std::size_t b = 0; b < buckets_.size(); ++b) {
        if (sorted.buckets[b].empty()) continue;
        Bucket& bucket = buckets_[b];
        std::lock_guard<std::mutex> hold(bucket.lock);
        for (const auto& [at, size, hash, p] : sorted.buckets[b]) {
            const std::string_view word = words.substr(at, size);
            auto it = bucket.words.find(HashedWord{word, hash});
            if (it == bucket.words.end()) it = bucket.words.emplace(std::string(word), std::vector<Posting>{}).first;
            it->second.push_back(p);
        }
    }
}

void SearchIndexWriter::write_buckets() {
    for (std::size_t b = 0; b < buckets_.size(); ++b) {
        Bucket& bucket = buckets_[b];
        std::string bytes;
        if (amending_) {
            const std::string& before = previous_.search_buckets[b];
            if (bucket.changes.empty()) {  // kept as it is
                bucket_paths_[b] = before;
                if (!before.empty()) {
                    std::lock_guard<std::mutex> hold(lock_);
                    stamps_[before] = previous_.files.at(before);
                }
                continue;
            }
            auto amended = amend_search_bucket(before.empty() ? std::string() : placer_.previous_bytes(before), std::move(bucket.changes));
            if (!amended) spoiled(before);
            bytes = std::move(*amended);
        } else {
            std::vector<std::pair<std::string_view, std::vector<Posting>>> words;
            words.reserve(bucket.words.size());
            for (auto& [word, postings] : bucket.words) {
                std::sort(postings.begin(), postings.end());  // chunks come in as their pages are rendered
                words.emplace_back(word, std::move(postings));
            }
            std::sort(words.begin(), words.end(), [](const auto& a, const auto& c) { return a.first < c.first; });
            bytes = search_bucket_file(words);
        }
        bucket_paths_[b].clear();
        if (bytes.empty()) continue;
        bucket_paths_[b] = bucket_path(b, bytes);
        place(bucket_paths_[b], bytes);
    }
    buckets_ = std::vector<Bucket>(0);
}

std::vector<std::string> SearchIndexWriter::amend(std::vector<SearchEntry> entries, StagedOutput& staged) {
    std::map<std::size_t, std::map<std::string, SearchEntry>> by_chunk;
    for (auto& entry : entries)
        if (auto it = layout_.place.find(entry.url); it != layout_.place.end()) by_chunk[it->second.first].emplace(entry.url, std::move(entry));
    std::vector<std::string> replaced;
    std::map<std::size_t, std::vector<TermChange>> changes;  // by bucket
    for (auto& [index, fresh] : by_chunk) {
        const std::string old_path = records_[index].path;
        const std::vector<std::string>& pages = records_[index].pages;
        const std::string current = read_file(staged.folder() / old_path);
        std::vector<std::string_view> lines = lines_of(current, pages.size(), old_path);
        std::vector<std::string> again;
        again.reserve(fresh.size());
        for (std::size_t i = 0; i < pages.size(); ++i)
            if (auto entry = fresh.find(pages[i]); entry != fresh.end()) {
                std::vector<TermChange> mine;
                term_changes(search_terms(entry_of_line(lines[i], old_path)), search_terms(entry->second),
                             static_cast<std::uint32_t>(index * search_chunk_pages + i), mine);
                for (auto& change : mine) changes[search_bucket(change.term, bucket_paths_.size())].push_back(std::move(change));
                lines[i] = again.emplace_back(search_chunk_line(entry->second));
            }
        std::string bytes = search_chunk(lines);
        std::string path = chunk_path(index, bytes);
        if (path == old_path) continue;
        staged.remove(old_path);
        stamps_.erase(old_path);
        written_.erase(old_path);
        replaced.push_back(old_path);
        place(path, bytes);
        records_[index].path = path;
    }
    for (auto& [b, mine] : changes) {
        const std::string old_path = bucket_paths_[b];
        auto amended = amend_search_bucket(old_path.empty() ? std::string() : read_file(staged.folder() / old_path), std::move(mine));
        if (!amended) throw std::runtime_error("the search index's " + old_path + " is not as this build wrote it");
        const std::string path = amended->empty() ? std::string() : bucket_path(b, *amended);
        if (path == old_path) continue;
        if (!old_path.empty()) {
            staged.remove(old_path);
            stamps_.erase(old_path);
            written_.erase(old_path);
            replaced.push_back(old_path);
        }
        if (!path.empty()) place(path, *amended);
        bucket_paths_[b] = path;
        if (old_path.empty()) replaced.emplace_back();  // the list changes all the same
    }
    if (!replaced.empty()) {
        std::erase(replaced, std::string());
        place("search-index.json", manifest(), true);
    }
    return replaced;
}

void SearchIndexWriter::write(std::size_t index, Chunk& chunk) {
    chunk.done = true;
    const std::vector<std::string>& pages = layout_.chunks[index];
    // Nothing of it rendered now and the same pages as last time: kept as it is.
    if (chunk.fresh.empty() && aligned_[index]) {
        const SearchChunkRecord& before = previous_.search_chunks[index];
        if (!amending_) {  // its pages' words, for buckets made whole
            const std::string bytes = placer_.previous_bytes(before.path);
            add_terms(index, std::vector<const SearchEntry*>(pages.size()), lines_of(bytes, before.pages.size(), before.path));
        }
        std::lock_guard<std::mutex> hold(lock_);
        records_[index] = before;
        stamps_[before.path] = previous_.files.at(before.path);
        return;
    }
    // The rest of its pages' lines come as they are from the chunk the last
    // build wrote in its place, where (amending) the words of those rendered
    // now were before.
    std::string before_bytes;
    std::vector<std::string_view> before_lines;
    if (aligned_[index] && (amending_ || chunk.fresh.size() < pages.size())) {
        const SearchChunkRecord& before = previous_.search_chunks[index];
        before_bytes = placer_.previous_bytes(before.path);
        before_lines = lines_of(before_bytes, before.pages.size(), before.path);
    }
    std::vector<std::string> fresh_lines;
    fresh_lines.reserve(chunk.fresh.size());
    std::vector<std::string_view> lines;
    std::vector<const SearchEntry*> now(pages.size());
    for (std::size_t i = 0; i < pages.size(); ++i) {
        const std::string& url = pages[i];
        if (auto fresh = chunk.fresh.find(url); fresh != chunk.fresh.end()) {
            lines.push_back(fresh_lines.emplace_back(search_chunk_line(fresh->second)));
            now[i] = &fresh->second;
            continue;
        }
        if (!aligned_[index]) throw std::runtime_error("the search index has no entry for " + url);
        lines.push_back(before_lines[i]);
    }
    add_terms(index, now, before_lines);
    std::string bytes = search_chunk(lines);
    std::string path = chunk_path(index, bytes);
    place(path, bytes);
    std::lock_guard<std::mutex> hold(lock_);
    records_[index] = {path, pages};
    chunk.fresh.clear();
}

void SearchIndexWriter::place(const std::string& path, const std::string& bytes, bool restage) {
    auto [stamp, written] = placer_.place(path, bytes, restage);
    std::lock_guard<std::mutex> hold(lock_);
    stamps_[path] = stamp;
    if (written) written_.insert(path);
}

}  // namespace gazette
