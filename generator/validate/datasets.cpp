// Dataset schemas: one reader per kind, as docs/datasets.md describes them.
#include "validate/object_reader.hpp"
#include "validate/validate.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <regex>
#include <set>

namespace gazette {

namespace {

const std::vector<std::string> kinds{"priorities", "trends", "outcomes", "table", "glossary"};

std::string item_pointer(const std::string& array, std::size_t index) { return array + '/' + std::to_string(index); }

std::string joined(const std::vector<std::string>& words, const std::string& separator) {
    std::string out;
    for (const auto& word : words) out += (out.empty() ? "" : separator) + word;
    return out;
}

// The CSV file named by `key`, as the loader read it; null when there is none,
// which the loader reports at the name.
const CsvTable* named_csv(ObjectReader& top, const std::string& key, const std::map<std::string, CsvTable>& csv_files) {
    std::string name = top.string(key);
    if (auto it = csv_files.find(key); it != csv_files.end()) return &it->second;
    if (!name.empty())
        top.diagnostics().error(top.at(key), "data/" + name + " was not read", "put the CSV file in data/, beside the dataset");
    return nullptr;
}

// A member that a CSV file replaces must not be given as well.
void report_replaced(ObjectReader& top, const std::string& what, const std::string& csv_key,
                     const std::vector<std::string>& keys, const std::string& hint) {
    for (const auto& key : keys)
        if (top.has(key))
            top.diagnostics().error(top.document().key_at(top.child(key)),
                                    what + " has both \"" + key + "\" and \"" + csv_key + "\"", "remove \"" + key + "\": " + hint);
}

// A CSV field as the JSON value it stands for: empty is null, a plain number
// (20000, 3.93, -29.63) a number where one is wanted; anything else stays text,
// for the type checks to report as they would in JSON.
nlohmann::json csv_value(const std::string& text, bool number_wanted) {
    static const std::regex number_text(R"(-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?)");
    if (text.empty()) return nullptr;
    const std::string number = trim(text);
    if (!number_wanted || !std::regex_match(number, number_text)) return text;
    const char* end = number.data() + number.size();
    if (number.find_first_of(".eE") == std::string::npos) {
        long long whole = 0;
        if (std::from_chars(number.data(), end, whole).ec == std::errc()) return whole;
    }
    return std::strtod(number.c_str(), nullptr);  // past a double: HUGE_VAL, for csv_number to report
}

// A field of a number column: its number, checked against the largest Gazette keeps exactly.
nlohmann::json csv_number(const CsvTable& csv, const CsvField& field, Diagnostics& diagnostics) {
    nlohmann::json value = csv_value(field.text, true);
    if (value.is_number() && !check_number_range(trim(field.text), csv.at(field), diagnostics)) return nullptr;
    return value;
}

void place(LocatedJson& doc, const std::string& pointer, const CsvField& field) {
    doc.value_positions[pointer] = {field.line, field.column};
}

// Keys must be unique within their list, and usable in addresses and figures.
class KeySet {
public:
    KeySet(Diagnostics& diagnostics, std::string what) : diagnostics_(diagnostics), what_(std::move(what)) {}

    void add(const std::string& key, const SourceLocation& where) {
        static const std::regex pattern("[a-z0-9][a-z0-9_-]*");
        if (key.empty()) return;  // reported as missing already
        if (!std::regex_match(key, pattern)) {
            diagnostics_.error(where, "\"key\" must be lower-case letters, digits, - and _, got \"" + key + "\"",
                               "for example \"" + slugify(key) + "\": figures in prose refer to it");
            return;
        }
        if (!seen_.insert(key).second)
            diagnostics_.error(where, "two " + what_ + " have the key \"" + key + "\"", "each key may appear once");
    }

