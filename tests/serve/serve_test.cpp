#include "serve/serve.hpp"

#include "../site_fixture.hpp"

#include <doctest/doctest.h>
#include <httplib.h>

#include <fstream>
#include <chrono>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

TEST_CASE("the preview server serves the site and nothing outside it") {
    fs::path top = gazette::testing::make_temp_dir("serve");
    fs::create_directories(top / "site-output" / "reports");
    std::ofstream(top / "site-output" / "index.html") << "home";
    std::ofstream(top / "site-output" / "reports" / "index.html") << "reports";
    std::ofstream(top / "secret.txt") << "secret";

    gazette::PreviewServer server(top / "site-output");
    int port = server.bind(0);
    REQUIRE(port > 0);
    std::thread thread([&] { server.run(); });

    httplib::Client client("127.0.0.1", port);
    auto get = [&](const std::string& path) {
        auto response = client.Get(path);
        return response ? std::make_pair(response->status, response->body) : std::make_pair(-1, std::string());
    };
    CHECK(get("/") == std::make_pair(200, std::string("home")));
    CHECK(get("/reports/") == std::make_pair(200, std::string("reports")));
    // Under the policy the published site is meant to have, so a theme that breaks it shows here.
    auto home = client.Get("/");
    REQUIRE(home);
    CHECK(home->get_header_value("Content-Security-Policy").rfind("default-src 'self'; img-src 'self' data:;", 0) == 0);
    CHECK(home->get_header_value("X-Content-Type-Options") == "nosniff");
    for (const char* path : {"/../secret.txt", "/%2e%2e/secret.txt", "/reports/..%2f..%2fsecret.txt", "/..\\secret.txt",
                             "/reports/%2E%2E/%2E%2E/secret.txt"}) {
        CAPTURE(path);
        auto [status, body] = get(path);
        CHECK(status == 404);
        CHECK(body.find("secret") == std::string::npos);
    }
    CHECK(get("/missing/").first == 404);
    CHECK(get("/missing/").second.find("no page at this address") != std::string::npos);
    // With the site's own 404 page, a missing address gets it, still as a 404.
    std::ofstream(top / "site-output" / "404.html") << "<html><body><h1>Page not found</h1></body></html>";
    auto missing = get("/reports/missing/");
    CHECK(missing.first == 404);
    CHECK(missing.second.find("<h1>Page not found</h1>") != std::string::npos);

    server.stop();
    thread.join();
    fs::remove_all(top);
}

TEST_CASE("gazette serve rebuilds on a save, shows a broken edit in the browser, and recovers") {
    gazette::testing::SiteFixture site("-- content/about.md --\n---\ntitle: About\n---\nFirst version.\n");
    gazette::BuildOptions options;
    options.site = site.root();
    std::ostringstream log;
    gazette::LivePreview preview(options, log, true);
    int port = preview.start(0);
    REQUIRE(port > 0);
    std::thread thread([&] { preview.run(); });
    httplib::Client client("127.0.0.1", port);
    auto last_timings = [&] {
        const std::string text = log.str();
        auto at = text.rfind("Timings:");
        return at == std::string::npos ? std::string() : text.substr(at, text.find('\n', at) - at);
    };
    auto page = [&] {
        auto response = client.Get("/about/");
        return response ? response->body : std::string();
    };
    auto wait_for_version = [&](long after) {
        for (int i = 0; i < 100 && preview.version() <= after; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return preview.version() > after;
    };

    CHECK(page().find("First version.") != std::string::npos);
    CHECK(page().find("<script src=\"/__gazette/live.js\"></script>") != std::string::npos);
    auto live = client.Get("/__gazette/live.js");
    REQUIRE(live);
    CHECK(live->body.find("location.reload()") != std::string::npos);

    long before = preview.version();
    site.write("content/about.md", "---\ntitle: About\n---\nSecond version.\n");
    REQUIRE(wait_for_version(before));
    CHECK(client.Get("/__gazette/version")->body == std::to_string(preview.version()));
    CHECK(page().find("Second version.") != std::string::npos);
    INFO(log.str());
    // Only the page saved, and of the search index the chunk that holds its
    // text and the bucket of words ("first" gone, "second" come; each under a
    // new name, the old one removed) with the list of them.
    CHECK(log.str().find(": 1 of 5 pages or reports rendered, 4 files written, 2 removed") != std::string::npos);
    // Told which file changed, the preview patched the site it held rather than assembling it again.
    CHECK(last_timings().find("render") != std::string::npos);
    CHECK(last_timings().find("assemble") == std::string::npos);

    before = preview.version();
    site.write("content/about.md", "---\ntitle: About\nweight: heavy\n---\nBroken.\n");
    REQUIRE(wait_for_version(before));
    CHECK(page().find("<h1>The site has errors</h1>") != std::string::npos);
    CHECK(page().find("content/about.md:3:9: error: &quot;weight&quot; must be a whole number") != std::string::npos);
    CHECK(log.str().find("content/about.md:3:9: error:") != std::string::npos);

    before = preview.version();
    site.write("content/about.md", "---\ntitle: About\n---\nThird version.\n");
    REQUIRE(wait_for_version(before));
    CHECK(page().find("Third version.") != std::string::npos);

    preview.stop();
    thread.join();
    // Stopped, it left its record for the next build, which has nothing to do.
    auto next = site.build();
    REQUIRE(next.ok());
    CHECK(next.units_rendered == 0);
    CHECK(next.files_written == 0);
}
