#include "serve/serve.hpp"

#include <httplib.h>

namespace gazette {

struct PreviewServer::Impl {
    httplib::Server server;
};

PreviewServer::PreviewServer(std::filesystem::path folder) : impl_(std::make_unique<Impl>()) {
    impl_->server.set_mount_point("/", folder.string());
    impl_->server.set_file_extension_and_mimetype_mapping("csv", "text/csv");
    impl_->server.set_error_handler([](const httplib::Request&, httplib::Response& response) {
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

}  // namespace gazette
