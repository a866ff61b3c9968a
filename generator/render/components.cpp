// Components drawn from datasets, and figures in prose. Each component reads
// its block (YAML) with positions, builds a view and renders it through the
// theme's components/NAME.mustache, which a site can override.
#include "render/cards.hpp"
#include "render/describe.hpp"
#include "render/format.hpp"
#include "render/render.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace gazette {

namespace {

using nlohmann::json;

const std::set<std::string, std::less<>> component_names{"table", "chart", "kpi", "priorities", "outcomes", "compare"};

std::string href(const std::string& root, const std::string& path) { return root + path; }

bool is_numeric(ColumnType type) {
    return type == ColumnType::integer || type == ColumnType::number || type == ColumnType::gbp ||
           type == ColumnType::percent;
}

// A table cell as readers see it.
std::string cell_text(const Column& column, const json& value, const std::optional<int>& suppress_below, bool& suppressed) {
    if (value.is_null()) return "–";
    if (value.is_string()) return value.get<std::string>();
    if (!value.is_number()) return value.dump();
    double number = value.get<double>();
    switch (column.type) {
        case ColumnType::gbp: return format_gbp(number, column.decimals);
        case ColumnType::percent: return format_percent(number, column.decimals);
        case ColumnType::integer:
        case ColumnType::number:
            if (suppress_below && number >= 0 && number < *suppress_below) {
                suppressed = true;
                return "[c]";
            }
            return format_number(number, column.type == ColumnType::integer ? 0 : column.decimals);
        default: return value.dump();
    }
}

json table_row_view(const TableData& table, const std::vector<const Column*>& columns, const TableRow& row,
                    bool labelled, bool& suppressed) {
    json cells = json::array();
    std::string header = row.label;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const Column& column = *columns[i];
        auto it = row.cells.find(column.key);
        std::string text = it == row.cells.end() ? "" : cell_text(column, it->second, table.suppress_below, suppressed);
        if (i == 0 && !labelled) {
            header = text;
            continue;
        }
        if (i == 0) continue;  // the label stands where the first column's value would
        cells.push_back({{"text", text}, {"numeric", is_numeric(column.type)}});
    }
    return {{"header", header}, {"cells", cells}, {"subtotal", row.subtotal}};
}

struct TableView {
    json head = json::array();
    json rows = json::array();
    json total = false;
    bool suppressed = false;
};

TableView view_of_table(const TableData& table, const std::vector<std::string>& wanted) {
    // The columns a block names, in the order it names them; else all, as the dataset has them.
    std::vector<const Column*> columns;
    if (wanted.empty())
        for (const auto& column : table.columns) columns.push_back(&column);
    for (const auto& key : wanted)
        for (const auto& column : table.columns)
            if (column.key == key && std::find(columns.begin(), columns.end(), &column) == columns.end()) columns.push_back(&column);
    TableView view;
    for (const Column* column : columns) view.head.push_back({{"label", column->label}, {"numeric", is_numeric(column->type)}});
    for (const auto& row : table.rows) view.rows.push_back(table_row_view(table, columns, row, row.subtotal, view.suppressed));
    if (table.total) view.total = table_row_view(table, columns, *table.total, true, view.suppressed);
    return view;
}

TableView view_of_trends(const TrendsData& trends) {
    TableView view;
    view.head.push_back({{"label", "Series"}, {"numeric", false}});
    for (const auto& period : trends.periods) view.head.push_back({{"label", period}, {"numeric", true}});
    for (const auto& series : trends.series) {
        json cells = json::array();
        for (const auto& value : series.values)
            cells.push_back({{"text", value ? format_value(*value, trends.unit) : "–"}, {"numeric", true}});
        view.rows.push_back({{"header", series.label}, {"cells", cells}, {"subtotal", false}});
    }
    return view;
}

std::vector<std::string> dataset_names(const Site& site) {
    std::vector<std::string> names;
    for (const auto& d : site.datasets) names.push_back(d.name);
    return names;
}

// One figure's value, typed so that its format can default sensibly.
struct Figure {
    std::optional<double> number;
    std::string text;  // when the figure is words, or a hedged number ("over 600")
    Unit unit = Unit::count;
};

std::string no_figure(const std::string& what, const std::vector<std::string>& known) {
    std::string list;
    for (std::size_t i = 0; i < known.size() && i < 12; ++i) list += (i ? ", " : "") + known[i];
    if (known.size() > 12) list += ", ...";
    return "there is no " + what + (known.empty() ? "" : "; it has: " + list);
}

