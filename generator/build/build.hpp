// The build, top to bottom: load -> validate and assemble -> render -> write.
#pragma once

#include "diagnostics/diagnostics.hpp"
#include "text/text.hpp"

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <set>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gazette {

struct BuildOptions {
    std::filesystem::path site = ".";
    std::optional<std::filesystem::path> output;  // default: site/site-output
    bool include_drafts = false;
    bool write = true;                 // false for `gazette check`
    std::optional<Date> build_date;    // from SOURCE_DATE_EPOCH
    std::optional<long long> source_date_epoch;  // the same, to the second, for PDF dates
    bool pdf = false;                  // also print each report to a PDF
    std::string chromium;              // the browser for PDFs; default: found on PATH
    unsigned jobs = 0;                 // pages rendered at once; 0: one per core
};

struct BuildResult {
    Diagnostics diagnostics;
    std::string failure;  // a stage that could not do its job, already prefixed "stage: "
    std::size_t pages = 0;
    std::size_t files_written = 0;  // the rest were unchanged and kept as they were
    std::size_t files_removed = 0;  // made by an earlier build from sources since removed
    std::size_t units = 0;           // pages and reports (a report with its pages is one)
    std::size_t units_rendered = 0;  // of those, rendered now; the rest were unchanged
    std::size_t pdfs = 0;
    std::size_t pdfs_printed = 0;  // the rest came from the cache, their reports unchanged
    std::filesystem::path output;
    // How long each stage took, in order, and the memory the build held at
    // its height by the stage's end, for --timings.
    struct StageTime {
        std::string stage;
        double ms = 0;
        std::size_t peak_kb = 0;
    };
    std::vector<StageTime> timings;

    [[nodiscard]] bool ok() const { return failure.empty() && !diagnostics.has_errors(); }
};

BuildResult build_site(const BuildOptions& options);

// --timings: each stage's time and the peak memory by its end, two lines.
void print_timings(std::ostream& out, const BuildResult& result);

// Builds that remember, as `gazette serve` keeps them: each takes the last
// one's build record and parsed pages from memory instead of the site's
// .gazette-cache/, and, told which files changed, patches the site it
// assembled instead of loading and assembling it again when the edit allows
// (see patch_site). What it holds reaches .gazette-cache/ on save(), and on
// destruction, for the next `gazette build`; until then that build record is
// out of date, which only makes the next `gazette build` render more.
class BuildSession {
public:
    explicit BuildSession(BuildOptions options);
    ~BuildSession();
    BuildSession(const BuildSession&) = delete;
    BuildSession& operator=(const BuildSession&) = delete;

    // `changed`: the files changed since the last build, relative to the
    // site folder, when known; without them, any file may have changed.
    BuildResult build(const std::optional<std::set<std::filesystem::path>>& changed = std::nullopt);
    // Writes the record and the parsed pages into .gazette-cache/, if either changed since.
    void save();
    [[nodiscard]] bool unsaved() const;

    struct Memory;

private:
    BuildOptions options_;
    std::unique_ptr<Memory> memory_;
};

}  // namespace gazette
