#include "write/write.hpp"

#include "text/work_queue.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace gazette {

namespace {

fs::path absolute_clean(const fs::path& p) { return fs::weakly_canonical(fs::absolute(p)); }

bool is_within(const fs::path& inner, const fs::path& outer) {
    auto rel = inner.lexically_relative(outer);
    return !rel.empty() && *rel.begin() != "..";
}

int create_new(const fs::path& path) { return ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666); }

// Never writes through an existing name: in the staging folder it may be a
// hard link to a file of the published site. Returns the file's size and
// modification time. Safe to call from several threads at once.
// `new_folder`: its folder is not there yet, as far as the caller knows, so
// it is made first rather than after an open that fails.
std::pair<std::uintmax_t, long long> write_bytes(const fs::path& path, const std::string& bytes, bool new_folder = false) {
    if (new_folder) ::mkdir(path.parent_path().c_str(), 0777);  // (if it fails, the open below says why)
    int fd = create_new(path);
    if (fd < 0 && errno == EEXIST) {
        ::unlink(path.c_str());
        fd = create_new(path);
    }
    if (fd < 0 && errno == ENOENT) {  // its folder is new: made at once, and its parents only if they are new too
        const fs::path folder = path.parent_path();
        if (::mkdir(folder.c_str(), 0777) != 0 && errno != EEXIST) fs::create_directories(folder);
        fd = create_new(path);
    }
    if (fd < 0) throw OutputError("cannot write " + path.string() + ": " + std::strerror(errno));
    const char* data = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        ssize_t n = ::write(fd, data, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            int error = errno;
            ::close(fd);
            throw OutputError("cannot write " + path.string() + ": " + std::strerror(error));
        }
        data += n;
        left -= static_cast<std::size_t>(n);
    }
    struct stat written {};
    int stat_result = ::fstat(fd, &written);
    if (::close(fd) != 0 || stat_result != 0) throw OutputError("cannot write " + path.string() + ": " + std::strerror(errno));
    return {static_cast<std::uintmax_t>(written.st_size),
            static_cast<long long>(written.st_mtim.tv_sec) * 1000000000LL + written.st_mtim.tv_nsec};
}

}  // namespace

void check_output_folder(const fs::path& site_root, const fs::path& output) {
    const fs::path site = absolute_clean(site_root);
    const fs::path out = absolute_clean(output);
    auto refuse = [&](const std::string& why) {
        throw OutputError("refusing to write the site into " + out.string() + ": " + why +
                          "\n  hint: choose an empty or new folder, such as " + (site / "site-output").string());
    };
    if (out == out.root_path()) refuse("it is the root of the file system");
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0' && out == absolute_clean(home))
        refuse("it is the home folder");
    if (out == site) refuse("it is the site itself");
    if (is_within(site, out)) refuse("it contains the site");
    for (const char* folder : {"content", "data", "themes", "static"}) {
        if (out == site / folder || is_within(out, site / folder))
            refuse(std::string("it is inside the site's ") + folder + "/ folder");
    }
}

StagedOutput::StagedOutput(const fs::path& output, fs::path marker, const SpareTree* spare, bool trusted)
    : output_(absolute_clean(output)), marker_(std::move(marker)), spare_(spare), trusted_(trusted) {
    // A fixed name, not a process id: a PDF records the path it was printed from.
    std::string hidden = output_.filename().string();
    hidden.insert(0, 1, '.');  // not "." + string: GCC 12 warns falsely (-Wrestrict) on that
    staging_ = output_.parent_path() / (hidden + ".new");
    previous_ = output_.parent_path() / (hidden + ".old");
}

StagedOutput::~StagedOutput() {
    std::error_code ignored;
    if (!committed_ && !kept_ && touched_) fs::remove_all(staging_, ignored);  // changed, and no longer what the record vouches for
}

