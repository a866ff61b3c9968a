// Write: put a rendered site on disk all at once. The new site is written
// into a sibling folder and swapped in, so a failed or interrupted build never
// leaves a half-written site-output/.
#pragma once

#include "load/load.hpp"
#include "render/render.hpp"

#include <filesystem>
#include <set>
#include <string>
#include <utility>
#include <stdexcept>
#include <vector>

namespace gazette {

struct OutputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Throws OutputError for an output folder whose replacement would destroy
// something: the site itself, its content/ or data/, a parent, home or /.
void check_output_folder(const std::filesystem::path& site_root, const std::filesystem::path& output);

// A new site built beside the output folder and swapped in by commit();
// dropped, leaving the output as it was, if never committed.
class StagedOutput {
public:
    explicit StagedOutput(const std::filesystem::path& output);
    ~StagedOutput();
    StagedOutput(const StagedOutput&) = delete;
    StagedOutput& operator=(const StagedOutput&) = delete;

    // Fills the new site with the current one, each file hard-linked (so an
    // unchanged file keeps its bytes and modification time, at no copying),
    // except the paths in `leave_out`, relative to the output folder.
    void link_current(const std::set<std::string>& leave_out);
    // Writes a file of the new site, replacing any link to the current one;
    // returns its size and modification time (nanoseconds). Thread-safe.
    std::pair<std::uintmax_t, long long> write(const std::filesystem::path& relative, const std::string& bytes);
    void copy(const std::filesystem::path& source, const std::filesystem::path& relative);
    // Takes a file out of the new site again.
    void remove(const std::filesystem::path& relative);
    [[nodiscard]] const std::filesystem::path& folder() const { return staging_; }
    void commit();

private:
    // Where `relative` goes in the new site. Gazette's paths never climb out
    // of it, and a symbolic link the old site held where the new one needs a
    // folder is replaced by the folder, so no file lands outside the output.
    [[nodiscard]] std::filesystem::path place(const std::filesystem::path& relative) const;

    std::filesystem::path output_;
    std::filesystem::path staging_;
    std::filesystem::path previous_;
    bool committed_ = false;
    bool linked_ = false;  // the old site's files (and its symbolic links) are in
};

}  // namespace gazette
