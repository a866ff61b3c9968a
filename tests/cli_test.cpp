// The command line as a user and a CI pipeline meet it: exit codes and messages.
#include "site_fixture.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <sys/wait.h>

namespace fs = std::filesystem;

namespace {

struct Run {
    int exit_code = -1;
    std::string output;  // stdout and stderr together
};

Run run_gazette(const std::string& arguments) {
    std::string command = std::string(GAZETTE_BINARY) + " " + arguments + " 2>&1";
    Run run;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) run.output.append(buffer, n);
    int status = pclose(pipe);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

}  // namespace

TEST_CASE("--version and --help exit 0") {
    auto version = run_gazette("--version");
    CHECK(version.exit_code == 0);
    CHECK(version.output.rfind("gazette ", 0) == 0);
    auto help = run_gazette("--help");
    CHECK(help.exit_code == 0);
    CHECK(help.output.find("build") != std::string::npos);
    CHECK(help.output.find("check") != std::string::npos);
    CHECK(help.output.find("new") != std::string::npos);
}

TEST_CASE("wrong usage exits 2") {
    CHECK(run_gazette("").exit_code == 2);
    CHECK(run_gazette("frobnicate").exit_code == 2);
    CHECK(run_gazette("build --no-such-flag").exit_code == 2);
    CHECK(run_gazette("new").exit_code == 2);
}

TEST_CASE("new, check and build from the command line") {
    fs::path dir = gazette::testing::make_temp_dir("cli") / "site";
    auto created = run_gazette("new " + dir.string());
    CHECK(created.exit_code == 0);
    CHECK(run_gazette("new " + dir.string()).exit_code == 1);  // not empty any more

    auto checked = run_gazette("check " + dir.string());
    CHECK(checked.exit_code == 0);
    CHECK(checked.output.find("Checked 6 pages: no errors, 0 warnings") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "site-output"));

    auto built = run_gazette("build " + dir.string());
    CHECK(built.exit_code == 0);
    CHECK(fs::exists(dir / "site-output" / "index.html"));

    auto elsewhere = run_gazette("build " + dir.string() + " --out " + (dir.parent_path() / "public").string());
    CHECK(elsewhere.exit_code == 0);
    CHECK(fs::exists(dir.parent_path() / "public" / "reports" / "first-report" / "index.html"));
    fs::remove_all(dir.parent_path());
}

TEST_CASE("a site with errors exits 1, prints each diagnostic and a count") {
    auto run = run_gazette(std::string(GAZETTE_SOURCE_DIR) + "/tests/fixtures/fail/front-matter-types --out /tmp/never-written");
    CHECK(run.exit_code == 2);  // SITE_DIR without a command is wrong usage
    auto build = run_gazette("build " + std::string(GAZETTE_SOURCE_DIR) + "/tests/fixtures/fail/front-matter-types --out " +
                         (fs::temp_directory_path() / "gazette-never-written").string());
    CHECK(build.exit_code == 1);
    CHECK(build.output.find("content/reports/annual.md:4:9: error: \"weight\" must be a whole number, got \"first\"") !=
          std::string::npos);
    CHECK(build.output.find("4 errors, 0 warnings; site-output was left as it was") != std::string::npos);
    CHECK_FALSE(fs::exists(fs::temp_directory_path() / "gazette-never-written"));
}

TEST_CASE("bad input exits 1 with its diagnostics and leaves site-output byte for byte as it was") {
    fs::path dir = gazette::testing::make_temp_dir("cli-bad") / "site";
    REQUIRE(run_gazette("new " + dir.string()).exit_code == 0);
    REQUIRE(run_gazette("build " + dir.string()).exit_code == 0);
    const std::string listing = "cd " + dir.string() + "/site-output && find . -type f | sort | xargs sha256sum";
    const std::string before = run_gazette("--version >/dev/null; " + listing).output;
    std::ofstream(dir / "content" / "notes.md") << "---\ntitle: Notes\n---\nCaf\xE9\n";
    fs::create_symlink("/etc/passwd", dir / "content" / "passwd.txt");
    auto build = run_gazette("build " + dir.string());
    CHECK(build.exit_code == 1);
    CHECK(build.output.find("content/notes.md:4:4: error: the file is not UTF-8: the byte 0xE9 here is not part of a character") !=
          std::string::npos);
    CHECK(build.output.find("content/passwd.txt: error: is a symbolic link to /etc/passwd, outside the site folder") != std::string::npos);
    CHECK(build.output.find("2 errors, 0 warnings; site-output was left as it was") != std::string::npos);
    CHECK(run_gazette("--version >/dev/null; " + listing).output == before);
    fs::remove_all(dir.parent_path());
}

TEST_CASE("check --format json prints one JSON object per diagnostic, then the counts; GitHub gets annotations") {
    std::string site = std::string(GAZETTE_SOURCE_DIR) + "/tests/fixtures/fail/front-matter-types";
    auto json = run_gazette("check " + site + " --format json 2>/dev/null");
    CHECK(json.exit_code == 1);
    CHECK(json.output.find("{\"file\":\"content/reports/annual.md\",\"line\":4,\"column\":9,\"severity\":\"error\","
                           "\"message\":\"\\\"weight\\\" must be a whole number, got \\\"first\\\"\",\"hint\":\"\"}\n") !=
          std::string::npos);
    CHECK(json.output.find("{\"errors\":4,\"warnings\":0,\"pages\":0}") != std::string::npos);

    auto github = run_gazette("check " + site + " 2>&1 | cat; GITHUB_ACTIONS=true " + std::string(GAZETTE_BINARY) + " check " + site);
    CHECK(github.output.find("::error file=content/reports/annual.md,line=4,col=9::\"weight\" must be a whole number, got \"first\"") !=
          std::string::npos);
}

TEST_CASE("check --strict fails on a warning that a plain check lets through") {
    fs::path dir = gazette::testing::make_temp_dir("strict");
    fs::create_directories(dir / "content");
    std::ofstream(dir / "site.json") << R"({"title": "T"})";
    std::ofstream(dir / "content" / "about.md") << "---\ntitle: About\n---\n| A |\n| - |\n| 1 |\n";
    auto plain = run_gazette("check " + dir.string());
    CHECK(plain.exit_code == 0);
    CHECK(plain.output.find("warning: table has no caption") != std::string::npos);
    auto strict = run_gazette("check --strict " + dir.string());
    CHECK(strict.exit_code == 1);
    CHECK(strict.output.find("content/about.md:4:1: error: table has no caption") != std::string::npos);
    fs::remove_all(dir);
}
