#include "write/write.hpp"

#include <cstdlib>
#include <fstream>
#include <fcntl.h>
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

void write_bytes(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw OutputError("cannot write " + path.string());
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

WriteSummary StagedOutput::write(const std::vector<OutputFile>& files, const std::vector<StaticFile>& copies) {
    WriteSummary summary;
    try {
        for (const auto& file : files) {
            write_bytes(staging_ / file.path, file.bytes);
            ++summary.files;
        }
        for (const auto& copy : copies) {
            fs::create_directories((staging_ / copy.output).parent_path());
            fs::copy_file(copy.source, staging_ / copy.output, fs::copy_options::overwrite_existing);
            ++summary.files;
        }
    } catch (const fs::filesystem_error& e) {
        throw OutputError(std::string("cannot write the site: ") + e.what());
    }
    return summary;
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

WriteSummary write_site(const fs::path& output, const std::vector<OutputFile>& files, const std::vector<StaticFile>& copies) {
    StagedOutput staged(output);
    WriteSummary summary = staged.write(files, copies);
    staged.commit();
    return summary;
}

}  // namespace gazette
