// Serve: a local preview of a built site on 127.0.0.1.
#pragma once

#include "build/build.hpp"

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

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

    // Serve mode: pages get a small script that reloads them when `version`
    // changes; while `failure` is not empty, pages show it instead.
    void enable_live_reload(std::function<long()> version, std::function<std::string()> failure);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// `gazette serve`: builds the site, serves it, and rebuilds it whenever its
// site.json, content/, data/, themes/ or static/ change (inotify); open pages
// reload. A broken edit shows its diagnostics in the browser and the
// terminal; the server keeps going and recovers on the next good save.
class LivePreview {
public:
    // `timings`: each rebuild's stages go to the log too (--timings).
    LivePreview(BuildOptions options, std::ostream& log, bool timings = false);
    ~LivePreview();
    LivePreview(const LivePreview&) = delete;
    LivePreview& operator=(const LivePreview&) = delete;

    // Builds once and binds 127.0.0.1:port (0 for any); returns the port or -1.
    int start(int port);
    void run();   // serves until stop()
    void stop();
    [[nodiscard]] long version() const { return version_; }

private:
    // `changed`: the files that changed, relative to the site, when known.
    void rebuild(const std::optional<std::set<std::filesystem::path>>& changed = std::nullopt);
    void watch();
    void save();  // what the session holds, into .gazette-cache/; a failure is a warning
    void watch_sources();  // (again) every folder of the site's sources

    BuildOptions options_;
    BuildSession session_;  // the builds, which remember the last one
    std::ostream& log_;
    bool timings_;
    std::unique_ptr<PreviewServer> server_;  // made after the first build: it serves a folder that must exist
    std::atomic<long> version_{0};
    std::atomic<bool> stopping_{false};
    std::mutex stop_mutex_;
    std::mutex failure_mutex_;
    std::string failure_;  // the last build's diagnostics, when it failed
    std::thread watcher_;
    int inotify_ = -1;
    std::map<int, std::filesystem::path> watched_;  // inotify's watch -> its folder, relative to the site
};

}  // namespace gazette
