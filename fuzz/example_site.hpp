// The example site of this repository, loaded once per fuzz target, so
// components, figures and dataset references meet real datasets.
#pragma once

#include "load/load.hpp"
#include "model/model.hpp"
#include "render/render.hpp"

#include <cstdio>
#include <cstdlib>

namespace gazette::fuzzing {

inline const Site& example_site() {
    static const Site site = [] {
        Diagnostics diagnostics;
        Site loaded = assemble_site(load_site(GAZETTE_SOURCE_DIR, diagnostics), {}, diagnostics);
        if (diagnostics.has_errors()) {
            std::fprintf(stderr, "fuzz: the example site in %s does not build\n", GAZETTE_SOURCE_DIR);
            std::abort();
        }
        return loaded;
    }();
    return site;
}

// The theme's templates, parsed once as in a build: a cache, passed in.
inline TemplateRenderer& example_templates() {
    static const Theme theme(example_site().theme_overrides, example_site().config.theme);
    static TemplateRenderer templates(theme);
    return templates;
}

}  // namespace gazette::fuzzing
