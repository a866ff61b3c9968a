#include "pdf/pdf.hpp"

#include "load/load.hpp"
#include "text/hash.hpp"
#include "text/text.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <regex>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace fs = std::filesystem;

namespace gazette {

namespace {

// Starts Chromium printing one page; returns its process id.
pid_t start_chromium(const PdfSettings& settings, const fs::path& html, const fs::path& pdf, const fs::path& profile) {
    std::vector<std::string> args{settings.chromium.string(),
                                  "--headless",
                                  "--no-sandbox",
                                  "--disable-gpu",
                                  "--disable-background-networking",
                                  "--disable-component-update",
                                  "--disable-sync",
                                  "--no-first-run",
                                  "--no-pdf-header-footer",
                                  "--generate-pdf-document-outline",
                                  "--run-all-compositor-stages-before-draw",
                                  "--virtual-time-budget=10000",
                                  "--user-data-dir=" + profile.string(),
                                  "--print-to-pdf=" + pdf.string(),
                                  "file://" + fs::absolute(html).string()};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    int failed = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (failed != 0) throw PdfError("cannot start " + settings.chromium.string());
    return pid;
}

}  // namespace

std::optional<fs::path> find_chromium(const std::string& configured) {
    auto runnable = [](const fs::path& p) { return ::access(p.c_str(), X_OK) == 0 && fs::is_regular_file(p); };
    if (!configured.empty()) return runnable(configured) ? std::optional<fs::path>(configured) : std::nullopt;
    const char* path = std::getenv("PATH");
    std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
    for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
        std::size_t start = 0;
        while (start <= dirs.size()) {
            auto end = dirs.find(':', start);
            fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
            if (runnable(candidate)) return candidate;
            if (end == std::string::npos) break;
            start = end + 1;
        }
    }
    return std::nullopt;
}

std::string fix_pdf_dates(std::string pdf, long long seconds) {
    auto date = date_from_unix_seconds(seconds);
    if (!date) return pdf;
    long long day_seconds = seconds % 86400;
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "D:%04d%02d%02d%02lld%02lld%02lld+00'00'", date->year, date->month, date->day,
                  day_seconds / 3600, day_seconds / 60 % 60, day_seconds % 60);
    for (std::string key : {"/CreationDate (", "/ModDate ("}) {
        for (auto at = pdf.find(key); at != std::string::npos; at = pdf.find(key, at + 1)) {
            auto start = at + key.size();
            auto end = pdf.find(')', start);
            if (end == std::string::npos || end - start != std::strlen(stamp)) continue;  // same length keeps offsets
            pdf.replace(start, end - start, stamp);
        }
    }
    return pdf;
}

// A long PDF's page tree has inner /Pages nodes; the root counts them all.
int pdf_page_count(const std::string& pdf) {
    static const std::regex pages(R"(/Type\s*/Pages\s*/Count\s+(\d+))");
    int count = 0;
    for (auto it = std::sregex_iterator(pdf.begin(), pdf.end(), pages); it != std::sregex_iterator(); ++it)
        count = std::max(count, std::stoi((*it)[1].str()));
    return count;
}

std::uint64_t pdf_key(const PdfSource& source, const PdfSettings& settings) {
    Hasher hash;
    hash.add(source.print_page).add(source.paper_rules);
    for (const auto& [name, bytes] : source.assets) hash.add(name).add(bytes);
    hash.add(settings.chromium.string());
    hash.add(settings.source_date_epoch ? std::to_string(*settings.source_date_epoch) : "now");
    return hash.digest();
}

fs::path cached_pdf(const PdfSettings& settings, std::uint64_t key) { return settings.cache / (hex64(key) + ".pdf"); }

std::size_t print_pdfs(const std::vector<PdfJob>& jobs, const PdfSettings& settings) {
    fs::create_directories(settings.cache);
    struct Running {
        pid_t pid;
        const PdfJob* job;
        fs::path raw;
        fs::path cached;
    };
    std::vector<Running> running;
    std::size_t printed = 0;
    fs::path scratch = settings.cache / ("run-" + std::to_string(::getpid()));
    fs::create_directories(scratch);

    auto finish = [&](const Running& r) {
        int status = 0;
        waitpid(r.pid, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !fs::exists(r.raw))
            throw PdfError("Chromium could not print " + r.job->report + " (exit status " +
                           std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
        std::string bytes = read_file(r.raw);
        if (settings.source_date_epoch) bytes = fix_pdf_dates(std::move(bytes), *settings.source_date_epoch);
        fs::path partial = r.cached;
        partial += ".partial";
        std::FILE* out = std::fopen(partial.c_str(), "wb");
        bool written = out != nullptr && std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size();
        if (out != nullptr) written = std::fclose(out) == 0 && written;
        if (!written) throw PdfError("cannot write " + partial.string());
        fs::rename(partial, r.cached);  // whole or not at all: the cache is trusted by name
        fs::remove(r.raw);
    };

    try {
        std::size_t index = 0;
        for (const auto& job : jobs) {
            fs::path cached = cached_pdf(settings, job.key);
            if (fs::exists(cached)) continue;  // made from exactly these files before
            if (running.size() >= std::max(1U, settings.jobs)) {
                finish(running.front());
                running.erase(running.begin());
            }
            fs::path raw = scratch / (std::to_string(index) + ".pdf");
            ++printed;
            running.push_back({start_chromium(settings, job.html, raw, scratch / ("profile-" + std::to_string(index))), &job,
                               raw, cached});
            ++index;
        }
        for (const auto& r : running) finish(r);
        running.clear();
    } catch (...) {
        for (const auto& r : running) {
            int status = 0;
            waitpid(r.pid, &status, 0);
        }
        std::error_code ignored;
        fs::remove_all(scratch, ignored);
        throw;
    }
    std::error_code ignored;
    fs::remove_all(scratch, ignored);
    return printed;
}

}  // namespace gazette