std::optional<Figure> resolve_trends(const TrendsData& t, const std::vector<std::string>& path, std::string& problem) {
    std::vector<std::string> keys;
    for (const auto& s : t.series) keys.push_back(s.key);
    auto series = std::find_if(t.series.begin(), t.series.end(), [&](const TrendSeries& s) { return s.key == path[0]; });
    if (series == t.series.end()) {
        problem = no_figure("series \"" + path[0] + "\"", keys);
        return std::nullopt;
    }
    auto latest = [&](std::size_t skip) -> std::optional<double> {
        std::size_t seen = 0;
        for (auto it = series->values.rbegin(); it != series->values.rend(); ++it)
            if (*it && seen++ == skip) return *it;
        return std::nullopt;
    };
    std::string field = path.size() > 1 ? path[1] : "latest";
    if (field == "latest") return Figure{latest(0), "", t.unit};
    if (field == "previous") return Figure{latest(1), "", t.unit};
    if (field == "change" || field == "percent_change") {
        auto now = latest(0);
        auto before = latest(1);
        if (!now || !before || (field == "percent_change" && *before == 0)) {
            problem = "\"" + path[0] + "\" has no two periods with values to compare";
            return std::nullopt;
        }
        if (field == "change") return Figure{*now - *before, "", t.unit};
        return Figure{(*now - *before) / *before * 100.0, "", Unit::percent};
    }
    for (std::size_t i = 0; i < t.periods.size(); ++i)
        if (t.periods[i] == field) {
            if (!series->values[i]) {
                problem = "\"" + path[0] + "\" has no value for " + field;
                return std::nullopt;
            }
            return Figure{series->values[i], "", t.unit};
        }
    std::vector<std::string> fields{"latest", "previous", "change", "percent_change"};
    fields.insert(fields.end(), t.periods.begin(), t.periods.end());
    problem = no_figure("\"" + field + "\" for a series", fields);
    return std::nullopt;
}

std::optional<Figure> resolve_table(const TableData& t, const std::vector<std::string>& path, std::string& problem) {
    if (path.size() != 2) {
        problem = "a table figure names a row and a column: {{ dataset.row.column }}";
        return std::nullopt;
    }
    const TableRow* row = nullptr;
    std::vector<std::string> rows{"total"};
    if (path[0] == "total" && t.total) row = &*t.total;
    for (const auto& r : t.rows) {
        auto first = r.cells.find(t.columns.front().key);
        std::string key = r.subtotal ? slugify(r.label)
                                     : (first != r.cells.end() && first->second.is_string() ? slugify(first->second.get<std::string>()) : "");
        rows.push_back(key);
        if (row == nullptr && key == path[0]) row = &r;
    }
    if (row == nullptr) {
        problem = no_figure("row \"" + path[0] + "\" (rows are named by their first column, as a slug)", rows);
        return std::nullopt;
    }
    auto column = std::find_if(t.columns.begin(), t.columns.end(), [&](const Column& c) { return c.key == path[1]; });
    auto cell = column == t.columns.end() ? row->cells.end() : row->cells.find(path[1]);
    if (cell == row->cells.end() || cell->second.is_null()) {
        std::vector<std::string> columns;
        for (const auto& c : t.columns) columns.push_back(c.key);
        problem = no_figure("value \"" + path[1] + "\" in row \"" + path[0] + "\"", columns);
        return std::nullopt;
    }
    if (cell->second.is_number()) {
        Unit unit = column->type == ColumnType::gbp ? Unit::gbp : column->type == ColumnType::percent ? Unit::percent : Unit::count;
        return Figure{cell->second.get<double>(), "", unit};
    }
    return Figure{std::nullopt, cell->second.is_string() ? cell->second.get<std::string>() : cell->second.dump(), Unit::count};
}

std::optional<Figure> resolve_outcomes(const OutcomesData& o, const std::vector<std::string>& path, std::string& problem) {
    std::vector<std::string> keys;
    for (const auto& p : o.projects) keys.push_back(p.key);
    auto project = std::find_if(o.projects.begin(), o.projects.end(), [&](const Project& p) { return p.key == path[0]; });
    if (project == o.projects.end() || path.size() != 2) {
        problem = project == o.projects.end() ? no_figure("project \"" + path[0] + "\"", keys)
                                              : "a project figure names one field: {{ dataset.project.funding }}";
        return std::nullopt;
    }
    if (path[1] == "funding") {
        if (!project->funding) {
            problem = "project \"" + project->key + "\" has no funding figure";
            return std::nullopt;
        }
        return Figure{project->funding, "", Unit::gbp};
    }
    if (path[1] == "name") return Figure{std::nullopt, project->name, Unit::count};
    std::vector<std::string> fields{"funding", "name"};
    for (const auto& m : project->measures) {
        fields.push_back(slugify(m.label));
        if (slugify(m.label) != path[1]) continue;
        if (!m.actual) {
            problem = "the measure \"" + m.label + "\" has no figure";
            return std::nullopt;
        }
        return Figure{m.actual, m.qualifier.empty() ? "" : format_measure(m), Unit::count};
    }
    problem = no_figure("\"" + path[1] + "\" for project \"" + project->key + "\" (measures are named by their label, as a slug)", fields);
    return std::nullopt;
}

std::optional<Figure> resolve_priorities(const PrioritiesData& d, const std::vector<std::string>& path, std::string& problem) {
    std::vector<std::string> keys;
    for (const auto& p : d.priorities) keys.push_back(p.key);
    auto p = std::find_if(d.priorities.begin(), d.priorities.end(), [&](const Priority& x) { return x.key == path[0]; });
    if (p == d.priorities.end()) {
        problem = no_figure("priority \"" + path[0] + "\"", keys);
        return std::nullopt;
    }
    std::string field = path.size() > 1 ? path[1] : "title";
    if (field == "title") return Figure{std::nullopt, p->title, Unit::count};
    if (field == "lead" && !p->lead.name.empty()) return Figure{std::nullopt, p->lead.name, Unit::count};
    if (field == "objectives") return Figure{static_cast<double>(p->objectives.size()), "", Unit::count};
    problem = no_figure("\"" + field + "\" for priority \"" + p->key + "\"", {"title", "lead", "objectives"});
    return std::nullopt;
}

