#include "serve/serve.hpp"

#include "load/load.hpp"
#include "render/render.hpp"
#include "text/text.hpp"

#include <httplib.h>

namespace gazette {

struct PreviewServer::Impl {
    httplib::Server server;
};

PreviewServer::PreviewServer(std::filesystem::path folder) : impl_(std::make_unique<Impl>()) {
    impl_->server.set_mount_point("/", folder.string());
    impl_->server.set_file_extension_and_mimetype_mapping("csv", "text/csv");
    // The policy the published site is meant to have, so a theme that breaks it shows in the preview.
    httplib::Headers headers;
    for (const auto& header : security_headers()) headers.emplace(header.name, header.value);
    impl_->server.set_default_headers(headers);
    // A missing address gets the site's own 404 page, as on a web server set up for it.
    impl_->server.set_error_handler([folder](const httplib::Request&, httplib::Response& response) {
        try {
            if (response.status == 404 && std::filesystem::is_regular_file(folder / "404.html")) {
                response.set_content(read_file(folder / "404.html"), "text/html; charset=utf-8");
                return;
            }
        } catch (const std::exception&) {
        }
        response.set_content("<!DOCTYPE html><html lang=\"en\"><title>Not found</title><h1>Not found</h1>"
                             "<p>Gazette's preview has no page at this address.</p>",
                             "text/html; charset=utf-8");
    });
}

PreviewServer::~PreviewServer() { stop(); }

int PreviewServer::bind(int port) {
    if (port == 0) return impl_->server.bind_to_any_port("127.0.0.1");
    return impl_->server.bind_to_port("127.0.0.1", port) ? port : -1;
}

void PreviewServer::run() { impl_->server.listen_after_bind(); }

void PreviewServer::stop() { impl_->server.stop(); }

namespace {

// Polls the build's version and reloads the page when it changes.
constexpr const char* live_script = R"(// gazette serve: reload this page when the site is rebuilt.
(function () {
  var seen = null;
  function check() {
    fetch('/__gazette/version', { cache: 'no-store' }).then(function (r) { return r.text(); }).then(function (v) {
      if (seen !== null && v !== seen) location.reload();
      seen = v;
    }).catch(function () {}).finally(function () { setTimeout(check, 500); });
  }
  check();
})();
)";

}  // namespace

void PreviewServer::enable_live_reload(std::function<long()> version, std::function<std::string()> failure) {
    auto& server = impl_->server;
    server.Get("/__gazette/version", [version](const httplib::Request&, httplib::Response& response) {
        response.set_header("Cache-Control", "no-store");
        response.set_content(std::to_string(version()), "text/plain");
    });
    server.Get("/__gazette/live.js", [](const httplib::Request&, httplib::Response& response) {
        response.set_content(live_script, "text/javascript");
    });
    // Every HTML page gets the script; while the last build failed, pages show why.
    server.set_post_routing_handler([failure](const httplib::Request& request, httplib::Response& response) {
        if (request.path.rfind("/__gazette/", 0) == 0) return;
        bool html = response.get_header_value("Content-Type").rfind("text/html", 0) == 0;
        std::string problem = failure();
        // The file handler has already set the length of the file; the body changes below.
        response.headers.erase("Content-Length");
        if (!problem.empty() && (html || response.status == 404)) {
            response.status = 200;
            response.set_content("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>The site has errors</title></head>"
                                 "<body><main><h1>The site has errors</h1><p>Fix them and save: this page reloads by itself.</p>"
                                 "<pre>" + escape_html(problem) + "</pre></main></body></html>",
                                 "text/html; charset=utf-8");
            html = true;
        }
        if (!html) return;
        std::string body = response.body;
        auto end = body.rfind("</body>");
        if (end == std::string::npos) return;
        body.insert(end, "<script src=\"/__gazette/live.js\"></script>\n");
        response.set_header("Cache-Control", "no-store");
        response.set_content(body, "text/html; charset=utf-8");
    });
}

}  // namespace gazette
