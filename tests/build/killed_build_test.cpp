// A build killed at any moment leaves the old complete site or the new one,
// never a mix; and builds repeat byte for byte across time zones and locales.
#include "../site_fixture.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <map>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

using namespace gazette;
using testing::SiteFixture;
namespace fs = std::filesystem;

namespace {

using Snapshot = std::map<std::string, std::string>;  // path -> bytes

Snapshot snapshot(const fs::path& dir) {
    Snapshot files;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.is_regular_file()) files[entry.path().lexically_relative(dir).generic_string()] = testing::slurp(entry.path());
    return files;
}

// Runs gazette with `arguments` and an environment; kills it after `kill_after` if it is still running.
// Returns true when the build was killed rather than finished.
bool run_gazette(const std::vector<std::string>& arguments, std::optional<std::chrono::microseconds> kill_after = {},
                 const std::vector<std::string>& environment = {}) {
    std::vector<std::string> args{GAZETTE_BINARY};
    args.insert(args.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_strings;
    for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
    env_strings.insert(env_strings.end(), environment.begin(), environment.end());
    std::vector<char*> envp;
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    REQUIRE(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data()) == 0);
    posix_spawn_file_actions_destroy(&actions);
    if (kill_after) {
        std::this_thread::sleep_for(*kill_after);
        ::kill(pid, SIGKILL);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (!kill_after || !WIFSIGNALED(status)) REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    return WIFSIGNALED(status);
}

// A synthetic site big enough that a build takes a while: many pages, each
// showing the one dataset, so changing it changes every page.
void write_big_site(const SiteFixture& site, int version) {
    site.write("site.json", R"({"title": "Synthetic test site"})");
    site.write("content/_index.md", "---\ntitle: Home\n---\nSynthetic pages for a test.\n");
    std::string rows;
    for (int r = 0; r < 40; ++r)
        rows += std::string(r == 0 ? "" : ",") + "{\"item\": \"Item " + std::to_string(r) + "\", \"count\": " +
                std::to_string(r * version) + "}";
    site.write("data/counts.json", R"({"kind": "table", "title": "Counts", "source": "Synthetic test data",
 "columns": [{"key": "item", "label": "Item", "type": "text"}, {"key": "count", "label": "Count", "type": "integer"}],
 "rows": [)" + rows + "]}");
    for (int p = 0; p < 200; ++p) {
        std::string body = "---\ntitle: Page " + std::to_string(p) + "\n---\n";
        for (int para = 0; para < 10; ++para) body += "Paragraph " + std::to_string(para) + " of version " + std::to_string(version) + ".\n\n";
        body += "```table\ndataset: counts\n```\n";
        site.write("content/page-" + std::to_string(p) + ".md", body);
    }
    // The new version drops a page and adds one.
    fs::remove(site.root() / "content" / (version == 1 ? "page-new.md" : "page-0.md"));
    if (version == 2) site.write("content/page-new.md", "---\ntitle: New page\n---\nNew.\n");
}

}  // namespace

TEST_CASE("a build killed at any moment leaves the old site or the new one, never a mix") {
    SiteFixture site("");
    write_big_site(site, 2);
    const std::string root = site.root().string();
    run_gazette({"build", root});
    const Snapshot new_site = snapshot(site.output_dir());
    write_big_site(site, 1);
    auto start = std::chrono::steady_clock::now();
    run_gazette({"build", root});
    auto full = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
    const Snapshot old_site = snapshot(site.output_dir());
    REQUIRE(old_site != new_site);

    // Kills spread over the whole build: the early ones land before the new
    // site is swapped in, the later ones while it is written or the old one
    // is cleared away.
    int killed_with_old = 0;
    int killed_while_writing = 0;
    for (int step = 1; step <= 10; ++step) {
        write_big_site(site, 2);
        bool killed = run_gazette({"build", root}, full * step / 10);
        Snapshot now = snapshot(site.output_dir());
        INFO("killed after " << step << "/10 of a build (" << full.count() << " us): " << killed);
        CHECK((now == old_site || now == new_site));
        if (killed && now == old_site) ++killed_with_old;
        if (killed && fs::exists(site.root() / ".site-output.new")) ++killed_while_writing;
        write_big_site(site, 1);
        run_gazette({"build", root});
        REQUIRE(snapshot(site.output_dir()) == old_site);
    }
    CHECK(killed_with_old > 0);
    MESSAGE(killed_while_writing << " of 10 builds were killed while writing the new site");
    // What a killed build left behind does not stand in the way of the next one.
    write_big_site(site, 2);
    run_gazette({"build", root});
    CHECK(snapshot(site.output_dir()) == new_site);
}

TEST_CASE("builds are byte-identical across time zones and locales") {
    SiteFixture site("");
    write_big_site(site, 1);
    const std::string root = site.root().string();
    run_gazette({"build", root, "--out", (site.root() / "out-utc").string()}, {}, {"TZ=UTC", "LC_ALL=C", "SOURCE_DATE_EPOCH=1700000000"});
    run_gazette({"build", root, "--out", (site.root() / "out-nz").string()}, {},
                {"TZ=Pacific/Auckland", "LC_ALL=C.UTF-8", "LANG=de_DE.UTF-8", "SOURCE_DATE_EPOCH=1700000000"});
    run_gazette({"build", root, "--out", (site.root() / "out-hawaii").string()}, {},
                {"TZ=Pacific/Honolulu", "LC_ALL=POSIX", "SOURCE_DATE_EPOCH=1700000000"});
    auto utc = snapshot(site.root() / "out-utc");
    CHECK(utc == snapshot(site.root() / "out-nz"));
    CHECK(utc == snapshot(site.root() / "out-hawaii"));
    // 22:13 on 14 November 2023 in UTC is the 15th in Auckland: the build date must not move.
    CHECK(utc.at("index.html").find("14 November 2023") != std::string::npos);
}
