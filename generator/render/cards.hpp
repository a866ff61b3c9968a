// Views for the card components: priorities with their leads and delivery
// groups, and projects with their funding and measures. Private to render/.
#pragma once

#include "model/model.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gazette {

// `keys` picks and orders the items; empty means all, as the dataset has them.
nlohmann::json priorities_view(const PrioritiesData& data, const std::vector<std::string>& keys);
nlohmann::json outcomes_view(const OutcomesData& data, const std::vector<std::string>& keys, const Site& site);

}  // namespace gazette