std::optional<Figure> resolve_glossary(const GlossaryData& g, const std::vector<std::string>& path, std::string& problem) {
    for (const auto& t : g.terms)
        if (t.abbreviation == path[0]) return Figure{std::nullopt, t.expansion, Unit::count};
    problem = "there is no abbreviation \"" + path[0] + "\" in the glossary";
    return std::nullopt;
}

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        auto end = text.find(separator, start);
        parts.push_back(trim(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start)));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return parts;
}

// Colours with at least 3:1 contrast on white, and a pattern and point
// style for each, so no series is told apart by colour alone.
constexpr const char* palette[] = {"#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#6f4e37", "#912b88"};
constexpr const char* patterns[] = {"solid", "diagonal", "dots", "cross", "vertical", "zigzag"};
constexpr const char* point_styles[] = {"circle", "triangle", "rect", "rectRot", "star", "crossRot"};

std::string unit_name(Unit unit) { return unit == Unit::gbp ? "GBP" : unit == Unit::percent ? "percent" : "count"; }

// A JSON text that cannot end the <script> element holding it.
std::string script_safe(const json& value) {
    std::string text = value.dump();
    std::string out;
    for (char c : text) {
        if (c == '<') out += "\\u003c";
        else if (c == '>') out += "\\u003e";
        else if (c == '&') out += "\\u0026";
        else out += c;
    }
    return out;
}

json chart_config(const TrendsData& t, const std::vector<const TrendSeries*>& series, const std::string& type) {
    json datasets = json::array();
    json labels = json::array();
    json meta = {{"unit", unit_name(t.unit)}, {"patterns", json::array()}};
    bool across_series = t.periods.size() == 1;  // one period: a bar for each series
    if (across_series) {
        json values = json::array();
        json colours = json::array();
        json bar_patterns = json::array();
        for (const auto* s : series) {
            labels.push_back(s->label);
            values.push_back(s->values.empty() || !s->values.back() ? json(nullptr) : json(*s->values.back()));
            double v = s->values.empty() || !s->values.back() ? 0.0 : *s->values.back();
            // A diverging chart tells rises from falls by colour and by
            // pattern. Red is for the worse way alone, where the dataset says
            // which way is good; otherwise a rise is purple, no verdict.
            bool fall = v < 0;
            bool worse = t.good != Direction::none && fall == (t.good == Direction::up);
            colours.push_back(type != "diverging" ? palette[0] : worse ? palette[1] : palette[fall ? 0 : 3]);
            bar_patterns.push_back(type == "diverging" ? patterns[fall ? 0 : 1] : patterns[0]);
        }
        datasets.push_back({{"label", t.periods.front()}, {"data", values}, {"backgroundColor", colours}, {"borderColor", colours},
                            {"borderWidth", 1}});
        meta["patterns"].push_back(bar_patterns);
    } else {
        for (const auto& p : t.periods) labels.push_back(p);
        for (std::size_t i = 0; i < series.size(); ++i) {
            json values = json::array();
            for (const auto& v : series[i]->values) values.push_back(v ? json(*v) : json(nullptr));
            std::size_t c = i % std::size(palette);
            json d = {{"label", series[i]->label}, {"data", values}, {"backgroundColor", palette[c]}, {"borderColor", palette[c]},
                      {"borderWidth", type == "line" ? 3 : 1}};
            if (type == "line") {
                d["pointStyle"] = point_styles[c];
                d["pointRadius"] = 5;
                d["spanGaps"] = false;
                if (c % 2 == 1) d["borderDash"] = json::array({8, 4});
            }
            datasets.push_back(d);
            meta["patterns"].push_back(json::array({patterns[c]}));
        }
    }
    bool horizontal = type == "horizontal-bar" || type == "diverging";
    bool stacked = type == "stacked-bar";
    json options = {{"responsive", true},
                    {"maintainAspectRatio", false},
                    {"indexAxis", horizontal ? "y" : "x"},
                    {"plugins", {{"legend", {{"display", datasets.size() > 1}}}, {"title", {{"display", false}}}}},
                    {"scales", {{"x", {{"stacked", stacked}}}, {"y", {{"stacked", stacked}}}}}};
    std::string value_axis = horizontal ? "x" : "y";
    options["scales"][value_axis]["beginAtZero"] = true;
    if (type == "diverging") {
        double extent = 0;
        for (const auto* s : series)
            for (const auto& v : s->values)
                if (v) extent = std::max(extent, std::abs(*v));
        // Symmetric about zero, out to a whole number of round steps, about
        // four a side, so that every tick is one step from the next: 31.98
        // gives -40 to 40 in tens. (An end that is no step from the last
        // tick crowds it: "30% 35%".)
        if (extent > 0) {
            const double rough = extent / 4;
            const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
            double step = 10 * magnitude;
            for (double m : {1.0, 2.0, 2.5, 5.0})
                if (m * magnitude >= rough) {
                    step = m * magnitude;
                    break;
                }
            extent = std::ceil(extent / step - 1e-9) * step;
            options["scales"]["x"]["ticks"]["stepSize"] = step;
        }
        options["scales"]["x"]["min"] = -extent;
        options["scales"]["x"]["max"] = extent;
    }
    return {{"type", type == "line" ? "line" : "bar"}, {"data", {{"labels", labels}, {"datasets", datasets}}}, {"options", options},
            {"gazette", meta}};
}

}  // namespace

