// Dataset schemas: one reader per kind, as docs/datasets.md describes them.
#include "validate/object_reader.hpp"
#include "validate/validate.hpp"

#include <cmath>
#include <cstdio>
#include <regex>
#include <set>

namespace gazette {

namespace {

const std::vector<std::string> kinds{"priorities", "trends", "outcomes", "table", "glossary"};

std::string item_pointer(const std::string& array, std::size_t index) { return array + '/' + std::to_string(index); }

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

Person read_person(const LocatedJson& doc, const std::string& pointer, Diagnostics& diagnostics) {
    ObjectReader r(doc, pointer, diagnostics, "\"lead\"");
    Person p{r.string("name"), r.string("role"), r.string("organisation")};
    r.finish();
    return p;
}

PrioritiesData read_priorities(ObjectReader& top, Diagnostics& diagnostics) {
    PrioritiesData data;
    const LocatedJson& doc = top.document();
    std::size_t count = top.array("priorities", true);
    KeySet keys(diagnostics, "priorities");
    for (std::size_t i = 0; i < count; ++i) {
        ObjectReader r(doc, item_pointer("/priorities", i), diagnostics, "a priority");
        Priority p;
        p.key = r.string("key", true);
        keys.add(p.key, r.at("key"));
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
        r.finish();
        data.priorities.push_back(std::move(p));
    }
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

TrendsData read_trends(ObjectReader& top, Diagnostics& diagnostics) {
    TrendsData data;
    const LocatedJson& doc = top.document();
    std::string unit = top.choice("unit", {"count", "percent", "GBP"}, "count");
    if (!top.has("unit")) diagnostics.error(top.here(), "a trends dataset has no \"unit\"", "add \"unit\": \"count\", \"percent\" or \"GBP\"");
    data.unit = unit == "percent" ? Unit::percent : unit == "GBP" ? Unit::gbp : Unit::count;
    data.values_are_changes = top.choice("measure", {"value", "change"}, "value") == "change";
    std::string good = top.choice("good_direction", {"up", "down"}, "");
    data.good = good == "up" ? Direction::up : good == "down" ? Direction::down : Direction::none;

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

    std::size_t count = top.array("series", true);
    KeySet keys(diagnostics, "series");
    for (std::size_t i = 0; i < count; ++i) {
        ObjectReader r(doc, item_pointer("/series", i), diagnostics, "a series");
        TrendSeries s;
        s.key = r.string("key", true);
        keys.add(s.key, r.at("key"));
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
        r.finish();
        data.series.push_back(std::move(s));
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
    std::size_t count = top.array("projects", true);
    KeySet keys(diagnostics, "projects");
    for (std::size_t i = 0; i < count; ++i) {
        ObjectReader r(doc, item_pointer("/projects", i), diagnostics, "a project");
        Project p;
        p.key = r.string("key", true);
        keys.add(p.key, r.at("key"));
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
        r.finish();
        data.projects.push_back(std::move(p));
    }
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
    if (value.is_null()) return;
    const std::string& key = column.key;
    switch (column.type) {
        case ColumnType::text:
            if (!value.is_string()) diagnostics.error(where, "\"" + key + "\" must be text, got " + shown(value));
            break;
        case ColumnType::integer:
            if (!value.is_number_integer())
                diagnostics.error(where, "\"" + key + "\" must be a whole number, got " + shown(value));
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
                                  column.type == ColumnType::percent ? "write 3.93 for 3.93%" : "");
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

std::string plain(double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%.10g", value);
    return text;
}

// Totals and subtotals must equal the sum of the rows they cover, to the
// precision of the rounding they show.
void check_sums(const TableData& data, const LocatedJson& doc, Diagnostics& diagnostics) {
    for (const auto& column : data.columns) {
        if (!numeric(column.type) || column.type == ColumnType::percent) continue;
        double all = 0;
        double group = 0;
        for (std::size_t i = 0; i < data.rows.size(); ++i) {
            const auto& row = data.rows[i];
            auto it = row.cells.find(column.key);
            bool has = it != row.cells.end() && it->second.is_number();
            if (row.subtotal) {
                if (has && std::abs(it->second.get<double>() - group) > 0.5)
                    diagnostics.error(doc.at("/rows/" + std::to_string(i) + "/" + column.key),
                                      "subtotal \"" + row.label + "\" gives " + column.key + " " + plain(it->second.get<double>()) +
                                          " but the rows above it add up to " + plain(group),
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
                              "the total " + column.key + " is " + plain(it->second.get<double>()) + " but the rows add up to " + plain(all),
                              "correct the total or the rows; a total the source gives must match its rows");
    }
}

TableData read_table(ObjectReader& top, Diagnostics& diagnostics) {
    TableData data;
    const LocatedJson& doc = top.document();
    std::size_t columns = top.array("columns", true);
    KeySet keys(diagnostics, "columns");
    for (std::size_t i = 0; i < columns; ++i) {
        ObjectReader r(doc, item_pointer("/columns", i), diagnostics, "a column");
        Column c;
        c.key = r.string("key", true);
        keys.add(c.key, r.at("key"));
        c.label = r.string("label", true);
        c.type = column_type(r.choice("type", {"text", "integer", "number", "GBP", "percent", "financial_year", "date"}, "text"));
        if (auto d = r.integer("decimals")) {
            if (*d < 0 || *d > 6) diagnostics.error(r.at("decimals"), "\"decimals\" must be from 0 to 6");
            else c.decimals = static_cast<int>(*d);
        }
        r.finish();
        data.columns.push_back(std::move(c));
    }
    std::size_t rows = top.array("rows", true);
    for (std::size_t i = 0; i < rows; ++i) data.rows.push_back(read_row(doc, item_pointer("/rows", i), data.columns, false, diagnostics));
    if (top.has("total")) data.total = read_row(doc, "/total", data.columns, true, diagnostics);
    data.total_note = top.string("total_note");
    if (auto below = top.integer("suppress_below")) {
        if (*below < 1) diagnostics.error(top.at("suppress_below"), "\"suppress_below\" must be 1 or more");
        else data.suppress_below = static_cast<int>(*below);
    }
    check_sums(data, doc, diagnostics);
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
        else if (kind == "trends") dataset.content = read_trends(top, local);
        else if (kind == "outcomes") dataset.content = read_outcomes(top, local);
        else if (kind == "table") dataset.content = read_table(top, local);
        else if (kind == "glossary") dataset.content = read_glossary(top, local);
        top.finish();
        bool valid = !local.has_errors() && !kind.empty();
        diagnostics.append(local);
        if (!valid) continue;
        dataset.document = std::move(file.document);
        dataset.text = std::move(file.text);
        datasets.push_back(std::move(dataset));
    }
    check_references(datasets, diagnostics);
    return datasets;
}

}  // namespace gazette
