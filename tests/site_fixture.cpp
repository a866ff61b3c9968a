#include "site_fixture.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace gazette::testing {

fs::path make_temp_dir(std::string_view tag) {
    static std::atomic<int> counter{0};
    fs::path dir = fs::temp_directory_path() /
                   ("gazette-test-" + std::string(tag) + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

SiteFixture::SiteFixture(std::string_view files) : root_(make_temp_dir("site")) {
    bool has_config = false;
    std::string_view rest = files;
    std::string current;
    std::string text;
    auto flush = [&] {
        if (current.empty()) return;
        write(current, text);
        has_config = has_config || current == "site.json";
    };
    while (!rest.empty()) {
        auto end = rest.find('\n');
        std::string_view line = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        if (line.size() > 6 && line.substr(0, 3) == "-- " && line.substr(line.size() - 3) == " --") {
            flush();
            current = std::string(line.substr(3, line.size() - 6));
            text.clear();
        } else if (!current.empty()) {
            text += line;
            text += '\n';
        }
    }
    flush();
    if (!has_config) write("site.json", R"({"title": "Test site"})");
}

SiteFixture::~SiteFixture() {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
}

void SiteFixture::write(const fs::path& relative, std::string_view text) const {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream out(root_ / relative, std::ios::binary);
    out << text;
}

BuildResult SiteFixture::build(BuildOptions options) const {
    options.site = root_;
    return build_site(options);
}

BuildResult SiteFixture::check() const {
    BuildOptions options;
    options.write = false;
    return build(options);
}

bool SiteFixture::has_output(const fs::path& relative) const { return fs::is_regular_file(output_dir() / relative); }

std::string SiteFixture::output(const fs::path& relative) const {
    INFO("output file: " << relative.generic_string());
    REQUIRE(has_output(relative));
    return slurp(output_dir() / relative);
}

std::string diagnostics_text(const BuildResult& result) {
    std::string text;
    for (const auto& d : result.diagnostics.sorted()) text += format_diagnostic(d) + '\n';
    if (!result.failure.empty()) text += result.failure + '\n';
    return text;
}

}  // namespace gazette::testing