// Reads a component block's YAML, reporting unknown keys at their lines.
struct DataComponents::Block {
    LocatedJson doc;
    std::vector<std::string> known;
    Diagnostics& diagnostics;

    const json* get(const std::string& key) {
        known.push_back(key);
        auto it = doc.value.find(key);
        return it == doc.value.end() || it->is_null() ? nullptr : &*it;
    }

    std::string text(const std::string& key) {
        const json* v = get(key);
        if (v == nullptr) return {};
        if (!v->is_string()) {
            diagnostics.error(doc.at("/" + key), "\"" + key + "\" must be text, got " + v->dump());
            return {};
        }
        return v->get<std::string>();
    }

    std::optional<double> number(const std::string& key) {
        const json* v = get(key);
        if (v == nullptr) return std::nullopt;
        if (v->is_number()) return v->get<double>();
        diagnostics.error(doc.at("/" + key), "\"" + key + "\" must be a number, got " + v->dump());
        return std::nullopt;
    }

    std::vector<std::string> list(const std::string& key) {
        std::vector<std::string> out;
        const json* v = get(key);
        if (v == nullptr) return out;
        if (!v->is_array()) {
            diagnostics.error(doc.at("/" + key), "\"" + key + "\" must be a list, such as [project, amount]");
            return out;
        }
        for (const auto& item : *v)
            if (item.is_string()) out.push_back(item.get<std::string>());
        return out;
    }

    void finish(const std::string& component) {
        if (!doc.value.is_object()) return;
        for (const auto& [key, value] : doc.value.items()) {
            if (std::find(known.begin(), known.end(), key) != known.end()) continue;
            auto suggestion = closest_match(key, known);
            diagnostics.error(doc.key_at("/" + key), "unknown key \"" + key + "\" in a " + component + " block",
                              suggestion ? "did you mean \"" + *suggestion + "\"?" : "");
        }
    }
};

DataComponents::DataComponents(const Site& site, TemplateRenderer& templates, std::string root)
    : site_(site), templates_(templates), root_(std::move(root)) {}

bool DataComponents::is_component(std::string_view name) const { return component_names.count(name) != 0; }

std::vector<std::string> DataComponents::names() const { return {component_names.begin(), component_names.end()}; }

std::vector<std::string> DataComponents::scripts() const {
    if (!uses_charts_) return {};
    return {"chart.umd.min.js", "charts.js"};
}

const Dataset* DataComponents::find_dataset(const std::string& name, const SourceLocation& where,
                                            Diagnostics& diagnostics) const {
    used_.insert(name);
    for (const auto& d : site_.datasets) {
        if (d.name != name) continue;
        if (const auto* outcomes = std::get_if<OutcomesData>(&d.content); outcomes && !outcomes->priorities_dataset.empty())
            used_.insert(outcomes->priorities_dataset);
        return &d;
    }
    auto suggestion = closest_match(name, dataset_names(site_));
    diagnostics.error(where, "there is no dataset \"" + name + "\"",
                      suggestion ? "did you mean \"" + *suggestion + "\"?" : "datasets are the .json files in data/, named without .json");
    return nullptr;
}

std::string DataComponents::component(std::string_view name, std::string_view body, const SourceLocation& where,
                                      Diagnostics& diagnostics) {
    Diagnostics local;
    Block block{parse_yaml(body, where.file, where.line + 1, local), {}, local};
    if (!block.doc.value.is_object()) {
        local.error(where, "a " + std::string(name) + " block holds `key: value` lines", "for example `dataset: funding`");
        diagnostics.append(local);
        return {};
    }
    std::optional<json> view;
    if (name == "kpi") view = kpi_view(block, where);
    else if (name == "compare") view = compare_view(block, where);
    else view = dataset_view(std::string(name), block, where);
    block.finish(std::string(name));
    bool failed = local.has_errors();
    diagnostics.append(local);
    if (failed || !view) return {};
    return templates_.render("components/" + std::string(name), *view, diagnostics);
}

std::string DataComponents::headline(const LocatedJson& tiles, Diagnostics& diagnostics) {
    Diagnostics local;
    Block block{tiles, {}, local};
    auto view = kpi_view(block, tiles.at("/tiles"));
    bool failed = local.has_errors();
    diagnostics.append(local);
    if (failed || !view) return {};
    return templates_.render("components/kpi", *view, diagnostics);
}

