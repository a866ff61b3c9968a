// Where the site's links may lead, as the record holds it: every path the
// site publishes and each HTML file's ids. A build indexes the whole record
// once; a session keeps the index between builds and changes it only by the
// units it renders again, so checking one page's links costs one page.
#pragma once

#include "build/record.hpp"
#include "render/render.hpp"
#include "text/hash.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gazette {

// Holds views of the records' strings: a record indexed must stay where it
// is (a map may move whole, or a node in it) until it is taken out again.
class LinkIndex final : public LinkTargets {
public:
    LinkIndex() = default;
    LinkIndex(const LinkIndex&) = delete;
    LinkIndex& operator=(const LinkIndex&) = delete;
    LinkIndex(LinkIndex&&) = default;  // (the views of its own strings move with their buffer)
    LinkIndex& operator=(LinkIndex&&) = default;

    void reserve(std::size_t paths, std::size_t pages) {
        paths_.reserve(paths);
        pages_.reserve(pages);
    }
    void add(const UnitRecord& unit) {
        for (const auto& path : unit.files) add_path(path);
        for (const auto& [path, links] : unit.links) pages_[path] = &links;
    }
    void remove(const UnitRecord& unit) {
        for (const auto& path : unit.files) remove_path(path);
        for (const auto& [path, links] : unit.links)
            if (auto it = pages_.find(path); it != pages_.end() && it->second == &links) pages_.erase(it);
    }
    // The files no unit makes, in place of the last ones: those every build
    // makes anew (shared assets, the search index), and those named by the
    // page tree and static folder (static files, reports' PDFs).
    void set_shared(std::vector<std::string> paths) { replace(shared_, std::move(paths)); }
    void set_named(std::vector<std::string> paths) { replace(named_, std::move(paths)); }

    [[nodiscard]] bool publishes(std::string_view path) const override { return paths_.count(path) != 0; }
    [[nodiscard]] const PageLinks* page(std::string_view path) const override {
        auto it = pages_.find(path);
        return it == pages_.end() ? nullptr : it->second;
    }
    // A fingerprint of the paths published: the same for the same paths in any order.
    [[nodiscard]] std::uint64_t key() const { return 0x9e3779b97f4a7c15ULL + paths_.size() + sum_; }

private:
    void replace(std::vector<std::string>& held, std::vector<std::string> paths) {
        for (const auto& path : held) remove_path(path);
        held = std::move(paths);
        for (const auto& path : held) add_path(path);
    }
    void add_path(std::string_view path) {
        if (++paths_[path] == 1) sum_ += hash_bytes(path);
    }
    void remove_path(std::string_view path) {
        auto it = paths_.find(path);
        if (it == paths_.end()) return;
        if (--it->second == 0) {
            sum_ -= hash_bytes(path);
            paths_.erase(it);
        }
    }

    // Path -> how many hold it (a file may be named twice: a unit's and a static file).
    std::unordered_map<std::string_view, unsigned> paths_;
    std::unordered_map<std::string_view, const PageLinks*> pages_;
    std::vector<std::string> shared_;
    std::vector<std::string> named_;
    std::uint64_t sum_ = 0;
};

}  // namespace gazette
