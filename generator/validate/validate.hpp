// Validate: turn loaded JSON and front matter into typed values, reporting
// every wrong type, unknown key and bad value at its line.
#pragma once

#include "diagnostics/diagnostics.hpp"
#include "load/load.hpp"
#include "model/model.hpp"

namespace gazette {

SiteConfig validate_config(const LocatedJson& config, Diagnostics& diagnostics);
PageMeta validate_front_matter(const LocatedJson& front_matter, Diagnostics& diagnostics);

// Checks every dataset against the schema of its kind (docs/datasets.md),
// then the references between datasets. Invalid datasets are left out.
std::vector<Dataset> validate_datasets(std::vector<DataFile> files, Diagnostics& diagnostics);

// WCAG contrast ratio of two #rrggbb colours (1 to 21).
double contrast_ratio(const std::string& foreground, const std::string& background);

}  // namespace gazette
