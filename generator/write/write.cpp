#include "write/write.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
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
std::pair<std::uintmax_t, long long> write_bytes(const fs::path& path, const std::string& bytes) {
    int fd = create_new(path);
    if (fd < 0 && errno == EEXIST) {
        ::unlink(path.c_str());
        fd = create_new(path);
    }
    if (fd < 0 && errno == ENOENT) {
        fs::create_directories(path.parent_path());
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

StagedOutput::StagedOutput(const fs::path& output) : output_(absolute_clean(output)) {
    // A fixed name, not a process id: a PDF records the path it was printed from.
    std::string hidden = output_.filename().string();
    hidden.insert(0, 1, '.');  // not "." + string: GCC 12 warns falsely (-Wrestrict) on that
    staging_ = output_.parent_path() / (hidden + ".new");
    previous_ = output_.parent_path() / (hidden + ".old");
    try {
        fs::remove_all(staging_);
        fs::create_directories(staging_);
    } catch (const fs::filesystem_error& e) {
        throw OutputError(std::string("cannot write the site: ") + e.what());
    }
}

StagedOutput::~StagedOutput() {
    std::error_code ignored;
    if (!committed_) fs::remove_all(staging_, ignored);
}

void StagedOutput::link_current(const std::set<std::string>& leave_out) {
    linked_ = true;
    if (!fs::is_directory(output_)) return;
    try {
        std::set<fs::path> emptied;  // folders that lose a file, removed if nothing is left in them
        for (auto it = fs::recursive_directory_iterator(output_); it != fs::recursive_directory_iterator(); ++it) {
            const fs::path relative = it->path().lexically_relative(output_);
            const fs::path target = staging_ / relative;
            if (it->is_symlink()) {
                // A folder of the new site already written there wins over the old link.
                if (!fs::exists(fs::symlink_status(target))) fs::copy_symlink(it->path(), target);
            } else if (it->is_directory()) {
                fs::create_directory(target);
            } else if (leave_out.count(relative.generic_string()) != 0) {
                emptied.insert(target.parent_path());
            } else {
                std::error_code linked;
                fs::create_hard_link(it->path(), target, linked);
                if (linked) fs::copy_file(it->path(), target);  // a file system without hard links
            }
        }
        for (auto folder = emptied.rbegin(); folder != emptied.rend(); ++folder) {
            for (fs::path f = *folder; f != staging_ && fs::exists(f) && fs::is_empty(f); f = f.parent_path()) fs::remove(f);
        }
    } catch (const fs::filesystem_error& e) {
        throw OutputError(std::string("cannot write the site: ") + e.what());
    }
}

fs::path StagedOutput::place(const fs::path& relative) const {
    bool climbs = relative.empty() || relative.has_root_path();
    for (const auto& part : relative) climbs = climbs || part == ".." || part == "." || part.empty();
    if (climbs) throw OutputError("refusing to write \"" + relative.string() + "\", which is not a path inside the output folder");
    // Only the old site's files bring symbolic links into the new one: once
    // they are linked in, a folder on the way that is a link is replaced.
    if (linked_) {
        fs::path folder = staging_;
        for (auto part = relative.begin(); std::next(part) != relative.end(); ++part) {
            folder /= *part;
            if (fs::is_symlink(folder)) fs::remove(folder);
        }
    }
    return staging_ / relative;
}

std::pair<std::uintmax_t, long long> StagedOutput::write(const fs::path& relative, const std::string& bytes) {
    try {
        return write_bytes(place(relative), bytes);
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

void StagedOutput::commit() {
    try {
        if (fs::exists(output_)) {
            // One atomic exchange: a build killed at any moment leaves either the
            // old complete site or the new one, never neither.
            if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, output_.c_str(), RENAME_EXCHANGE) == 0) {
                fs::remove_all(staging_);  // now the previous site
            } else {
                fs::rename(output_, previous_);  // file systems without exchange
                fs::rename(staging_, output_);
                fs::remove_all(previous_);
            }
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