// The same series from several trends datasets (one per year's report, oldest
// first): each gives its latest value, shown side by side with the change on
// the year before and drawn as a line over the years. Nothing is copied.
std::optional<json> DataComponents::compare_view(Block& block, const SourceLocation& where) {
    Diagnostics& local = block.diagnostics;
    const std::string key = block.text("series");
    const std::vector<std::string> names = block.list("datasets");
    std::string title = block.text("title");
    if (key.empty()) local.error(where, "the compare block names no series", "add `series: KEY`, a series in each dataset");
    if (names.size() < 2)
        local.error(block.doc.at("/datasets"), "a compare block needs two or more datasets, oldest first",
                    "for example `datasets: [crime-2022-23, crime-2023-24]`");
    if (key.empty() || names.size() < 2) return std::nullopt;

    TrendsData compared;
    TrendSeries line;
    line.key = key;
    std::vector<const Dataset*> sources;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const SourceLocation at = block.doc.at("/datasets/" + std::to_string(i));
        const Dataset* dataset = find_dataset(names[i], at, local);
        if (dataset == nullptr) continue;
        const auto* trends = std::get_if<TrendsData>(&dataset->content);
        if (trends == nullptr) {
            local.error(at, "a compare block compares trends datasets; " + dataset->name + " is a " +
                                std::string(kind_name(*dataset)) + " dataset");
            continue;
        }
        auto series = std::find_if(trends->series.begin(), trends->series.end(), [&](const TrendSeries& s) { return s.key == key; });
        if (series == trends->series.end()) {
            local.error(at, "the dataset " + dataset->name + " has no series \"" + key + "\"");
            continue;
        }
        std::size_t latest = series->values.size();
        while (latest > 0 && !series->values[latest - 1]) --latest;
        if (latest == 0) {
            local.error(at, "the dataset " + dataset->name + " gives no value for \"" + key + "\"");
            continue;
        }
        if (sources.empty()) {
            compared.unit = trends->unit;
            compared.values_are_changes = trends->values_are_changes;
            compared.good = trends->good;
            line.label = series->label;
        } else if (trends->unit != compared.unit || trends->values_are_changes != compared.values_are_changes) {
            local.error(at, "the dataset " + dataset->name + " measures \"" + key + "\" in another unit than " + sources.front()->name,
                        "compare only figures of the same unit and measure");
            continue;
        }
        const std::string& period = trends->periods[latest - 1];
        if (std::find(compared.periods.begin(), compared.periods.end(), period) != compared.periods.end()) {
            local.error(at, "two datasets give \"" + key + "\" for " + period, "list one dataset per year's report");
            continue;
        }
        compared.periods.push_back(period);
        line.values.push_back(series->values[latest - 1]);
        sources.push_back(dataset);
    }
    if (local.has_errors()) return std::nullopt;
    compared.series.push_back(line);

    std::string id = "compare-" + slugify(key);
    int use = ++uses_[id];
    if (use > 1) id += "-" + std::to_string(use);
    const std::vector<const TrendSeries*> shown{&compared.series.front()};
    json view = {{"id", id},
                 {"caption", title.empty() ? line.label + " in each year's report" : title},
                 {"chart", {{"config", script_safe(chart_config(compared, shown, "line"))},
                            {"description", describe_trends(compared, shown)},
                            {"type", "line"}}}};
    view["head"] = json::array({{{"label", "Period"}, {"numeric", false}},
                                {{"label", line.label}, {"numeric", true}},
                                {{"label", "Compared with the year before"}, {"numeric", true}}});
    json rows = json::array();
    json downloads = json::array();
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const double value = *line.values[i];
        std::string change = "–";
        if (i > 0) {
            const double before = *line.values[i - 1];
            const double difference = value - before;
            change = difference == 0 ? "No change"
                     : (difference > 0 ? "Up " : "Down ") + format_value(std::abs(difference), compared.unit);
            if (difference != 0 && before != 0 && compared.unit != Unit::percent)
                change += " (" + format_percent(std::abs(difference) / std::abs(before) * 100.0, 0) + ")";
        }
        rows.push_back({{"header", compared.periods[i]},
                        {"cells", json::array({{{"text", format_value(value, compared.unit)}, {"numeric", true}},
                                               {{"text", change}, {"numeric", true}}})},
                        {"subtotal", false}});
        downloads.push_back({{"title", sources[i]->title},
                             {"source", sources[i]->source},
                             {"csv", href(root_, "data/" + sources[i]->name + ".csv")},
                             {"json", href(root_, "data/" + sources[i]->name + ".json")}});
    }
    view["rows"] = rows;
    view["total"] = false;
    view["datasets"] = downloads;
    uses_charts_ = true;
    return view;
}

