// A page as a site would have it: front matter, then Markdown with fenced
// components (```table) and figures in prose, rendered against the example
// site's datasets through the built-in theme's component templates.
#include "example_site.hpp"
#include "source_text.hpp"

#include "render/render.hpp"
#include "validate/validate.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace gazette;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Site& site = fuzzing::example_site();
    auto text = fuzzing::source_text(data, size);
    if (!text) return -1;  // never reaches parsing: an error at the byte
    Diagnostics diagnostics;
    ContentFile file = parse_content_file(std::move(*text), "reports/fuzz.md", "content/reports/fuzz.md", diagnostics);
    PageMeta meta = validate_front_matter(file.front_matter, diagnostics);

    DataComponents components(site, fuzzing::example_templates(), "../../");
    MarkdownOptions options;
    options.components = &components;
    // The first byte picks raw HTML on or off, so both paths are fuzzed.
    options.unsafe_html = size > 0 && (data[0] & 1) != 0;
    options.numbering = meta.numbering.value_or(Numbering::automatic);
    options.root = "../../";
    options.source = file.source;
    options.first_line = file.body_first_line;
    options.images = &site.images;
    options.folder = "reports/fuzz/";
    for (const auto& dataset : site.datasets)
        if (const auto* glossary = std::get_if<GlossaryData>(&dataset.content)) options.abbreviations = &glossary->terms;
    if (meta.headline) components.headline(*meta.headline, diagnostics);
    render_markdown(file.body, options);
    return 0;
}