    [[nodiscard]] bool contains(const std::string& key) const { return seen_.count(key) != 0; }

private:
    Diagnostics& diagnostics_;
    std::string what_;
    std::set<std::string> seen_;
};

// Reads each object of a list whose items have unique keys ("priorities",
// "series", "projects", "columns"); `read_item` reads the rest of the item.
template <typename ReadItem>
void read_keyed_items(ObjectReader& top, const std::string& member, const std::string& item_name,
                      Diagnostics& diagnostics, ReadItem read_item) {
    std::size_t count = top.array(member, true);
    KeySet keys(diagnostics, member);
    for (std::size_t i = 0; i < count; ++i) {
        ObjectReader r(top.document(), item_pointer("/" + member, i), diagnostics, item_name);
        std::string key = r.string("key", true);
        keys.add(key, r.at("key"));
        read_item(r, std::move(key));
        r.finish();
    }
}

Person read_person(const LocatedJson& doc, const std::string& pointer, Diagnostics& diagnostics) {
    ObjectReader r(doc, pointer, diagnostics, "\"lead\"");
    Person p{r.string("name"), r.string("role"), r.string("organisation")};
    r.finish();
    return p;
}

PrioritiesData read_priorities(ObjectReader& top, Diagnostics& diagnostics) {
    PrioritiesData data;
    const LocatedJson& doc = top.document();
    read_keyed_items(top, "priorities", "a priority", diagnostics, [&](ObjectReader& r, std::string key) {
        Priority p;
        p.key = std::move(key);
        p.title = r.string("title", true);
        p.number = r.string("number");
        p.theme = r.string("theme");
        p.description = r.string("description");
        if (r.has("lead")) p.lead = read_person(doc, r.child("lead"), diagnostics);
        std::size_t groups = r.array("delivery_groups");
        for (std::size_t g = 0; g < groups; ++g) {
            ObjectReader gr(doc, item_pointer(r.child("delivery_groups"), g), diagnostics, "a delivery group");
            DeliveryGroup group;
            group.name = gr.string("name", true);
            if (gr.has("lead")) group.lead = read_person(doc, gr.child("lead"), diagnostics);
            gr.finish();
            p.delivery_groups.push_back(std::move(group));
        }
        p.objectives = r.strings("objectives");
        p.status = r.string("status");
        data.priorities.push_back(std::move(p));
    });
    return data;
}

// A period's place in time, in months, so periods can be checked for order.
struct PeriodKey {
    std::string form;  // "financial year", "quarter", "month", "year"
    int months = 0;
};

std::optional<PeriodKey> parse_period(const std::string& text) {
    static const std::regex financial_year(R"((\d{4})/(\d{2}))");
    static const std::regex financial_quarter(R"((\d{4})/(\d{2}) Q([1-4]))");
    static const std::regex month(R"((\d{4})-(\d{2}))");
    static const std::regex year(R"(\d{4})");
    std::smatch m;
    auto next_year_matches = [&](const std::smatch& match) {
        return (std::stoi(match[1].str()) + 1) % 100 == std::stoi(match[2].str());
    };
    if (std::regex_match(text, m, financial_quarter) && next_year_matches(m))
        return PeriodKey{"quarter", std::stoi(m[1].str()) * 12 + 3 + (std::stoi(m[3].str()) - 1) * 3};
    if (std::regex_match(text, m, financial_year) && next_year_matches(m))
        return PeriodKey{"financial year", std::stoi(m[1].str()) * 12 + 3};
    if (std::regex_match(text, m, month) && std::stoi(m[2].str()) >= 1 && std::stoi(m[2].str()) <= 12)
        return PeriodKey{"month", std::stoi(m[1].str()) * 12 + std::stoi(m[2].str()) - 1};
    if (std::regex_match(text, m, year)) return PeriodKey{"year", std::stoi(text) * 12};
    return std::nullopt;
}

// Periods and series from a document shaped {"periods": [...], "series": [...]}:
// the dataset itself, or what its CSV file stands for.
void read_series(ObjectReader& top, TrendsData& data, Diagnostics& diagnostics) {
    const LocatedJson& doc = top.document();
    data.periods = top.strings("periods");
    if (data.periods.empty())
        diagnostics.error(top.here(), "a trends dataset needs \"periods\"", "for example \"periods\": [\"2018/19\", \"2019/20\"]");
    std::optional<PeriodKey> previous;
    for (std::size_t i = 0; i < data.periods.size(); ++i) {
        auto where = doc.at("/periods/" + std::to_string(i));
        auto key = parse_period(data.periods[i]);
        if (!key) {
            diagnostics.error(where, "\"" + data.periods[i] + "\" is not a period Gazette knows",
                              "write a financial year 2019/20, a quarter 2019/20 Q1, a month 2020-04 or a year 2019");
            previous.reset();
            continue;
        }
        if (previous && previous->form != key->form)
            diagnostics.error(where, "periods mix a " + previous->form + " and a " + key->form, "use one kind of period in a dataset");
        else if (previous && key->months <= previous->months)
            diagnostics.error(where, "periods are out of order: \"" + data.periods[i] + "\" comes after \"" + data.periods[i - 1] + "\"",
                              "list periods from the earliest to the latest");
        previous = key;
    }

    read_keyed_items(top, "series", "a series", diagnostics, [&](ObjectReader& r, std::string key) {
        TrendSeries s;
        s.key = std::move(key);
        s.label = r.string("label", true);
        s.category = r.string("category");
        s.area = r.string("area");
        std::size_t values = r.array("values", true);
        const auto* object = r.object();
        if (object != nullptr && object->contains("values") && (*object)["values"].is_array()) {
            const auto& list = (*object)["values"];
            for (std::size_t v = 0; v < values; ++v) {
                const auto& value = list[v];
                if (value.is_null()) s.values.emplace_back();
                else if (value.is_number() && std::isfinite(value.get<double>())) s.values.emplace_back(value.get<double>());
                else {
                    diagnostics.error(doc.at(r.child("values") + '/' + std::to_string(v)),
                                      "each value must be a number or null, got " + shown(value),
                                      "write 3.93, not \"3.93%\"; the dataset's unit says what it counts");
                    s.values.emplace_back();
                }
            }
            if (values != data.periods.size())
                diagnostics.error(r.at("values"), "\"" + s.key + "\" has " + std::to_string(values) + " values for " +
                                                      std::to_string(data.periods.size()) + " periods",
                                  "give one value per period, null where the source has none");
        }
        data.series.push_back(std::move(s));
    });
}

// A trends CSV file as the JSON it stands for, each value placed in the CSV
// file; nothing when its header is wrong. Header: key,label[,category][,area],periods...
std::optional<LocatedJson> trends_from_csv(const CsvTable& csv, Diagnostics& diagnostics) {
    const std::string layout = "key,label, then category and area if the series have them, then the periods: key,label,2018/19,2019/20";
    const auto& header = csv.header;
    if (header.empty()) {
        diagnostics.error({csv.file}, "the CSV file is empty", "start it with a header row: " + layout);
        return std::nullopt;
    }
    if (header[0].text != "key" || header.size() < 2 || header[1].text != "label") {
        const CsvField& wrong = header[0].text != "key" || header.size() < 2 ? header[0] : header[1];
        diagnostics.error(csv.at(wrong), "the header must start with key,label", "write " + layout);
        return std::nullopt;
    }
    std::map<std::string, std::size_t> optional_fields;  // "category", "area" -> field index
    std::size_t first_period = 2;
    while (first_period < header.size() && (header[first_period].text == "category" || header[first_period].text == "area")) {
        const CsvField& field = header[first_period];
        if (!optional_fields.emplace(field.text, first_period).second) {
            diagnostics.error(csv.at(field), "\"" + field.text + "\" is in the header twice", "keep one field for it");
            return std::nullopt;
        }
        ++first_period;
    }
    if (first_period == header.size()) {
        diagnostics.error(csv.at(header.back()), "the header names no periods",
                          "add the periods after label, from the earliest to the latest: key,label,2018/19,2019/20");
        return std::nullopt;
    }

    LocatedJson doc;
    doc.file = csv.file;
    doc.value = {{"periods", nlohmann::json::array()}, {"series", nlohmann::json::array()}};
    for (std::size_t i = first_period; i < header.size(); ++i) {
        place(doc, item_pointer("/periods", i - first_period), header[i]);
        doc.value["periods"].push_back(header[i].text);
    }
    for (std::size_t r = 0; r < csv.rows.size(); ++r) {
        const auto& fields = csv.rows[r];
        const std::string pointer = item_pointer("/series", r);
        nlohmann::json series = nlohmann::json::object();
        place(doc, pointer, fields[0]);
        series["key"] = fields[0].text;
        place(doc, pointer + "/key", fields[0]);
        series["label"] = fields[1].text;
        place(doc, pointer + "/label", fields[1]);
        for (const auto& [name, index] : optional_fields) {
            series[name] = csv_value(fields[index].text, false);
            place(doc, pointer + '/' + name, fields[index]);
        }
        series["values"] = nlohmann::json::array();
        place(doc, pointer + "/values", fields[first_period]);
        for (std::size_t i = first_period; i < fields.size(); ++i) {
            series["values"].push_back(csv_number(csv, fields[i], diagnostics));
            place(doc, item_pointer(pointer + "/values", i - first_period), fields[i]);
        }
        doc.value["series"].push_back(std::move(series));
    }
    return doc;
}

TrendsData read_trends(ObjectReader& top, const std::map<std::string, CsvTable>& csv_files, Diagnostics& diagnostics) {
    TrendsData data;
    std::string unit = top.choice("unit", {"count", "percent", "GBP"}, "count");
    if (!top.has("unit")) diagnostics.error(top.here(), "a trends dataset has no \"unit\"", "add \"unit\": \"count\", \"percent\" or \"GBP\"");
    data.unit = unit == "percent" ? Unit::percent : unit == "GBP" ? Unit::gbp : Unit::count;
    data.values_are_changes = top.choice("measure", {"value", "change"}, "value") == "change";
    std::string good = top.choice("good_direction", {"up", "down"}, "");
    data.good = good == "up" ? Direction::up : good == "down" ? Direction::down : Direction::none;

    if (!top.has("series_csv")) {
        read_series(top, data, diagnostics);
        return data;
    }
    report_replaced(top, "a trends dataset", "series_csv", {"periods", "series"}, "the CSV file gives the periods and the series");
    if (const CsvTable* csv = named_csv(top, "series_csv", csv_files)) {
        if (auto series = trends_from_csv(*csv, diagnostics)) {
            ObjectReader reader(*series, "", diagnostics, "the CSV file");
            read_series(reader, data, diagnostics);
        }
    }
    return data;
}

Measure read_measure(const LocatedJson& doc, const std::string& pointer, Diagnostics& diagnostics) {
    ObjectReader r(doc, pointer, diagnostics, "a measure");
    Measure m;
    m.label = r.string("label", true);
    m.actual = r.number("actual", "write the figure as a number; put words such as \"over\" in \"qualifier\"");
    m.target = r.number("target");
    m.unit = r.string("unit");
    m.qualifier = r.choice("qualifier", {"over", "nearly", "about", "under", "at least"}, "");
    r.finish();
    return m;
}

OutcomesData read_outcomes(ObjectReader& top, Diagnostics& diagnostics) {
    OutcomesData data;
    const LocatedJson& doc = top.document();
    data.priorities_dataset = top.string("priorities_dataset");
    read_keyed_items(top, "projects", "a project", diagnostics, [&](ObjectReader& r, std::string key) {
        Project p;
        p.key = std::move(key);
        p.name = r.string("name", true);
        p.summary = r.string("summary");
        p.funder = r.string("funder");
        p.funding = r.number("funding", "write GBP as a plain number: 20000, not \"£20,000\"");
        p.period = r.string("period");
        p.priorities = r.strings("priorities");
        std::size_t measures = r.array("measures");
        for (std::size_t m = 0; m < measures; ++m)
            p.measures.push_back(read_measure(doc, item_pointer(r.child("measures"), m), diagnostics));
        p.status = r.string("status");
        p.note = r.string("note");
        p.source = r.string("source");
        data.projects.push_back(std::move(p));
    });
    return data;
}

ColumnType column_type(const std::string& name) {
    if (name == "integer") return ColumnType::integer;
    if (name == "number") return ColumnType::number;
    if (name == "GBP") return ColumnType::gbp;
    if (name == "percent") return ColumnType::percent;
    if (name == "financial_year") return ColumnType::financial_year;
    if (name == "date") return ColumnType::date;
    return ColumnType::text;
}

bool numeric(ColumnType type) {
    return type == ColumnType::integer || type == ColumnType::number || type == ColumnType::gbp || type == ColumnType::percent;
}

// Checks one cell against its column's type.
void check_cell(const Column& column, const nlohmann::json& value, const SourceLocation& where, Diagnostics& diagnostics) {
    static const std::string plain_number_hint = "write a plain number such as 1400, not \"1,400\"; Gazette adds the commas";
    if (value.is_null()) return;
    const std::string& key = column.key;
    switch (column.type) {
        case ColumnType::text:
            if (!value.is_string()) diagnostics.error(where, "\"" + key + "\" must be text, got " + shown(value));
            break;
        case ColumnType::integer:
            if (!value.is_number_integer())
                diagnostics.error(where, "\"" + key + "\" must be a whole number, got " + shown(value),
                                  value.is_string() ? plain_number_hint : "");
            break;
        case ColumnType::gbp:
            if (!value.is_number())
                diagnostics.error(where, "\"" + key + "\" must be a number, got " + shown(value),
                                  "write GBP as a plain number: 20000, not \"£20,000\"; Gazette adds the £ and commas");
            break;
        case ColumnType::number:
        case ColumnType::percent:
            if (!value.is_number())
                diagnostics.error(where, "\"" + key + "\" must be a number, got " + shown(value),
                                  column.type == ColumnType::percent ? "write 3.93 for 3.93%"
                                  : value.is_string()                ? plain_number_hint
                                                                     : "");
            break;
        case ColumnType::financial_year: {
            auto period = value.is_string() ? parse_period(value.get<std::string>()) : std::nullopt;
            if (!period || period->form != "financial year")
                diagnostics.error(where, "\"" + key + "\" must be a financial year such as \"2019/20\", got " + shown(value));
            break;
        }
        case ColumnType::date:
            if (!value.is_string() || !parse_date(value.get<std::string>()))
                diagnostics.error(where, "\"" + key + "\" must be a date written YYYY-MM-DD, got " + shown(value));
            break;
    }
}

TableRow read_row(const LocatedJson& doc, const std::string& pointer, const std::vector<Column>& columns, bool is_total,
                  Diagnostics& diagnostics) {
    ObjectReader r(doc, pointer, diagnostics, is_total ? "\"total\"" : "a row");
    TableRow row;
    if (!is_total) row.subtotal = r.boolean("subtotal").value_or(false);
    if (is_total || row.subtotal) row.label = r.string("label", true);
    const auto* object = r.object();
    for (const auto& column : columns) {
        r.allow(column.key);
        if (object == nullptr) continue;
        auto it = object->find(column.key);
        if (it == object->end()) {
            if (!is_total && !row.subtotal)
                diagnostics.error(r.here(), "this row has no \"" + column.key + "\"", "write null where the source gives no value");
            continue;
        }
        if ((is_total || row.subtotal) && !numeric(column.type) && !it->is_null()) {
            diagnostics.error(r.at(column.key), "a total gives only numbers; \"" + column.key + "\" is a " +
                                                    (column.type == ColumnType::text ? "text" : "non-number") + " column",
                              "put the row's name in \"label\"");
            continue;
        }
        check_cell(column, *it, r.at(column.key), diagnostics);
        row.cells[column.key] = *it;
    }
    r.finish();
    return row;
}

// Totals and subtotals must equal the sum of the rows they cover, to the
// precision of the rounding they show.
void check_sums(const TableData& data, const LocatedJson& doc, Diagnostics& diagnostics) {
    for (const auto& column : data.columns) {
        if (!numeric(column.type) || column.type == ColumnType::percent) continue;
        // A value that is not a number is reported already; a sum without it would only repeat that.
        auto summable = [&](const TableRow& row) {
            auto it = row.cells.find(column.key);
            return it == row.cells.end() || it->second.is_null() || it->second.is_number();
        };
        if (!std::all_of(data.rows.begin(), data.rows.end(), summable) || (data.total && !summable(*data.total))) continue;
        double all = 0;
        double group = 0;
        for (std::size_t i = 0; i < data.rows.size(); ++i) {
            const auto& row = data.rows[i];
            auto it = row.cells.find(column.key);
            bool has = it != row.cells.end() && it->second.is_number();
            if (row.subtotal) {
                if (has && std::abs(it->second.get<double>() - group) > 0.5)
                    diagnostics.error(doc.at("/rows/" + std::to_string(i) + "/" + column.key),
                                      "subtotal \"" + row.label + "\" gives " + column.key + " " + plain_number(it->second.get<double>()) +
                                          " but the rows above it add up to " + plain_number(group),
                                      "correct the subtotal or the rows");
                group = 0;
                continue;
            }
            if (has) {
                all += it->second.get<double>();
                group += it->second.get<double>();
            }
        }
        if (!data.total) continue;
        auto it = data.total->cells.find(column.key);
        if (it == data.total->cells.end() || !it->second.is_number()) continue;
        if (std::abs(it->second.get<double>() - all) > 0.5)
            diagnostics.error(doc.at("/total/" + column.key),
                              "the total " + column.key + " is " + plain_number(it->second.get<double>()) + " but the rows add up to " + plain_number(all),
                              "correct the total or the rows; a total the source gives must match its rows");
    }
}

// Rows and total from a document shaped {"rows": [...], "total": {...}}: the
// dataset itself, or what its CSV file stands for.
void read_rows(ObjectReader& top, TableData& data, Diagnostics& diagnostics) {
    const LocatedJson& doc = top.document();
    std::size_t rows = top.array("rows", true);
    for (std::size_t i = 0; i < rows; ++i) data.rows.push_back(read_row(doc, item_pointer("/rows", i), data.columns, false, diagnostics));
    if (top.has("total")) data.total = read_row(doc, "/total", data.columns, true, diagnostics);
    check_sums(data, doc, diagnostics);
}

// A table's CSV file as the rows it stands for, each value placed in the CSV
// file; nothing when its header is wrong. The header names column keys, after
// an optional `_row` field that marks subtotal and total rows.
std::optional<LocatedJson> table_from_csv(const CsvTable& csv, const std::vector<Column>& columns, Diagnostics& diagnostics) {
    std::vector<std::string> keys;
    std::map<std::string, const Column*> by_key;  // a header of thousands of fields stays linear
    for (const auto& column : columns) {
        keys.push_back(column.key);
        by_key.emplace(column.key, &column);
    }
    const auto& header = csv.header;
    if (header.empty()) {
        diagnostics.error({csv.file}, "the CSV file is empty", "start it with a header row of column keys: " + joined(keys, ","));
        return std::nullopt;
    }
    const bool has_marks = header[0].text == "_row";
    std::vector<const Column*> field_columns(header.size(), nullptr);
    std::set<std::string> seen;
    std::set<std::string> suggested;  // reported with a misspelling, not again as missing
    bool header_ok = true;
    for (std::size_t i = has_marks ? 1 : 0; i < header.size(); ++i) {
        const CsvField& field = header[i];
        auto found = by_key.find(field.text);
        const Column* column = found == by_key.end() ? nullptr : found->second;
        header_ok = header_ok && column != nullptr && seen.count(field.text) == 0;
        if (field.text == "_row") {
            diagnostics.error(csv.at(field), "\"_row\" must be the first field of the header", "move it to the start of the line");
        } else if (column == nullptr) {
            auto suggestion = closest_match(field.text, keys);
            if (suggestion) suggested.insert(*suggestion);
            diagnostics.error(csv.at(field), "the header names \"" + field.text + "\", which is not a column of this table",
                              suggestion ? "did you mean \"" + *suggestion + "\"?" : "the header names columns by key: " + joined(keys, ", "));
        } else if (!seen.insert(field.text).second) {
            diagnostics.error(csv.at(field), "\"" + field.text + "\" is in the header twice", "keep one field for each column");
        } else {
            field_columns[i] = column;
        }
    }
    for (const auto& key : keys) {
        if (seen.count(key) != 0) continue;
        header_ok = false;
        if (suggested.count(key) != 0) continue;
        diagnostics.error(csv.at(header[0]), "the header has no \"" + key + "\" field",
                          "add it: every column in \"columns\" needs a field in each row");
    }
    if (!header_ok) return std::nullopt;

    auto text_column = std::find_if(columns.begin(), columns.end(), [](const Column& c) { return c.type == ColumnType::text; });
    const Column* label_column = text_column == columns.end() ? nullptr : &*text_column;
    LocatedJson doc;
    doc.file = csv.file;
    doc.value = {{"rows", nlohmann::json::array()}};
    for (const auto& fields : csv.rows) {
        const std::string mark = has_marks ? fields[0].text : "";
        if (mark != "" && mark != "subtotal" && mark != "total") {
            diagnostics.error(csv.at(fields[0]), "\"_row\" must be empty, subtotal or total, got \"" + mark + "\"",
                              "leave it empty in a row of figures");
            continue;
        }
        if (doc.value.contains("total")) {
            diagnostics.error(csv.at(fields[0]), "a row comes after the total row", "put the total row last");
            continue;
        }
        const std::string pointer = mark == "total" ? "/total" : item_pointer("/rows", doc.value["rows"].size());
        place(doc, pointer, fields[0]);
        nlohmann::json row = nlohmann::json::object();
        if (mark == "subtotal") row["subtotal"] = true;
        if (!mark.empty()) row["label"] = mark == "total" ? "Total" : "Subtotal";
        for (std::size_t i = 0; i < fields.size(); ++i) {
            const Column* column = field_columns[i];
            if (column == nullptr) continue;  // the _row field
            const CsvField& field = fields[i];
            if (!mark.empty() && column == label_column) {
                if (!field.text.empty()) row["label"] = field.text;
                place(doc, pointer + "/label", field);
                continue;
            }
            if (!mark.empty() && !numeric(column->type) && !field.text.empty()) {
                diagnostics.error(csv.at(field), "a " + mark + " gives only numbers; \"" + column->key + "\" is not a number column",
                                  "leave it empty" + (label_column ? "; the row's name goes in \"" + label_column->key + "\"" : std::string()));
                continue;
            }
            row[column->key] = numeric(column->type) ? csv_number(csv, field, diagnostics) : csv_value(field.text, false);
            place(doc, json_pointer_append(pointer, column->key), field);
        }
        if (mark == "total") doc.value["total"] = std::move(row);
        else doc.value["rows"].push_back(std::move(row));
    }
    return doc;
}

TableData read_table(ObjectReader& top, const std::map<std::string, CsvTable>& csv_files, Diagnostics& diagnostics) {
    TableData data;
    read_keyed_items(top, "columns", "a column", diagnostics, [&](ObjectReader& r, std::string key) {
        Column c;
        c.key = std::move(key);
        c.label = r.string("label", true);
        c.type = column_type(r.choice("type", {"text", "integer", "number", "GBP", "percent", "financial_year", "date"}, "text"));
        if (auto d = r.integer("decimals")) {
            if (*d < 0 || *d > 6) diagnostics.error(r.at("decimals"), "\"decimals\" must be from 0 to 6");
            else c.decimals = static_cast<int>(*d);
        }
        data.columns.push_back(std::move(c));
    });
    if (!top.has("rows_csv")) {
        read_rows(top, data, diagnostics);
    } else {
        report_replaced(top, "a table", "rows_csv", {"rows", "total"},
                        "the CSV file gives the rows, and the total in a row whose _row is total");
        if (const CsvTable* csv = named_csv(top, "rows_csv", csv_files)) {
            if (auto rows = table_from_csv(*csv, data.columns, diagnostics)) {
                ObjectReader reader(*rows, "", diagnostics, "the CSV file");
                read_rows(reader, data, diagnostics);
            }
        }
    }
    data.total_note = top.string("total_note");
    if (auto below = top.integer("suppress_below")) {
        if (*below < 1) diagnostics.error(top.at("suppress_below"), "\"suppress_below\" must be 1 or more");
        else data.suppress_below = static_cast<int>(*below);
    }
    return data;
}

GlossaryData read_glossary(ObjectReader& top, Diagnostics& diagnostics) {
    GlossaryData data;
    const LocatedJson& doc = top.document();
    std::size_t count = top.array("terms", true);
    std::set<std::string> seen;
    for (std::size_t i = 0; i < count; ++i) {
        ObjectReader r(doc, item_pointer("/terms", i), diagnostics, "a term");
        GlossaryTerm t;
        t.abbreviation = r.string("abbr", true);
        t.expansion = r.string("expansion", true);
        t.note = r.string("note");
        r.finish();
        if (!t.abbreviation.empty() && !seen.insert(t.abbreviation).second)
            diagnostics.error(r.at("abbr"), "\"" + t.abbreviation + "\" is in the glossary twice", "keep one entry for it");
        data.terms.push_back(std::move(t));
    }
    return data;
}

void check_references(const std::vector<Dataset>& datasets, Diagnostics& diagnostics) {
    for (const auto& dataset : datasets) {
        const auto* outcomes = std::get_if<OutcomesData>(&dataset.content);
        if (outcomes == nullptr) continue;
        const Dataset* priorities = nullptr;
        if (!outcomes->priorities_dataset.empty()) {
            for (const auto& other : datasets)
                if (other.name == outcomes->priorities_dataset && std::holds_alternative<PrioritiesData>(other.content))
                    priorities = &other;
            if (priorities == nullptr) {
                diagnostics.error(dataset.document.at("/priorities_dataset"),
                                  "there is no priorities dataset \"" + outcomes->priorities_dataset + "\"",
                                  "name a file in data/ whose \"kind\" is \"priorities\", without .json");
                continue;
            }
        }
        for (std::size_t p = 0; p < outcomes->projects.size(); ++p) {
            const auto& project = outcomes->projects[p];
            for (std::size_t k = 0; k < project.priorities.size(); ++k) {
                auto where = dataset.document.at("/projects/" + std::to_string(p) + "/priorities/" + std::to_string(k));
                if (priorities == nullptr) {
                    diagnostics.error(where, "project \"" + project.key + "\" names a priority but the dataset has no \"priorities_dataset\"",
                                      "add \"priorities_dataset\": the name of the priorities file");
                    break;
                }
                const auto& list = std::get<PrioritiesData>(priorities->content).priorities;
                bool found = std::any_of(list.begin(), list.end(), [&](const Priority& x) { return x.key == project.priorities[k]; });
                if (!found) {
                    std::vector<std::string> known;
                    for (const auto& x : list) known.push_back(x.key);
                    auto suggestion = closest_match(project.priorities[k], known);
                    diagnostics.error(where, "there is no priority \"" + project.priorities[k] + "\" in " + priorities->name,
                                      suggestion ? "did you mean \"" + *suggestion + "\"?" : "use a key from data/" + priorities->name + ".json");
                }
            }
        }
    }
}

}  // namespace

std::string_view kind_name(const Dataset& dataset) {
    static constexpr std::string_view names[] = {"priorities", "trends", "outcomes", "table", "glossary"};
    return names[dataset.content.index()];
}

std::vector<Dataset> validate_datasets(std::vector<DataFile> files, Diagnostics& diagnostics) {
    std::vector<Dataset> datasets;
    for (auto& file : files) {
        Diagnostics local;
        ObjectReader top(file.document, "", local, "a dataset");
        Dataset dataset;
        dataset.name = file.name;
        std::string kind = top.choice("kind", kinds, "");
        if (!top.has("kind") && top.object() != nullptr)
            local.error(top.here(), "the dataset has no \"kind\"", "add \"kind\": one of priorities, trends, outcomes, table, glossary");
        dataset.title = top.string("title", true);
        dataset.source = top.string("source", true);
        dataset.note = top.string("note");
        if (kind == "priorities") dataset.content = read_priorities(top, local);
        else if (kind == "trends") dataset.content = read_trends(top, file.csv, local);
        else if (kind == "outcomes") dataset.content = read_outcomes(top, local);
        else if (kind == "table") dataset.content = read_table(top, file.csv, local);
        else if (kind == "glossary") dataset.content = read_glossary(top, local);
        top.finish();
        bool valid = !local.has_errors() && !kind.empty();
        diagnostics.append(local);
        if (!valid) continue;
        dataset.document = std::move(file.document);
        dataset.text = std::move(file.text);
        dataset.hash = file.hash;
        datasets.push_back(std::move(dataset));
    }
    check_references(datasets, diagnostics);
    return datasets;
}

}  // namespace gazette
