#include "build/search_index.hpp"

#include "text/hash.hpp"

#include <algorithm>
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

SearchLayout::SearchLayout(std::vector<std::string> searchable) {
    chunks.resize((searchable.size() + search_chunk_pages - 1) / search_chunk_pages);
    for (std::size_t i = 0; i < searchable.size(); ++i) chunks[i / search_chunk_pages].push_back(std::move(searchable[i]));
    place.reserve(searchable.size());
    for (std::size_t index = 0; index < chunks.size(); ++index)  // each chunk's URLs stay where they are now
        for (std::size_t line = 0; line < chunks[index].size(); ++line) place.emplace(chunks[index][line], std::pair{index, line});
}

SearchIndexWriter::SearchIndexWriter(const SearchLayout& layout, const BuildRecord& previous, const Placer& placer)
    : previous_(previous), placer_(placer), layout_(layout), chunks_(layout.chunks.size()), aligned_(layout.chunks.size()) {
    records_.resize(chunks_.size());
    for (std::size_t j = 0; j < std::min(previous.search_chunks.size(), aligned_.size()); ++j) {
        const auto& chunk = previous.search_chunks[j];
        // Deleted or edited by hand, its pages are rendered again.
        aligned_[j] = j < aligned_.size() && chunk.pages == layout.chunks[j] && placer.intact(chunk.path);
    }
}

bool SearchIndexWriter::has_entry(const std::string& url) const {
    auto at = layout_.place.find(url);
    return at == layout_.place.end() || aligned_[at->second.first];
}

bool SearchIndexWriter::aligned() const {
    return previous_.search_chunks.size() == aligned_.size() && std::all_of(aligned_.begin(), aligned_.end(), [](bool a) { return a; });
}

void SearchIndexWriter::expect(const std::set<std::string>& urls) {
    for (const auto& url : urls)
        if (auto it = layout_.place.find(url); it != layout_.place.end()) ++chunks_[it->second.first].waiting;
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
    std::vector<std::string> paths;
    for (const auto& record : records_) paths.push_back(record.path);
    place("search-index.json", search_manifest(paths));
    return records_;
}

std::vector<std::string> SearchIndexWriter::amend(std::vector<SearchEntry> entries, StagedOutput& staged) {
    std::map<std::size_t, std::map<std::string, SearchEntry>> by_chunk;
    for (auto& entry : entries)
        if (auto it = layout_.place.find(entry.url); it != layout_.place.end()) by_chunk[it->second.first].emplace(entry.url, std::move(entry));
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
    const std::vector<std::string>& pages = layout_.chunks[index];
    // Nothing of it rendered now and the same pages as last time: kept as it is.
    if (chunk.fresh.empty() && aligned_[index]) {
        const SearchChunkRecord& before = previous_.search_chunks[index];
        std::lock_guard<std::mutex> hold(lock_);
        records_[index] = before;
        stamps_[before.path] = previous_.files.at(before.path);
        return;
    }
    // The rest of its pages' lines come as they are from the chunk the last build wrote in its place.
    std::string before_bytes;
    std::vector<std::string_view> before_lines;
    std::vector<std::string> fresh_lines;
    fresh_lines.reserve(chunk.fresh.size());
    std::vector<std::string_view> lines;
    for (std::size_t i = 0; i < pages.size(); ++i) {
        const std::string& url = pages[i];
        if (auto fresh = chunk.fresh.find(url); fresh != chunk.fresh.end()) {
            lines.push_back(fresh_lines.emplace_back(search_chunk_line(fresh->second)));
            continue;
        }
        if (!aligned_[index]) throw std::runtime_error("the search index has no entry for " + url);
        if (before_lines.empty()) {
            const SearchChunkRecord& before = previous_.search_chunks[index];
            before_bytes = placer_.previous_bytes(before.path);
            before_lines = lines_of(before_bytes, before.pages.size(), before.path);
        }
        lines.push_back(before_lines[i]);
    }
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