std::optional<SpareTree> StagedOutput::keep_as_spare(const SpareTree& spare, const std::set<std::string>& changed,
                                                     std::uint64_t generation) {
    if (committed_) return std::nullopt;
    if (!touched_) return spare;  // never prepared: as it was, and the marker still says so
    if (!reused_ || completed_) return std::nullopt;
    std::error_code failed;
    fs::create_directories(marker_.parent_path(), failed);
    std::ofstream marker(marker_);
    marker << generation << '\n';
    if (failed || !marker.flush()) return std::nullopt;
    kept_ = true;
    // The spare was brought up to date with the output before this build
    // wrote into it: they differ by what it wrote. The output's folders are as they were.
    return SpareTree{generation, std::vector<std::string>(changed.begin(), changed.end()), spare.folders};
}

void StagedOutput::prepare() {
    std::call_once(prepared_, [this] {
        try {
            // From here on the spare changes: no later build may trust it until the next commit.
            std::error_code missing;
            fs::remove(marker_, missing);
            touched_ = true;
            if (spare_ != nullptr && fs::is_directory(staging_) && fs::is_directory(output_)) {
                linked_ = true;
                reuse_spare();
                reused_ = true;
                return;
            }
            fs::remove_all(staging_);
            fs::create_directories(staging_);
            folders_.insert("");
        } catch (const fs::filesystem_error& e) {
            throw OutputError(std::string("cannot write the site: ") + e.what());
        }
    });
}

namespace {

std::string join(const std::string& folder, const std::string& name) { return folder.empty() ? name : folder + "/" + name; }

std::optional<long long> folder_time(const fs::path& path) {
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) return std::nullopt;
    return static_cast<long long>(info.st_mtim.tv_sec) * 1000000000LL + info.st_mtim.tv_nsec;
}

bool same_file(const fs::path& a, const fs::path& b) {
    struct stat x {}, y {};
    return ::lstat(a.c_str(), &x) == 0 && ::lstat(b.c_str(), &y) == 0 && x.st_ino == y.st_ino && x.st_dev == y.st_dev;
}

void link_or_copy(const fs::path& from, const fs::path& to) {
    std::error_code linked;
    fs::create_hard_link(from, to, linked);
    if (linked) fs::copy_file(from, to);  // a file system without hard links
}

// Removes empty folders from `folder` up to, not including, `top`. Called
// once a folder, after its files are removed, not once a file: to ask whether
// a folder is empty reads a buffer of its entries, and the search index's
// folder holds a thousand files, a hundred of which a dataset's edit replaces.
void prune(fs::path folder, const fs::path& top) {
    std::error_code ignored;
    for (; folder != top && folder.native().size() > top.native().size() && fs::is_empty(folder, ignored); folder = folder.parent_path())
        fs::remove(folder, ignored);
}

}  // namespace

void StagedOutput::reuse_spare() {
    // What the last build changed, as the output holds it now.
    std::set<fs::path> emptied;
    for (const auto& path : spare_->changed) {
        const fs::path from = output_ / path, to = staging_ / path;
        changed_folders_.insert(fs::path(path).parent_path().generic_string());
        fs::remove_all(to);
        auto status = fs::symlink_status(from);
        if (fs::is_regular_file(status)) {
            fs::create_directories(to.parent_path());
            link_or_copy(from, to);
        } else if (fs::is_symlink(status)) {
            fs::create_directories(to.parent_path());
            fs::copy_symlink(from, to);
        } else {
            emptied.insert(to.parent_path());
        }
    }
    for (const auto& folder : emptied) prune(folder, staging_);
    // A folder whose time moved has had files added or removed by hand.
    for (const auto& [folder, time] : spare_->folders) {
        folders_.insert(folder);
        if (trusted_) continue;
        auto now = folder_time(output_ / folder);
        if (now && *now != time) mirror_folder(folder);
    }
}

