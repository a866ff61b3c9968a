// How figures are written for readers: £1,324,000, 3.93%, 1,400.
#pragma once

#include "model/model.hpp"

#include <string>
#include <string_view>

namespace gazette {

// Thousands separators; `decimals` < 0 means as many as the value needs (up to 2).
std::string format_number(double value, int decimals = -1);
std::string format_gbp(double value, int decimals = -1);      // £20,000 (pence shown only when there are any)
std::string format_percent(double value, int decimals = -1);  // 3.93%
std::string format_value(double value, Unit unit, int decimals = -1);
// A measure's figure with the source's hedge: "over 600".
std::string format_measure(const Measure& measure);

// Where one row's figure comes from, as precisely as the data says. A row's own
// source that only locates it (paragraph, section or page, singular or plural,
// then a number: "paragraph 3.2", "sections 3.3 to 3.5") is placed in the
// dataset's document: the dataset's source up to its first comma-separated part
// that locates ("Annual report 2019-20, paragraphs 3.2 and 3.3" with "paragraph
// 3.2" gives "Annual report 2019-20, paragraph 3.2"), or all of it when no part
// does. A row's source that names its document is cited as it is; a row without
// one, by the dataset's.
std::string cite_row(std::string_view dataset_source, std::string_view row_source);

}  // namespace gazette
