// Serve: a local preview of a built site on 127.0.0.1.
#pragma once

#include <filesystem>
#include <memory>

namespace gazette {

// Serves the files of one folder; "/reports/x/" serves "/reports/x/index.html".
// Paths that climb out of the folder ("..", encoded or not) are refused.
class PreviewServer {
public:
    explicit PreviewServer(std::filesystem::path folder);
    ~PreviewServer();
    PreviewServer(const PreviewServer&) = delete;
    PreviewServer& operator=(const PreviewServer&) = delete;

    // Binds 127.0.0.1:port (0 picks a free port) and returns the port, or -1.
    int bind(int port);
    // Answers requests until stop() is called from another thread.
    void run();
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace gazette
