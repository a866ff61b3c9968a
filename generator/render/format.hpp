// How figures are written for readers: £1,324,000, 3.93%, 1,400.
#pragma once

#include "model/model.hpp"

#include <string>

namespace gazette {

// Thousands separators; `decimals` < 0 means as many as the value needs (up to 2).
std::string format_number(double value, int decimals = -1);
std::string format_gbp(double value, int decimals = -1);      // £20,000 (pence shown only when there are any)
std::string format_percent(double value, int decimals = -1);  // 3.93%
std::string format_value(double value, Unit unit, int decimals = -1);
// A measure's figure with the source's hedge: "over 600".
std::string format_measure(const Measure& measure);

}  // namespace gazette
