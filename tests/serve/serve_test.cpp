#include "serve/serve.hpp"

#include "../site_fixture.hpp"

#include <doctest/doctest.h>
#include <httplib.h>

#include <fstream>
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
    for (const char* path : {"/../secret.txt", "/%2e%2e/secret.txt", "/reports/..%2f..%2fsecret.txt", "/..\\secret.txt",
                             "/reports/%2E%2E/%2E%2E/secret.txt"}) {
        CAPTURE(path);
        auto [status, body] = get(path);
        CHECK(status == 404);
        CHECK(body.find("secret") == std::string::npos);
    }
    CHECK(get("/missing/").first == 404);

    server.stop();
    thread.join();
    fs::remove_all(top);
}