std::optional<json> DataComponents::dataset_view(const std::string& name, Block& block, const SourceLocation& where) {
    Diagnostics& local = block.diagnostics;
    std::string dataset_name = block.text("dataset");
    if (dataset_name.empty()) {
        local.error(where, "the " + name + " block names no dataset", "add `dataset: NAME`");
        return std::nullopt;
    }
    const Dataset* dataset = find_dataset(dataset_name, block.doc.at("/dataset"), local);
    if (dataset == nullptr) return std::nullopt;
    auto wrong_kind = [&](const std::string& wanted, const std::string& hint) {
        local.error(block.doc.at("/dataset"), "a " + name + " block shows " + wanted + "; " + dataset->name + " is a " +
                                                  std::string(kind_name(*dataset)) + " dataset",
                    hint);
        return std::nullopt;
    };

    // Ids follow the dataset, so they stay put when other components are added;
    // a dataset shown twice on a page gets -2, -3 on its later uses.
    std::string id = (name == "table" ? "data-" : name + "-") + dataset->name;
    int use = ++uses_[id];
    if (use > 1) id += "-" + std::to_string(use);
    json view = {{"id", id},
                 {"caption", dataset->title},
                 {"source", dataset->source},
                 {"note", dataset->note},
                 {"csv", href(root_, "data/" + dataset->name + ".csv")},
                 {"json", href(root_, "data/" + dataset->name + ".json")}};
    auto set_table = [&](const TableView& table) {
        view["head"] = table.head;
        view["rows"] = table.rows;
        view["total"] = table.total;
        view["suppressed"] = table.suppressed;
    };

    if (name == "table") {
        std::string caption = block.text("caption");
        std::vector<std::string> columns = block.list("columns");
        if (!caption.empty()) view["caption"] = caption;
        if (const auto* t = std::get_if<TableData>(&dataset->content)) {
            for (const auto& c : columns)
                if (std::none_of(t->columns.begin(), t->columns.end(), [&](const Column& x) { return x.key == c; }))
                    local.error(block.doc.at("/columns"), "the dataset " + dataset->name + " has no column \"" + c + "\"");
            set_table(view_of_table(*t, columns));
            view["total_note"] = t->total_note;
            view["suppress_below"] = t->suppress_below.value_or(0);
        } else if (const auto* trends = std::get_if<TrendsData>(&dataset->content)) {
            set_table(view_of_trends(*trends));
        } else {
            return wrong_kind("a table or trends dataset", "use a " + std::string(kind_name(*dataset)) + " block");
        }
        return view;
    }

    if (name == "chart") {
        std::string title = block.text("title");
        std::vector<std::string> keys = block.list("series");
        std::string type = block.text("type");
        if (!title.empty()) view["caption"] = title;
        const std::vector<std::string> types{"line", "bar", "horizontal-bar", "diverging", "stacked-bar"};
        if (type.empty()) type = "bar";
        if (std::find(types.begin(), types.end(), type) == types.end())
            local.error(block.doc.at("/type"), "\"" + type + "\" is not a chart type",
                        "types are: line, bar, horizontal-bar, diverging, stacked-bar");
        const auto* trends = std::get_if<TrendsData>(&dataset->content);
        if (trends == nullptr) return wrong_kind("a trends dataset", "show it with a table block instead");
        std::vector<const TrendSeries*> series;
        for (const auto& s : trends->series)
            if (keys.empty() || std::find(keys.begin(), keys.end(), s.key) != keys.end()) series.push_back(&s);
        for (const auto& key : keys)
            if (std::none_of(trends->series.begin(), trends->series.end(), [&](const TrendSeries& s) { return s.key == key; }))
                local.error(block.doc.at("/series"), "the dataset " + dataset->name + " has no series \"" + key + "\"");
        if (type == "diverging" && trends->periods.size() != 1)
            local.error(block.doc.at("/type"), "a diverging chart shows changes in one period; " + dataset->name + " has " +
                                                   std::to_string(trends->periods.size()),
                        "use a line or bar chart for several periods");
        TrendsData shown = *trends;
        shown.series.clear();
        for (const auto* s : series) shown.series.push_back(*s);
        set_table(view_of_trends(shown));
        view["chart"] = {{"config", script_safe(chart_config(*trends, series, type))},
                         {"description", describe_trends(*trends, series)},
                         {"type", type}};
        uses_charts_ = true;
        return view;
    }

    std::vector<std::string> keys = block.list(name == "priorities" ? "priorities" : "projects");
    std::string heading = block.text("heading");
    view["heading"] = heading.empty() ? dataset->title : heading;
    if (name == "priorities") {
        const auto* data = std::get_if<PrioritiesData>(&dataset->content);
        if (data == nullptr) return wrong_kind("a priorities dataset", "use a table block");
        for (const auto& key : keys)
            if (std::none_of(data->priorities.begin(), data->priorities.end(), [&](const Priority& p) { return p.key == key; }))
                local.error(block.doc.at("/priorities"), "the dataset " + dataset->name + " has no priority \"" + key + "\"");
        view["items"] = priorities_view(*data, keys);
        return view;
    }
    const auto* data = std::get_if<OutcomesData>(&dataset->content);
    if (data == nullptr) return wrong_kind("an outcomes dataset", "use a table block");
    for (const auto& key : keys)
        if (std::none_of(data->projects.begin(), data->projects.end(), [&](const Project& p) { return p.key == key; }))
            local.error(block.doc.at("/projects"), "the dataset " + dataset->name + " has no project \"" + key + "\"");
    view["items"] = outcomes_view(*data, keys, site_);
    return view;
}

