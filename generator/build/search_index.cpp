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

// A chunk's lines, one per page, as a build wrote them.
std::vector<std::string_view> lines_of(std::string_view bytes, std::size_t pages, const std::string& path) {
    auto lines = search_chunk_lines(bytes);
    if (!lines || lines->size() != pages)
        throw std::runtime_error("the search index's " + path + " is not as the last build wrote it; delete .gazette-cache/ and build again");
    return *lines;
}

}  // namespace

SearchIndexWriter::SearchIndexWriter(std::vector<std::string> searchable, const BuildRecord& previous,
                                     const Placer& placer)
    : previous_(previous), placer_(placer) {
    chunks_.resize((searchable.size() + search_chunk_pages - 1) / search_chunk_pages);
    chunk_of_.reserve(searchable.size());
    for (std::size_t i = 0; i < searchable.size(); ++i) {
        std::vector<std::string>& pages = chunks_[i / search_chunk_pages].pages;
        pages.push_back(std::move(searchable[i]));
    }
    for (std::size_t index = 0; index < chunks_.size(); ++index)
        for (const auto& url : chunks_[index].pages) chunk_of_.emplace(url, index);  // each chunk's URLs stay where they are now
    records_.resize(chunks_.size());
    previous_of_.reserve(searchable.size());
    for (std::size_t j = 0; j < previous.search_chunks.size(); ++j) {
        const auto& chunk = previous.search_chunks[j];
        if (!placer.intact(chunk.path)) continue;  // deleted or edited by hand: its pages are rendered again
        for (std::size_t line = 0; line < chunk.pages.size(); ++line) previous_of_[chunk.pages[line]] = {j, line};
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
        const std::vector<std::string>& pages = records_[index].pages;
        const std::string current = read_file(staged.folder() / old_path);
        std::vector<std::string_view> lines = lines_of(current, pages.size(), old_path);
        std::vector<std::string> again;
        again.reserve(fresh.size());
        for (std::size_t i = 0; i < pages.size(); ++i)
            if (auto entry = fresh.find(pages[i]); entry != fresh.end()) lines[i] = again.emplace_back(search_chunk_line(entry->second));
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
    // The rest of its pages' lines come as they are from the chunks the last build wrote.
    std::map<std::size_t, std::pair<std::string, std::vector<std::string_view>>> earlier;  // bytes, lines
    std::vector<std::string> fresh_lines;
    fresh_lines.reserve(chunk.fresh.size());
    std::vector<std::string_view> lines;
    for (const auto& url : chunk.pages) {
        if (auto fresh = chunk.fresh.find(url); fresh != chunk.fresh.end()) {
            lines.push_back(fresh_lines.emplace_back(search_chunk_line(fresh->second)));
            continue;
        }
        auto from = previous_of_.find(url);
        if (from == previous_of_.end()) throw std::runtime_error("the search index has no entry for " + url);
        const auto [j, line] = from->second;
        auto loaded = earlier.find(j);
        if (loaded == earlier.end()) {
            const SearchChunkRecord& before = previous_.search_chunks[j];
            loaded = earlier.emplace(j, std::pair{placer_.previous_bytes(before.path), std::vector<std::string_view>{}}).first;
            loaded->second.second = lines_of(loaded->second.first, before.pages.size(), before.path);
        }
        lines.push_back(loaded->second.second[line]);
    }
    std::string bytes = search_chunk(lines);
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
