// A CSV file in data/, read as a table's rows (rows_csv, with a column of
// each type) and as a trends dataset's series (series_csv), then validated,
// published and shown as a valid dataset would be.
#include "show_datasets.hpp"
#include "source_text.hpp"

#include "load/load.hpp"
#include "validate/validate.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using namespace gazette;

namespace {

constexpr std::string_view table_json = R"({
  "kind": "table", "title": "Grants", "source": "Fuzzing", "rows_csv": "fuzz.csv", "suppress_below": 5,
  "columns": [
    {"key": "project", "label": "Project", "type": "text"},
    {"key": "amount", "label": "Amount", "type": "GBP"},
    {"key": "people", "label": "People", "type": "integer"},
    {"key": "share", "label": "Share", "type": "percent", "decimals": 1},
    {"key": "rate", "label": "Rate", "type": "number"},
    {"key": "year", "label": "Year", "type": "financial_year"},
    {"key": "date", "label": "Date", "type": "date"}
  ]
})";

constexpr std::string_view trends_json = R"({
  "kind": "trends", "title": "Crime", "source": "Fuzzing", "unit": "count", "good_direction": "down",
  "series_csv": "fuzz.csv"
})";

DataFile dataset_file(std::string name, std::string_view json, const std::string& key, const CsvTable& csv) {
    Diagnostics diagnostics;
    const std::string path = "data/" + name + ".json";
    DataFile file{std::move(name), parse_json(json, path, diagnostics), std::string(json)};
    file.csv.emplace(key, csv);
    return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = fuzzing::source_text(data, size);
    if (!text) return -1;
    Diagnostics diagnostics;
    const CsvTable csv = parse_csv(*text, "data/fuzz.csv", diagnostics);
    std::vector<DataFile> files;
    files.push_back(dataset_file("grants", table_json, "rows_csv", csv));
    files.push_back(dataset_file("crime", trends_json, "series_csv", csv));
    fuzzing::show_datasets(validate_datasets(std::move(files), diagnostics));
    return 0;
}
