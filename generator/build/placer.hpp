// Where the build's files go: each is compared with what the last build
// left in the output folder and written into the staged new site only when it
// differs, so unchanged files keep their inode and time.
#pragma once

#include "build/record.hpp"
#include "load/load.hpp"
#include "text/hash.hpp"
#include "write/write.hpp"

#include <filesystem>
#include <string>
#include <utility>

namespace gazette {

// Safe to call from several workers at once: it only reads the record and the
// output folder, and writes only into the staged site.
class Placer {
public:
    Placer(std::filesystem::path output, const BuildRecord& previous, StagedOutput* staged)
        : output_(std::move(output)), previous_(previous), staged_(staged), output_exists_(std::filesystem::exists(output_)) {}

    struct Placed {
        FileStamp stamp;
        bool written = false;  // into the staged site (or, without one, would be)
    };

    // As the last build left it: its size and time are the ones on record.
    [[nodiscard]] bool intact(const std::string& path) const {
        auto stamp = previous_.files.find(path);
        if (stamp == previous_.files.end()) return false;
        auto now = stat_file(output_ / path);
        return now && now->first == stamp->second.size && now->second == stamp->second.modified;
    }

    // `restage`: the new site holds another version already, so it must be written.
    [[nodiscard]] Placed place(const std::string& path, const std::string& bytes, bool restage = false) const {
        const std::uint64_t hash = hash_bytes(bytes);
        if (restage && staged_ != nullptr) {
            auto [size, modified] = staged_->write(path, bytes);
            return {{hash, size, modified, ""}, true};
        }
        auto stamp = previous_.files.find(path);
        if (stamp != previous_.files.end() && stamp->second.hash == hash && intact(path)) return {stamp->second, false};
        // No record of it, yet it may be the same (unless there is no output yet, as in a first build).
        auto now = output_exists_ ? stat_file(output_ / path) : std::nullopt;
        if (now && now->first == bytes.size() && read_file(output_ / path) == bytes)
            return {{hash, now->first, now->second, ""}, false};
        if (staged_ == nullptr) return {{hash, 0, 0, ""}, true};
        auto [size, modified] = staged_->write(path, bytes);
        return {{hash, size, modified, ""}, true};
    }

    // A file as the last build left it in the output folder.
    [[nodiscard]] std::string previous_bytes(const std::string& path) const { return read_file(output_ / path); }

private:
    std::filesystem::path output_;
    const BuildRecord& previous_;
    StagedOutput* staged_;
    bool output_exists_;  // the output folder, when the build began
};

}  // namespace gazette