std::string DataComponents::figure(std::string_view expression, const SourceLocation& where, Diagnostics& diagnostics) {
    auto stages = split(expression, '|');
    auto path = split(stages[0], '.');
    std::string shown = "{{ " + std::string(expression) + " }}";
    if (path.size() < 2 || path[0].empty()) {
        diagnostics.error(where, "the figure " + shown + " names no value", "write {{ dataset.key }} or {{ dataset.key.field | format }}");
        return escape_html(shown);
    }
    const Dataset* dataset = find_dataset(path[0], where, diagnostics);
    if (dataset == nullptr) return escape_html(shown);
    std::vector<std::string> rest(path.begin() + 1, path.end());
    std::string problem;
    std::optional<Figure> value = std::visit(
        [&](const auto& content) -> std::optional<Figure> {
            using T = std::decay_t<decltype(content)>;
            if constexpr (std::is_same_v<T, TrendsData>) return resolve_trends(content, rest, problem);
            else if constexpr (std::is_same_v<T, TableData>) return resolve_table(content, rest, problem);
            else if constexpr (std::is_same_v<T, OutcomesData>) return resolve_outcomes(content, rest, problem);
            else if constexpr (std::is_same_v<T, PrioritiesData>) return resolve_priorities(content, rest, problem);
            else return resolve_glossary(content, rest, problem);
        },
        dataset->content);
    if (!value || (!value->number && value->text.empty())) {
        diagnostics.error(where, "the figure " + shown + " has no value: " + (problem.empty() ? "it is empty" : problem),
                          "every figure in the text must come from data/" + dataset->name + ".json");
        return escape_html(shown);
    }

    std::optional<int> decimals;
    std::optional<Unit> unit;
    for (std::size_t i = 1; i < stages.size(); ++i) {
        const std::string& filter = stages[i];
        if (!value->number && filter != "lower") {
            diagnostics.error(where, "the figure " + shown + " is text, so \"" + filter + "\" cannot format it");
            return escape_html(shown);
        }
        if (filter == "abs") value->number = std::abs(*value->number), value->text.clear();
        else if (filter == "percent") unit = Unit::percent;
        else if (filter == "gbp") unit = Unit::gbp;
        else if (filter == "number") unit = Unit::count;
        else if (filter == "round") decimals = 0;
        else if (filter == "lower") std::transform(value->text.begin(), value->text.end(), value->text.begin(),
                                                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        else {
            diagnostics.error(where, "unknown format \"" + filter + "\" in " + shown,
                              "formats are: abs, percent, gbp, number, round, lower");
            return escape_html(shown);
        }
    }
    if (!value->number) return escape_html(value->text);
    std::string text = value->text.empty() ? format_value(*value->number, unit.value_or(value->unit), decimals.value_or(-1))
                                           : value->text;
    return "<data value=\"" + plain_number(*value->number) + "\">" + escape_html(text) + "</data>";
}

}  // namespace gazette

