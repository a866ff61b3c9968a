// Plain-English descriptions of data, generated so every reader gets what a
// chart shows: the largest rise and fall, the change since the previous
// period, and which direction is good.
#pragma once

#include "model/model.hpp"

#include <string>
#include <vector>

namespace gazette {

std::string describe_trends(const TrendsData& trends, const std::vector<const TrendSeries*>& series);

}  // namespace gazette
