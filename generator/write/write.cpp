#include "write/write.hpp"

#include <cstdlib>
#include <fstream>
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

WriteSummary write_site(const fs::path& output, const std::vector<OutputFile>& files,
                        const std::vector<StaticFile>& copies) {
    const fs::path out = absolute_clean(output);
    const std::string tag = std::to_string(::getpid());
    const fs::path staging = out.parent_path() / ("." + out.filename().string() + ".new-" + tag);
    const fs::path previous = out.parent_path() / ("." + out.filename().string() + ".old-" + tag);
    WriteSummary summary;
    try {
        fs::remove_all(staging);
        fs::create_directories(staging);
        for (const auto& file : files) {
            write_bytes(staging / file.path, file.bytes);
            ++summary.files;
        }
        for (const auto& copy : copies) {
            fs::create_directories((staging / copy.output).parent_path());
            fs::copy_file(copy.source, staging / copy.output, fs::copy_options::overwrite_existing);
            ++summary.files;
        }
        if (fs::exists(out)) {
            fs::rename(out, previous);
            fs::rename(staging, out);
            fs::remove_all(previous);
        } else {
            fs::rename(staging, out);
        }
    } catch (const fs::filesystem_error& e) {
        std::error_code ignored;
        fs::remove_all(staging, ignored);
        if (!fs::exists(out, ignored) && fs::exists(previous, ignored)) fs::rename(previous, out, ignored);
        throw OutputError(std::string("cannot write the site: ") + e.what());
    }
    return summary;
}

}  // namespace gazette
