// Builds a site written inline, Hugo-style:
//
//   SiteFixture site(R"(
//   -- site.json --
//   {"title": "Test"}
//   -- content/reports/a.md --
//   ---
//   title: A
//   ---
//   Text.
//   )");
//   auto result = site.build();
//   CHECK(site.output("reports/a/index.html").find("Text") != npos);
#pragma once

#include "build/build.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace gazette::testing {

class SiteFixture {
public:
    // A site.json with {"title": "Test site"} is added when the files have none.
    explicit SiteFixture(std::string_view files);
    ~SiteFixture();
    SiteFixture(const SiteFixture&) = delete;
    SiteFixture& operator=(const SiteFixture&) = delete;

    void write(const std::filesystem::path& relative, std::string_view text) const;
    [[nodiscard]] BuildResult build(BuildOptions options = {}) const;
    [[nodiscard]] BuildResult check() const;

    [[nodiscard]] const std::filesystem::path& root() const { return root_; }
    [[nodiscard]] std::filesystem::path output_dir() const { return root_ / "site-output"; }
    // A file of the built site; fails the test when it is missing.
    [[nodiscard]] std::string output(const std::filesystem::path& relative) const;
    [[nodiscard]] bool has_output(const std::filesystem::path& relative) const;

private:
    std::filesystem::path root_;
};

// All diagnostics of a result, formatted and joined by newlines.
std::string diagnostics_text(const BuildResult& result);
// Reads a whole file into a string.
std::string slurp(const std::filesystem::path& path);
// A fresh empty temporary folder, removed by the caller.
std::filesystem::path make_temp_dir(std::string_view tag);

}  // namespace gazette::testing
