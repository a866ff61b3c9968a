#include "build/build.hpp"

#include "load/load.hpp"
#include "model/model.hpp"
#include "render/render.hpp"
#include "write/write.hpp"

namespace gazette {

BuildResult build_site(const BuildOptions& options) {
    BuildResult result;
    result.output = options.output.value_or(options.site / "site-output");
    std::string stage = "load";
    try {
        if (options.write) check_output_folder(options.site, result.output);

        SiteSources sources = load_site(options.site, result.diagnostics);
        if (result.diagnostics.has_errors()) return result;

        stage = "assemble";
        Site site = assemble_site(std::move(sources), {options.include_drafts}, result.diagnostics);
        if (result.diagnostics.has_errors()) return result;

        stage = "render";
        RenderedSite rendered = render_site(site, {options.build_date}, result.diagnostics);
        result.pages = rendered.page_count;
        if (result.diagnostics.has_errors() || !options.write) return result;

        stage = "write";
        result.files_written = write_site(result.output, rendered.files, site.files).files;
    } catch (const std::exception& e) {
        result.failure = stage + ": " + e.what();
    }
    return result;
}

}  // namespace gazette
