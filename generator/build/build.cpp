#include "build/build.hpp"

#include "load/load.hpp"
#include "model/model.hpp"
#include "pdf/pdf.hpp"
#include "render/render.hpp"
#include "write/write.hpp"

namespace gazette {

BuildResult build_site(const BuildOptions& options) {
    BuildResult result;
    result.output = options.output.value_or(options.site / "site-output");
    std::string stage = "load";
    try {
        if (options.write) check_output_folder(options.site, result.output);
        std::optional<std::filesystem::path> chromium;
        if (options.pdf) {
            chromium = find_chromium(options.chromium);
            if (!chromium) {
                result.failure = "pdf: " + (options.chromium.empty() ? std::string("no Chromium on PATH")
                                                                      : "cannot run " + options.chromium) +
                                 ", and --pdf needs it to print the reports\n  hint: install it with "
                                 "`apt-get install chromium`, or give its path with --chromium PATH";
                return result;
            }
        }

        SiteSources sources = load_site(options.site, result.diagnostics);
        if (result.diagnostics.has_errors()) return result;

        stage = "assemble";
        Site site = assemble_site(std::move(sources), {options.include_drafts}, result.diagnostics);
        if (result.diagnostics.has_errors()) return result;

        stage = "render";
        RenderOptions render_options;
        render_options.build_date = options.build_date;
        RenderedSite rendered = render_site(site, render_options, result.diagnostics);
        result.pages = rendered.page_count;
        check_links(site, rendered, result.diagnostics);
        if (result.diagnostics.has_errors() || !options.write) return result;

        stage = "write";
        StagedOutput staged(result.output);
        result.files_written = staged.write(rendered.files, site.files).files;
        if (options.pdf) {
            // Print each report from the staged site, then link its pages to the PDF.
            stage = "pdf";
            std::vector<PdfJob> jobs;
            for (const auto& report : rendered.print_pages) {
                std::filesystem::path folder = staged.folder() / report.substr(1);
                jobs.push_back({report, folder / "print.html", folder / "report.pdf", staged.folder() / "assets"});
            }
            PdfSettings settings{*chromium, options.source_date_epoch, options.site / ".gazette-cache" / "pdf", 2};
            PdfRun run = make_pdfs(jobs, settings);
            render_options.pdfs = run.links;
            result.pdfs = jobs.size();
            result.pdfs_printed = run.printed;
            stage = "render";
            rendered = render_site(site, render_options, result.diagnostics);
            stage = "write";
            staged.write(rendered.files, {});
            result.files_written += jobs.size();
        }
        staged.commit();
    } catch (const std::exception& e) {
        result.failure = stage + ": " + e.what();
    }
    return result;
}

}  // namespace gazette
