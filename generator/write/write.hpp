// Write: put a rendered site on disk all at once. The new site is written
// into a sibling folder and swapped in, so a failed or interrupted build never
// leaves a half-written site-output/.
#pragma once

#include "load/load.hpp"
#include "render/render.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
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

// The tree beside the output folder once a build has swapped the new site
// in: the site as it was before, its unchanged files hard links to the same
// files as the output's. The next build brings it up to date and writes only
// what changed into it, instead of linking every file again.
struct SpareTree {
    std::uint64_t generation = 0;      // the build that left it; the marker file must say the same
    std::vector<std::string> changed;  // paths that differ between it and the output
    // The output's folders and their modification times: a folder whose time
    // moved has had files added or removed by hand since.
    std::map<std::string, long long> folders;
};

// The output's folders as the spare knows them, each with its time read from
// `output` now (gone: dropped). A session of builds trusts its output and
// reads no folder's time as it builds, so it does this before it saves a
// record for a build that will.
void read_folder_times(SpareTree& spare, const std::filesystem::path& output);
// Every folder of the output is as the spare knows it: no file was added to
// or removed from the output by hand since (edits show in the files' own stamps).
bool folders_as_known(const SpareTree& spare, const std::filesystem::path& output);

// A new site built beside the output folder and swapped in by commit();
// dropped, leaving the output as it was, if never committed. Nothing is
// touched on disk until the first file is written.
class StagedOutput {
public:
    // `spare`: what the tree beside the output holds, when the marker file
    // vouches for it; without it the new site starts empty. `trusted`: no
    // one has changed the output since the last build, so its folders need
    // not be looked at for files added or removed by hand (a session of
    // builds that made each version of it).
    StagedOutput(const std::filesystem::path& output, std::filesystem::path marker, const SpareTree* spare, bool trusted = false);
    ~StagedOutput();
    StagedOutput(const StagedOutput&) = delete;
    StagedOutput& operator=(const StagedOutput&) = delete;

    // Writes a file of the new site, replacing any link to the current one;
    // returns its size and modification time (nanoseconds). Thread-safe.
    std::pair<std::uintmax_t, long long> write(const std::filesystem::path& relative, const std::string& bytes);
    void copy(const std::filesystem::path& source, const std::filesystem::path& relative);
    // Takes a file out of the new site again.
    void remove(const std::filesystem::path& relative);
    // Makes the new site whole: every file of the current one not written
    // now joins it as a hard link (an unchanged file keeps its bytes and
    // modification time, at no copying), but for `removed`.
    void complete(const std::set<std::string>& removed);
    [[nodiscard]] const std::filesystem::path& folder() const { return staging_; }
    // Swaps the new site in; the old one stays beside it as the next build's
    // spare, and the marker vouches for it as left by build `generation`.
    void commit(std::uint64_t generation);
    // Instead of dropping it, leaves the new site beside the output as the
    // next build's spare, the marker vouching for it as left by build
    // `generation`: for a build that failed after writing, so the next one
    // need not link every file again. `spare`: what the record said of the
    // spare before; `changed`: every path this build wrote into it, which
    // the output does not hold. Gives what the record must now say of it;
    // nothing (and the new site is dropped) when it was started empty
    // instead of from the spare, or made whole with complete().
    std::optional<SpareTree> keep_as_spare(const SpareTree& spare, const std::set<std::string>& changed, std::uint64_t generation);

    // The folders of the new site and their times, once complete(); when
    // trusted, the folders as known, whose times only read_folder_times()
    // makes right for the output's.
    [[nodiscard]] std::map<std::string, long long> folders() const;

private:
    // Where `relative` goes in the new site. Gazette's paths never climb out
    // of it, and a symbolic link the old site held where the new one needs a
    // folder is replaced by the folder, so no file lands outside the output.
    std::filesystem::path place(const std::filesystem::path& relative);
    // The same, saying whether its folder is new to a new site.
    std::filesystem::path place(const std::filesystem::path& relative, bool& new_folder);
    // Before the first change: the spare brought up to date with the output,
    // or an empty folder.
    void prepare();
    void reuse_spare();
    void mirror_folder(const std::string& folder);
    void link_everything();

    std::filesystem::path output_;
    std::filesystem::path staging_;
    std::filesystem::path previous_;
    std::filesystem::path marker_;
    const SpareTree* spare_;
    std::once_flag prepared_;
    bool touched_ = false;     // prepared: the spare is no longer as the record says
    bool reused_ = false;      // the spare was brought up to date, not started afresh
    bool committed_ = false;
    bool kept_ = false;        // left as the spare, uncommitted
    bool completed_ = false;   // complete() ran
    bool linked_ = false;      // the old site's files (and its symbolic links) are in
    bool trusted_ = false;
    std::set<std::string> folders_;  // of the new site, as far as known
    std::set<std::string> changed_folders_;  // folders of the new site whose entries this build changed
    std::mutex folders_lock_;
};

}  // namespace gazette
