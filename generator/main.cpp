// gazette: the command line. It turns flags into options and calls one function.
#include "build/build.hpp"
#include "scaffold/scaffold.hpp"
#include "serve/serve.hpp"

#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdlib>
#include <pthread.h>
#include <thread>
#include <iostream>

#ifndef GAZETTE_VERSION
#define GAZETTE_VERSION "0.0.0"
#endif

namespace {

enum ExitCode { success = 0, site_has_errors = 1, wrong_usage = 2 };

std::optional<long long> source_date_epoch() {
    const char* value = std::getenv("SOURCE_DATE_EPOCH");
    if (value == nullptr || *value == '\0') return std::nullopt;
    try {
        long long seconds = std::stoll(value);
        if (seconds < 0) throw std::out_of_range("negative");
        return seconds;
    } catch (const std::exception&) {
        std::cerr << "gazette: warning: SOURCE_DATE_EPOCH is not a number of seconds, ignored\n";
        return std::nullopt;
    }
}

struct Reporting {
    gazette::DiagnosticFormat format = gazette::DiagnosticFormat::text;
    bool timings = false;  // --timings: each stage's time, on standard error
    bool github = false;  // GITHUB_ACTIONS=true: also workflow annotations
};

int report(const gazette::BuildResult& result, bool wrote, const Reporting& reporting) {
    const bool json = reporting.format == gazette::DiagnosticFormat::json;
    // JSON lines go to standard output, where tools read them; text goes to standard error.
    gazette::print_diagnostics(json ? std::cout : std::cerr, result.diagnostics, reporting.format, reporting.github);
    if (json)
        std::cout << "{\"errors\":" << result.diagnostics.error_count() << ",\"warnings\":" << result.diagnostics.warning_count()
                  << ",\"pages\":" << result.pages << "}\n";
    if (!result.failure.empty()) std::cerr << "error: " << result.failure << '\n';
    if (reporting.timings) gazette::print_timings(std::cerr, result);
    auto errors = result.diagnostics.error_count();
    auto warnings = result.diagnostics.warning_count();
    auto plural = [](std::size_t n, const char* word) {
        return std::to_string(n) + ' ' + word + (n == 1 ? "" : "s");
    };
    if (!result.ok()) {
        if (!json)
            std::cerr << plural(errors, "error") << ", " << plural(warnings, "warning")
                      << (wrote ? "; site-output was left as it was\n" : "\n");
        return site_has_errors;
    }
    if (wrote && !json) {
        std::string files = result.files_written == 0 && result.files_removed == 0
                                ? "nothing changed, no files written"
                                : plural(result.files_written, "file") + " written" +
                                      (result.files_removed > 0 ? ", " + std::to_string(result.files_removed) + " removed" : "");
        std::cout << "Built " << plural(result.pages, "page")
                  << (result.pdfs > 0 ? " and " + plural(result.pdfs, "PDF") + " (" + std::to_string(result.pdfs_printed) +
                                            " printed)"
                                      : "")
                  << " into " << result.output.generic_string() << ": " << result.units_rendered << " of "
                  << result.units << " pages or reports rendered, " << files << "; " << plural(warnings, "warning") << '\n';
    }
    else if (!json)
        std::cout << "Checked " << plural(result.pages, "page") << ": no errors, " << plural(warnings, "warning") << '\n';
    return success;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Gazette builds accessible report sites from Markdown and data.", "gazette"};
    app.set_version_flag("--version", std::string("gazette ") + GAZETTE_VERSION);
    app.require_subcommand(1);

    gazette::BuildOptions options;
    std::string output;
    auto* build = app.add_subcommand("build", "Build the site into SITE_DIR/site-output");
    build->add_option("SITE_DIR", options.site, "The site folder (holding site.json)")->capture_default_str();
    build->add_option("--out", output, "Write the site here instead of SITE_DIR/site-output");
    build->add_flag("--drafts", options.include_drafts, "Include pages marked draft: true");
    build->add_flag("--pdf", options.pdf, "Also print each report to report.pdf beside it (needs Chromium)");
    build->add_option("--chromium", options.chromium, "The Chromium to print PDFs with (default: found on PATH)");
    build->add_option("-j,--jobs", options.jobs, "Render this many pages at once (default: one per core)");

    auto* check = app.add_subcommand("check", "Load and validate the site and its links; write nothing");
    check->add_option("SITE_DIR", options.site, "The site folder (holding site.json)")->capture_default_str();
    check->add_flag("--drafts", options.include_drafts, "Check pages marked draft: true as well");
    bool strict = false;
    check->add_flag("--strict", strict, "Treat warnings as errors (for CI)");

    std::string format = "text";
    bool timings = false;
    for (auto* command : {build, check})
        command->add_flag("--timings", timings, "Print how long each stage of the build took, on standard error");
    for (auto* command : {build, check})
        command->add_option("--format", format, "How to print diagnostics: text, or json (one object per line)")
            ->check(CLI::IsMember({"text", "json"}))
            ->capture_default_str();

    int port = 8080;
    auto* serve = app.add_subcommand("serve", "Build the site, then serve it at http://127.0.0.1:PORT/ until Ctrl+C");
    serve->add_option("SITE_DIR", options.site, "The site folder (holding site.json)")->capture_default_str();
    serve->add_option("--port", port, "The port to listen on")->capture_default_str()->check(CLI::Range(0, 65535));
    serve->add_flag("--drafts", options.include_drafts, "Include pages marked draft: true");
    bool serve_timings = false;
    serve->add_flag("--timings", serve_timings, "Print how long each stage of each rebuild took");

    std::string new_dir;
    auto* create = app.add_subcommand("new", "Create a small working site in DIR");
    create->add_option("DIR", new_dir, "A new or empty folder")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? success : wrong_usage;
    }