// Makes the spare's folder hold what the output's does, one level down, and
// whole folders the spare does not know of.
void StagedOutput::mirror_folder(const std::string& folder) {
    const fs::path from_dir = output_ / folder, to_dir = staging_ / folder;
    if (fs::is_symlink(to_dir) || (fs::exists(fs::symlink_status(to_dir)) && !fs::is_directory(to_dir))) fs::remove(to_dir);
    fs::create_directories(to_dir);
    folders_.insert(folder);
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(from_dir)) {
        const std::string name = entry.path().filename().string();
        names.insert(name);
        const fs::path to = to_dir / name;
        const auto status = entry.symlink_status();
        if (fs::is_symlink(status)) {
            std::error_code none;
            if (!fs::is_symlink(fs::symlink_status(to)) || fs::read_symlink(to, none) != fs::read_symlink(entry.path())) {
                fs::remove_all(to);
                fs::copy_symlink(entry.path(), to);
            }
        } else if (fs::is_directory(status)) {
            if (spare_->folders.count(join(folder, name)) == 0 || !fs::is_directory(fs::symlink_status(to)))
                mirror_folder(join(folder, name));  // new to the spare: all of it
        } else if (!same_file(entry.path(), to)) {
            fs::remove_all(to);
            link_or_copy(entry.path(), to);
        }
    }
    for (const auto& entry : fs::directory_iterator(to_dir))
        if (names.count(entry.path().filename().string()) == 0) fs::remove_all(entry.path());
}

void StagedOutput::link_everything() {
    if (!fs::is_directory(output_)) return;
    linked_ = true;
    for (auto it = fs::recursive_directory_iterator(output_); it != fs::recursive_directory_iterator(); ++it) {
        const fs::path relative = it->path().lexically_relative(output_);
        const fs::path target = staging_ / relative;
        if (it->is_symlink()) {
            // A folder of the new site already written there wins over the old link.
            if (!fs::exists(fs::symlink_status(target))) fs::copy_symlink(it->path(), target);
        } else if (it->is_directory()) {
            fs::create_directory(target);
            folders_.insert(relative.generic_string());
        } else if (!fs::exists(fs::symlink_status(target))) {  // else written by this build
            link_or_copy(it->path(), target);
        }
    }
}

void StagedOutput::complete(const std::set<std::string>& removed) {
    prepare();
    completed_ = true;
    try {
        if (!reused_) link_everything();
        std::set<fs::path> emptied;
        for (const auto& path : removed) {
            const fs::path target = staging_ / path;
            if (!fs::is_regular_file(fs::symlink_status(target))) continue;
            changed_folders_.insert(fs::path(path).parent_path().generic_string());
            fs::remove(target);
            emptied.insert(target.parent_path());
        }
        for (const auto& folder : emptied) prune(folder, staging_);
    } catch (const fs::filesystem_error& e) {
        throw OutputError(std::string("cannot write the site: ") + e.what());
    }
}

void read_folder_times(SpareTree& spare, const fs::path& output) {
    for (auto it = spare.folders.begin(); it != spare.folders.end();) {
        if (auto time = folder_time(output / it->first)) {
            it->second = *time;
            ++it;
        } else {
            it = spare.folders.erase(it);
        }
    }
}

bool folders_as_known(const SpareTree& spare, const fs::path& output) {
    return !spare.folders.empty() && std::all_of(spare.folders.begin(), spare.folders.end(), [&](const auto& folder) {
        return folder_time(output / folder.first) == folder.second;
    });
}

