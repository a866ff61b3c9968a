// A figure in prose, {{ dataset.key.field | format }}: the expression alone,
// as the Markdown renderer hands it to the components, against the example
// site's datasets; then the same written in a sentence.
#include "example_site.hpp"
#include "source_text.hpp"

#include "render/render.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

using namespace gazette;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Site& site = fuzzing::example_site();
    const auto text = fuzzing::source_text(data, size);
    if (!text) return -1;
    const std::string_view expression = *text;
    DataComponents components(site, fuzzing::example_templates(), "../");

    Diagnostics diagnostics;
    components.figure(expression, {"content/fuzz.md", 1, 1}, diagnostics);

    const std::string sentence = "In the year, {{ " + std::string(expression) + " }} offences were recorded.\n";
    MarkdownOptions options;
    options.components = &components;
    options.source = "content/fuzz.md";
    render_markdown(sentence, options);
    return 0;
}