    if (*create) {
        try {
            gazette::create_site(new_dir);
        } catch (const std::exception& e) {
            std::cerr << "error: " << e.what() << '\n';
            return site_has_errors;
        }
        std::cout << "Created a site in " << new_dir << ". Build it with:\n  gazette build " << new_dir << '\n';
        return success;
    }

    if (!output.empty()) options.output = output;
    options.source_date_epoch = source_date_epoch();
    if (options.source_date_epoch) options.build_date = gazette::date_from_unix_seconds(*options.source_date_epoch);
    if (serve->parsed()) {
        // Ctrl+C stops the preview in good order, so what its builds hold
        // reaches .gazette-cache/ for the next build; every thread started
        // from here on leaves the signals to the one waiting for them.
        sigset_t stop_signals;
        sigemptyset(&stop_signals);
        sigaddset(&stop_signals, SIGINT);
        sigaddset(&stop_signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
        gazette::LivePreview preview(options, std::cout, serve_timings);
        int bound = preview.start(port);
        if (bound < 0) {
            std::cerr << "error: cannot listen on 127.0.0.1:" << port << "\n  hint: another program uses it; try --port "
                      << port + 1 << '\n';
            return site_has_errors;
        }
        std::cout << "Serving " << options.site.generic_string() << " at http://127.0.0.1:" << bound
                  << "/ and rebuilding it when its files change (Ctrl+C to stop)" << std::endl;
        std::thread([&preview, stop_signals] {
            int received = 0;
            sigwait(&stop_signals, &received);
            preview.stop();
        }).detach();
        preview.run();
        preview.stop();
        std::cout << "Stopped" << std::endl;
        return success;
    }
    options.write = build->parsed();
    Reporting reporting;
    reporting.format = format == "json" ? gazette::DiagnosticFormat::json : gazette::DiagnosticFormat::text;
    reporting.timings = timings;
    const char* github = std::getenv("GITHUB_ACTIONS");
    reporting.github = github != nullptr && std::string(github) == "true";
    auto result = gazette::build_site(options);
    if (strict) result.diagnostics.warnings_as_errors();
    return report(result, options.write, reporting);
}