std::map<std::string, long long> StagedOutput::folders() const {
    if (trusted_ && reused_) {
        std::map<std::string, long long> out = spare_->folders;
        // A folder changes when an entry in it does: the folder that holds
        // each path changed, and every folder up to the top, which may be new.
        std::set<std::string> changed;
        for (std::string folder : changed_folders_)
            for (;; folder = fs::path(folder).parent_path().generic_string()) {
                if (!changed.insert(folder).second || folder.empty()) break;
            }
        for (const auto& folder : changed) {
            if (auto time = folder_time(staging_ / folder)) out[folder] = *time;
            else out.erase(folder);
        }
        return out;
    }
    // Every folder of a new site: ten thousand lstat calls at 10,000 pages, made on every core.
    const std::vector<std::string> names(folders_.begin(), folders_.end());
    std::vector<std::optional<long long>> times(names.size());
    parallel_for(names.size(), worker_count(0), [] { return 0; },
                 [&](int, std::size_t i) { times[i] = folder_time(staging_ / names[i]); });
    std::map<std::string, long long> out;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (times[i]) out.emplace_hint(out.end(), names[i], *times[i]);
    return out;
}

fs::path StagedOutput::place(const fs::path& relative) {
    bool new_folder = false;
    return place(relative, new_folder);
}

fs::path StagedOutput::place(const fs::path& relative, bool& new_folder) {
    bool climbs = relative.empty() || relative.has_root_path();
    for (const auto& part : relative) climbs = climbs || part == ".." || part == "." || part.empty();
    if (climbs) throw OutputError("refusing to write \"" + relative.string() + "\", which is not a path inside the output folder");
    prepare();
    // Only the old site's files bring symbolic links into the new one: once
    // they are linked in, a folder on the way that is a link is replaced.
    fs::path folder = staging_;
    std::string name;
    for (auto part = relative.begin(); std::next(part) != relative.end(); ++part) {
        folder /= *part;
        name = join(name, part->string());
        if (linked_ && fs::is_symlink(folder)) fs::remove(folder);
    }
    std::lock_guard<std::mutex> hold(folders_lock_);
    changed_folders_.insert(name);
    // A new site's folders are all made through here: one it did not hold
    // before is not there yet.
    new_folder = !reused_ && !name.empty() && !folders_.contains(name);
    for (std::string up = name; !up.empty() && folders_.insert(up).second; up = fs::path(up).parent_path().generic_string()) {
    }
    return staging_ / relative;
}

std::pair<std::uintmax_t, long long> StagedOutput::write(const fs::path& relative, const std::string& bytes) {
    try {
        bool new_folder = false;
        const fs::path target = place(relative, new_folder);
        return write_bytes(target, bytes, new_folder);
    } catch (const fs::filesystem_error& e) {
        throw OutputError(std::string("cannot write the site: ") + e.what());
    }
}

void StagedOutput::copy(const fs::path& source, const fs::path& relative) {
    try {
        const fs::path target = place(relative);
        fs::create_directories(target.parent_path());
        fs::remove(target);
        fs::copy_file(source, target);
    } catch (const fs::filesystem_error& e) {
        throw OutputError(std::string("cannot write the site: ") + e.what());
    }
}

void StagedOutput::remove(const fs::path& relative) {
    try {
        fs::remove(place(relative));
    } catch (const fs::filesystem_error& e) {
        throw OutputError(std::string("cannot write the site: ") + e.what());
    }
}

void StagedOutput::commit(std::uint64_t generation) {
    prepare();
    try {
        if (fs::exists(output_)) {
            // One atomic exchange: a build killed at any moment leaves either the
            // old complete site or the new one, never neither.
            if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, output_.c_str(), RENAME_EXCHANGE) == 0) {
                committed_ = true;
                // The old site stays beside the new as the next build's spare.
                fs::create_directories(marker_.parent_path());
                std::ofstream(marker_) << generation << '\n';
                return;
            }
            fs::rename(output_, previous_);  // file systems without exchange
            fs::rename(staging_, output_);
            fs::remove_all(previous_);
        } else {
            fs::rename(staging_, output_);
        }
        committed_ = true;
    } catch (const fs::filesystem_error& e) {
        std::error_code ignored;
        if (!fs::exists(output_, ignored) && fs::exists(previous_, ignored)) fs::rename(previous_, output_, ignored);
        throw OutputError(std::string("cannot write the site: ") + e.what());
    }
}

}  // namespace gazette
