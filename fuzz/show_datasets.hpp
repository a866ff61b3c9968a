// What a build does with a dataset once it is valid: publish it as CSV and
// show it in each component that takes a dataset, through the built-in theme.
#pragma once

#include "render/render.hpp"

#include <string>
#include <vector>

namespace gazette::fuzzing {

inline void show_datasets(std::vector<Dataset> datasets) {
    Site site;
    site.datasets = std::move(datasets);
    static const Theme theme("", "");  // the built-in theme
    static TemplateRenderer templates(theme);
    DataComponents components(site, templates, "../");
    for (const auto& dataset : site.datasets) {
        dataset_csv(dataset);
        for (const char* name : {"table", "chart", "priorities", "outcomes"}) {
            Diagnostics diagnostics;
            components.component(name, "dataset: " + dataset.name + "\n", {"content/fuzz.md", 1, 1}, diagnostics);
        }
    }
}

}  // namespace gazette::fuzzing