namespace gazette {

namespace {

struct Status {
    std::string text;
    std::string icon;
    std::string kind;  // better, worse, neutral: a class for styling, never the only signal
};

Status compare_to_target(double value, double target, Direction good) {
    if (good == Direction::none) return {"", "", "neutral"};
    if (value == target) return {"Meets target", "✔", "better"};
    bool better = (value < target) == (good == Direction::down);
    return better ? Status{"Better than target", "✔", "better"} : Status{"Worse than target", "✖", "worse"};
}

}  // namespace

std::optional<json> DataComponents::tile_view(const std::string& expression, const std::string& label,
                                              std::optional<double> target, const SourceLocation& where,
                                              Diagnostics& diagnostics) {
    auto path = split(expression, '.');
    if (path.size() < 2) {
        diagnostics.error(where, "a tile's figure names a dataset and a series or project: \"" + expression + "\"",
                          "for example `figure: crime.robbery` or `figure: projects.helpline.calls-answered`");
        return std::nullopt;
    }
    const Dataset* dataset = find_dataset(path[0], where, diagnostics);
    if (dataset == nullptr) return std::nullopt;
    json tile = {{"label", label},  {"value", ""},  {"raw", ""},          {"period", ""},
                 {"change", false}, {"target", ""}, {"status", ""},       {"status_icon", ""},
                 {"kind", "neutral"}, {"source", dataset->source}};
    Status status{"", "", "neutral"};

    if (const auto* t = std::get_if<TrendsData>(&dataset->content)) {
        auto series = std::find_if(t->series.begin(), t->series.end(), [&](const TrendSeries& s) { return s.key == path[1]; });
        if (series == t->series.end() || path.size() > 2) {
            std::vector<std::string> keys;
            for (const auto& s : t->series) keys.push_back(s.key);
            diagnostics.error(where, "the tile's figure \"" + expression + "\" has no value: " +
                                         no_figure("series \"" + path[1] + "\"", keys));
            return std::nullopt;
        }
        std::vector<std::size_t> filled;
        for (std::size_t i = 0; i < series->values.size(); ++i)
            if (series->values[i]) filled.push_back(i);
        if (filled.empty()) {
            diagnostics.error(where, "the series \"" + series->key + "\" has no figures to show");
            return std::nullopt;
        }
        std::size_t now = filled.back();
        double value = *series->values[now];
        tile["label"] = label.empty() ? series->label : label;
        tile["value"] = format_value(value, t->unit);
        tile["raw"] = plain_number(value);
        tile["period"] = t->periods[now];
        double direction = value;  // a change dataset's value is itself the movement
        if (!t->values_are_changes && filled.size() > 1) {
            std::size_t before = filled[filled.size() - 2];
            double previous = *series->values[before];
            direction = value - previous;
            std::string words = direction > 0 ? "Up " : direction < 0 ? "Down " : "No change ";
            tile["change"] = {{"icon", direction > 0 ? "▲" : direction < 0 ? "▼" : "►"},
                              {"text", words + (direction == 0 ? "" : format_value(std::abs(direction), t->unit) + " ") +
                                           "from " + format_value(previous, t->unit) + " in " + t->periods[before]}};
        } else if (!t->values_are_changes) {
            direction = 0;
        }
        if (target) {
            tile["target"] = format_value(*target, t->unit);
            status = compare_to_target(value, *target, t->good);
        } else if (t->good != Direction::none && direction != 0) {
            bool better = (direction < 0) == (t->good == Direction::down);
            std::string than = t->values_are_changes ? "" : " than " + t->periods[filled[filled.size() - 2]];
            status = better ? Status{"Better" + than, "✔", "better"} : Status{"Worse" + than, "✖", "worse"};
        }
    } else if (const auto* o = std::get_if<OutcomesData>(&dataset->content)) {
        auto project = std::find_if(o->projects.begin(), o->projects.end(), [&](const Project& p) { return p.key == path[1]; });
        const Measure* measure = nullptr;
        if (project != o->projects.end() && path.size() == 3)
            for (const auto& m : project->measures)
                if (slugify(m.label) == path[2]) measure = &m;
        if (measure == nullptr || !measure->actual) {
            diagnostics.error(where, "the tile's figure \"" + expression + "\" is not a measure with a figure",
                              "write dataset.project.measure, the measure named by its label as a slug");
            return std::nullopt;
        }
        tile["label"] = label.empty() ? measure->label : label;
        tile["value"] = format_measure(*measure);
        tile["raw"] = plain_number(*measure->actual);
        tile["period"] = project->period;
        tile["source"] = cite_row(dataset->source, project->source);  // the project's paragraph, not all of them
        if (!target) target = measure->target;
        if (target) {
            tile["target"] = format_number(*target);
            status = *measure->actual >= *target ? Status{"Target met", "✔", "better"} : Status{"Below target", "✖", "worse"};
        }
    } else {
        diagnostics.error(where, "a tile shows a trends series or a project's measure; " + dataset->name + " is a " +
                                     std::string(kind_name(*dataset)) + " dataset",
                          "put the figure in a sentence with {{ }} instead");
        return std::nullopt;
    }
    tile["status"] = status.text;
    tile["status_icon"] = status.icon;
    tile["kind"] = status.kind;
    return tile;
}

std::optional<json> DataComponents::kpi_view(Block& block, const SourceLocation& where) {
    Diagnostics& local = block.diagnostics;
    json tiles = json::array();
    const json* list = block.get("tiles");
    if (list == nullptr) {
        std::string figure = block.text("figure");
        if (figure.empty()) {
            local.error(where, "the kpi block names no figure", "add `figure: dataset.series`, or `tiles:` with several");
            return std::nullopt;
        }
        auto tile = tile_view(figure, block.text("label"), block.number("target"), block.doc.at("/figure"), local);
        if (!tile) return std::nullopt;
        tiles.push_back(*tile);
    } else if (!list->is_array()) {
        local.error(block.doc.at("/tiles"), "\"tiles\" must be a list of `- figure: dataset.series` items");
        return std::nullopt;
    } else {
        for (std::size_t i = 0; i < list->size(); ++i) {
            const json& item = (*list)[i];
            std::string at = "/tiles/" + std::to_string(i);
            if (!item.is_object() || !item.contains("figure") || !item["figure"].is_string()) {
                local.error(block.doc.at(at), "each tile needs `figure: dataset.series`");
                continue;
            }
            for (const auto& [key, value] : item.items())
                if (key != "figure" && key != "label" && key != "target")
                    local.error(block.doc.key_at(at + "/" + key), "unknown key \"" + key + "\" in a tile",
                                "a tile has figure, label and target");
            std::optional<double> target;
            if (item.contains("target") && item["target"].is_number()) target = item["target"].get<double>();
            else if (item.contains("target")) local.error(block.doc.at(at + "/target"), "\"target\" must be a number");
            std::string label;
            if (item.contains("label") && item["label"].is_string()) label = item["label"].get<std::string>();
            else if (item.contains("label"))
                local.error(block.doc.at(at + "/label"), "\"label\" must be text, got " + item["label"].dump(),
                            "write the tile's name after `label:`, or leave the key out for the measure's own");
            auto tile = tile_view(item["figure"].get<std::string>(), label, target, block.doc.at(at + "/figure"), local);
            if (tile) tiles.push_back(*tile);
        }
    }
    return json{{"tiles", tiles}};
}

}  // namespace gazette
