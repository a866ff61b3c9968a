// Fixture sites kept as folders (as Zola keeps them): tests/fixtures/pass/*
// must build cleanly and contain what expected-output.txt lists;
// tests/fixtures/fail/* must fail with exactly the diagnostics in expected.txt.
#include "../site_fixture.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

using namespace gazette;
namespace fs = std::filesystem;

namespace {

const fs::path fixtures = fs::path(GAZETTE_SOURCE_DIR) / "tests" / "fixtures";

std::vector<fs::path> sites(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_directory()) out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("fixture sites that must fail, fail with their expected diagnostics") {
    auto all = sites(fixtures / "fail");
    CHECK(all.size() >= 7);
    for (const auto& site : all) {
        CAPTURE(site.filename().string());
        BuildOptions options;
        options.site = site;
        options.write = false;
        auto result = build_site(options);
        CHECK_FALSE(result.ok());
        CHECK(testing::diagnostics_text(result) == testing::slurp(site / "expected.txt"));
    }
}

TEST_CASE("fixture sites that must build, build with no diagnostics and the expected output") {
    auto all = sites(fixtures / "pass");
    CHECK(all.size() >= 2);
    for (const auto& site : all) {
        CAPTURE(site.filename().string());
        fs::path out = testing::make_temp_dir("pass");
        BuildOptions options;
        options.site = site;
        options.output = out / "site";
        auto result = build_site(options);
        CHECK(testing::diagnostics_text(result) == "");
        REQUIRE(result.ok());
        std::istringstream expected(testing::slurp(site / "expected-output.txt"));
        for (std::string line; std::getline(expected, line);) {
            auto colon = line.find(": ");
            REQUIRE(colon != std::string::npos);
            auto html = testing::slurp(out / "site" / line.substr(0, colon));
            INFO("expected in " << line.substr(0, colon) << ": " << line.substr(colon + 2));
            CHECK(html.find(line.substr(colon + 2)) != std::string::npos);
        }
        fs::remove_all(out);
    }
}
