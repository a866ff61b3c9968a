#include "build/search_index.hpp"

#include "text/hash.hpp"

#include <cstdio>
#include <stdexcept>

namespace gazette {

namespace {

// "search-index/0003-1a2b3c4d.json": its place among the chunks, then its bytes' hash.
std::string chunk_path(std::size_t index, const std::string& bytes) {
    char name[64];
    std::snprintf(name, sizeof name, "search-index/%04zu-%08llx.json", index,
                  static_cast<unsigned long long>(hash_bytes(bytes) & 0xffffffffULL));
    return name;
}

}  // namespace

SearchIndexWriter::SearchIndexWriter(std::vector<std::string> searchable, const BuildRecord& previous,
                                     const Placer& placer)
    : previous_(previous), placer_(placer) {
    for (std::size_t at = 0; at < searchable.size(); at += search_chunk_pages) {
        Chunk chunk;
        for (std::size_t i = at; i < searchable.size() && i < at + search_chunk_pages; ++i) {
            chunk_of_[searchable[i]] = chunks_.size();
            chunk.pages.push_back(std::move(searchable[i]));
        }
        chunks_.push_back(std::move(chunk));
    }
    records_.resize(chunks_.size());
    for (std::size_t j = 0; j < previous.search_chunks.size(); ++j) {
        const auto& chunk = previous.search_chunks[j];
        if (!placer.intact(chunk.path)) continue;  // deleted or edited by hand: its pages are rendered again
        for (const auto& url : chunk.pages) previous_of_[url] = j;
    }
}

bool SearchIndexWriter::has_entry(const std::string& url) const {
    return chunk_of_.count(url) == 0 || previous_of_.count(url) != 0;
}

void SearchIndexWriter::expect(const std::set<std::string>& urls) {
    for (const auto& url : urls)
        if (auto it = chunk_of_.find(url); it != chunk_of_.end()) ++chunks_[it->second].waiting;
}

void SearchIndexWriter::add(std::vector<SearchEntry> entries) {
    std::vector<std::size_t> ready;
    {
        std::lock_guard<std::mutex> hold(lock_);
        for (auto& entry : entries) {
            auto it = chunk_of_.find(entry.url);
            if (it == chunk_of_.end()) continue;
            Chunk& chunk = chunks_[it->second];
            std::string url = entry.url;
            bool first = chunk.fresh.insert_or_assign(std::move(url), std::move(entry)).second;
            if (first && chunk.waiting > 0 && --chunk.waiting == 0 && !chunk.done) {
                chunk.done = true;  // no other worker touches it now
                ready.push_back(it->second);
            }
        }
    }
    for (std::size_t index : ready) write(index, chunks_[index]);
}

std::vector<SearchChunkRecord> SearchIndexWriter::finish() {
    for (std::size_t index = 0; index < chunks_.size(); ++index)
        if (!chunks_[index].done) write(index, chunks_[index]);
    std::vector<std::string> paths;
    for (const auto& record : records_) paths.push_back(record.path);
    place("search-index.json", search_manifest(paths));
    return records_;
}

std::vector<std::string> SearchIndexWriter::amend(std::vector<SearchEntry> entries, StagedOutput& staged) {
    std::map<std::size_t, std::map<std::string, SearchEntry>> by_chunk;
    for (auto& entry : entries)
        if (auto it = chunk_of_.find(entry.url); it != chunk_of_.end()) by_chunk[it->second].emplace(entry.url, std::move(entry));
    std::vector<std::string> replaced;
    for (auto& [index, fresh] : by_chunk) {
        const std::string old_path = records_[index].path;
        std::vector<SearchEntry> current = read_search_chunk(read_file(staged.folder() / old_path));
        std::vector<const SearchEntry*> order;
        for (auto& entry : current) {
            auto again = fresh.find(entry.url);
            order.push_back(again == fresh.end() ? &entry : &again->second);
        }
        std::string bytes = search_chunk(order);
        std::string path = chunk_path(index, bytes);
        if (path == old_path) continue;
        staged.remove(old_path);
        stamps_.erase(old_path);
        written_.erase(old_path);
        replaced.push_back(old_path);
        place(path, bytes);
        records_[index].path = path;
    }
    if (!replaced.empty()) {
        std::vector<std::string> paths;
        for (const auto& record : records_) paths.push_back(record.path);
        place("search-index.json", search_manifest(paths), true);
    }
    return replaced;
}

void SearchIndexWriter::write(std::size_t index, Chunk& chunk) {
    chunk.done = true;
    // Nothing of it rendered now and the same pages as last time: kept as it is.
    if (chunk.fresh.empty() && index < previous_.search_chunks.size()) {
        const SearchChunkRecord& before = previous_.search_chunks[index];
        if (before.pages == chunk.pages && placer_.intact(before.path)) {
            std::lock_guard<std::mutex> hold(lock_);
            records_[index] = before;
            stamps_[before.path] = previous_.files.at(before.path);
            return;
        }
    }
    // The rest of its pages' entries come from the chunks the last build wrote.
    std::map<std::size_t, std::map<std::string, SearchEntry>> earlier;
    std::vector<const SearchEntry*> entries;
    for (const auto& url : chunk.pages) {
        if (auto fresh = chunk.fresh.find(url); fresh != chunk.fresh.end()) {
            entries.push_back(&fresh->second);
            continue;
        }
        auto from = previous_of_.find(url);
        if (from == previous_of_.end()) throw std::runtime_error("the search index has no entry for " + url);
        auto loaded = earlier.find(from->second);
        if (loaded == earlier.end()) {
            loaded = earlier.emplace(from->second, std::map<std::string, SearchEntry>{}).first;
            for (auto& entry : read_search_chunk(placer_.previous_bytes(previous_.search_chunks[from->second].path)))
                loaded->second.emplace(entry.url, std::move(entry));
        }
        auto entry = loaded->second.find(url);
        if (entry == loaded->second.end()) throw std::runtime_error("the search index has no entry for " + url);
        entries.push_back(&entry->second);
    }
    std::string bytes = search_chunk(entries);
    std::string path = chunk_path(index, bytes);
    place(path, bytes);
    std::lock_guard<std::mutex> hold(lock_);
    records_[index] = {path, chunk.pages};
    chunk.fresh.clear();
}

void SearchIndexWriter::place(const std::string& path, const std::string& bytes, bool restage) {
    auto [stamp, written] = placer_.place(path, bytes, restage);
    std::lock_guard<std::mutex> hold(lock_);
    stamps_[path] = stamp;
    if (written) written_.insert(path);
}

}  // namespace gazette
