#include "serve/serve.hpp"

#include "text/text.hpp"

#include <chrono>
#include <ostream>
#include <poll.h>
#include <sstream>
#include <sys/inotify.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace gazette {

LivePreview::LivePreview(BuildOptions options, std::ostream& log, bool timings)
    : options_(options), session_(std::move(options)), log_(log), timings_(timings) {}

LivePreview::~LivePreview() { stop(); }

int LivePreview::start(int port) {
    rebuild();
    fs::path folder = options_.output.value_or(options_.site / "site-output");
    fs::create_directories(folder);  // even when the first build failed, so its errors can be shown
    server_ = std::make_unique<PreviewServer>(folder);
    server_->enable_live_reload([this] { return version_.load(); },
                                [this] {
                                    std::lock_guard lock(failure_mutex_);
                                    return failure_;
                                });
    int bound = server_->bind(port);
    if (bound < 0) return -1;
    inotify_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    watch_sources();  // before start() returns, so no save after it is missed
    watcher_ = std::thread([this] { watch(); });
    return bound;
}

void LivePreview::run() { server_->run(); }

// From any thread, as often as called: each call returns once the preview has stopped.
void LivePreview::stop() {
    std::lock_guard lock(stop_mutex_);
    if (stopping_.exchange(true)) return;
    if (server_) server_->stop();
    if (watcher_.joinable()) watcher_.join();
    if (inotify_ >= 0) ::close(inotify_);
    save();  // for the next gazette build
}

void LivePreview::save() {
    try {
        session_.save();
    } catch (const std::exception& e) {
        log_ << "warning: cannot save the build record in .gazette-cache/: " << e.what() << std::endl;
    }
}

void LivePreview::rebuild(const std::optional<std::set<fs::path>>& changed) {
    auto started = std::chrono::steady_clock::now();
    BuildResult result = session_.build(changed);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    std::ostringstream diagnostics;
    print_diagnostics(diagnostics, result.diagnostics);
    if (!result.failure.empty()) diagnostics << "error: " << result.failure << '\n';
    {
        std::lock_guard lock(failure_mutex_);
        failure_ = result.ok() ? std::string() : diagnostics.str();
    }
    log_ << diagnostics.str();
    if (result.ok())
        log_ << "Rebuilt in " << ms << " ms: " << result.units_rendered << " of " << result.units
             << " pages or reports rendered, " << result.files_written << " files written, " << result.files_removed
             << " removed" << std::endl;
    else log_ << "The site has errors; the browser shows them until the next good save" << std::endl;
    if (timings_) print_timings(log_, result);
    ++version_;
}

// inotify watches folders one by one, so every folder below the site's
// sources is watched, and watched again after each rebuild (new folders).
void LivePreview::watch_sources() {
    const uint32_t events = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO;
    auto add = [&](const fs::path& folder) {
        int watch = inotify_add_watch(inotify_, (options_.site / folder).c_str(), events);
        if (watch >= 0) watched_[watch] = folder;
    };
    add({});
    for (const char* folder : {"content", "data", "themes", "static"}) {
        fs::path root = options_.site / folder;
        std::error_code ec;
        if (!fs::is_directory(root, ec)) continue;
        add(folder);
        for (auto it = fs::recursive_directory_iterator(root, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) break;
            if (it->is_directory()) add(it->path().lexically_relative(options_.site));
        }
    }
}

void LivePreview::watch() {
    alignas(inotify_event) char buffer[16384];
    auto last_build = std::chrono::steady_clock::now();
    while (!stopping_) {
        pollfd fd{inotify_, POLLIN, 0};
        if (::poll(&fd, 1, 200) <= 0) {
            // A second after the last rebuild, what the session holds goes to
            // .gazette-cache/, so a `gazette build` after it has little to do.
            if (session_.unsaved() && std::chrono::steady_clock::now() - last_build > std::chrono::seconds(1)) {
                save();
            }
            continue;
        }
        bool relevant = false;
        std::optional<std::set<fs::path>> changed = std::set<fs::path>{};  // nullopt: not known which
        // Read everything that arrived, waiting a moment for an editor's burst of writes to end.
        do {
            for (ssize_t n = ::read(inotify_, buffer, sizeof buffer); n > 0; n = ::read(inotify_, buffer, sizeof buffer)) {
                for (char* p = buffer; p < buffer + n;) {
                    auto* event = reinterpret_cast<inotify_event*>(p);
                    std::string name = event->len > 0 ? event->name : "";
                    p += sizeof(inotify_event) + event->len;
                    // The site folder itself also holds site-output/ and the cache: only site.json counts there.
                    bool noise = name.empty() || name.front() == '.' || name == "site-output" || name.back() == '~';
                    if ((event->mask & IN_Q_OVERFLOW) != 0) {
                        relevant = true;
                        changed.reset();
                    }
                    if (noise) continue;
                    relevant = true;
                    auto folder = watched_.find(event->wd);
                    if (folder == watched_.end() || (event->mask & IN_ISDIR) != 0) changed.reset();
                    else if (changed) changed->insert(folder->second / name);
                }
            }
        } while (::poll(&fd, 1, 10) > 0);  // an editor's save is a burst of microseconds; a checkout's later files rebuild again
        if (relevant && !stopping_) {
            rebuild(changed);
            if (!changed) watch_sources();  // a folder came or went: watch the new ones
            last_build = std::chrono::steady_clock::now();
        }
    }
}

}  // namespace gazette
