// Every dataset validation rule, with the exact diagnostic a user sees.
#include "validate/validate.hpp"

#include <doctest/doctest.h>

using namespace gazette;

namespace {

struct Checked {
    std::vector<Dataset> datasets;
    std::string diagnostics;
};

// Validates datasets given as name -> JSON text, as data/NAME.json.
Checked check(std::vector<std::pair<std::string, std::string>> files) {
    Diagnostics d;
    std::vector<DataFile> data;
    for (auto& [name, text] : files)
        data.push_back({name, parse_json(text, "data/" + name + ".json", d), text});
    Checked out;
    out.datasets = validate_datasets(std::move(data), d);
    for (const auto& item : d.sorted()) out.diagnostics += format_diagnostic(item) + "\n";
    return out;
}

std::string errors_of(const std::string& name, const std::string& text) { return check({{name, text}}).diagnostics; }

}  // namespace

TEST_CASE("a valid dataset of each kind is read into typed values") {
    auto c = check({{"plans", R"({"kind": "priorities", "title": "P", "source": "S",
                                 "priorities": [{"key": "young-people", "title": "Young people", "lead": {"name": "Jan"}}]})"},
                    {"crime", R"({"kind": "trends", "title": "T", "source": "S", "unit": "percent", "measure": "change",
                                 "good_direction": "down", "periods": ["2019/20 Q1", "2019/20 Q2"],
                                 "series": [{"key": "robbery", "label": "Robbery", "values": [-3.5, null]}]})"},
                    {"projects", R"({"kind": "outcomes", "title": "O", "source": "S", "priorities_dataset": "plans",
                                    "projects": [{"key": "p", "name": "P", "funding": 20000, "priorities": ["young-people"],
                                                  "measures": [{"label": "Calls", "actual": 6000, "qualifier": "over"}]}]})"},
                    {"grants", R"({"kind": "table", "title": "G", "source": "S",
                                  "columns": [{"key": "p", "label": "Project", "type": "text"}, {"key": "a", "label": "Amount", "type": "GBP"}],
                                  "rows": [{"p": "A", "a": 1.5}, {"p": "B", "a": 2}], "total": {"label": "Total", "a": 3.5}})"},
                    {"glossary", R"({"kind": "glossary", "title": "G", "source": "S", "terms": [{"abbr": "ASB", "expansion": "anti-social behaviour"}]})"}});
    CHECK(c.diagnostics == "");
    REQUIRE(c.datasets.size() == 5);
    const auto& trends = std::get<TrendsData>(c.datasets[1].content);
    CHECK(trends.unit == Unit::percent);
    CHECK(trends.values_are_changes);
    CHECK(trends.good == Direction::down);
    CHECK_FALSE(trends.series[0].values[1].has_value());
    const auto& outcomes = std::get<OutcomesData>(c.datasets[2].content);
    CHECK(outcomes.projects[0].measures[0].qualifier == "over");
    CHECK(std::get<TableData>(c.datasets[3].content).columns[1].type == ColumnType::gbp);
}

TEST_CASE("common keys: kind, title and source are required; unknown keys are errors") {
    CHECK(errors_of("x", R"({"title": "T", "source": "S"})") ==
          "data/x.json:1:1: error: the dataset has no \"kind\"\n"
          "  hint: add \"kind\": one of priorities, trends, outcomes, table, glossary\n");
    CHECK(errors_of("x", R"({"kind": "chart", "title": "T", "source": "S"})") ==
          "data/x.json:1:10: error: \"kind\" must be one of priorities, trends, outcomes, table, glossary, got \"chart\"\n");
    CHECK(errors_of("x", "{\"kind\": \"glossary\",\n \"terms\": []}") ==
          "data/x.json:1:1: error: a dataset has no \"source\"\n  hint: add `source`: it is required\n"
          "data/x.json:1:1: error: a dataset has no \"title\"\n  hint: add `title`: it is required\n");
    CHECK(errors_of("x", "{\"kind\": \"glossary\", \"title\": \"T\", \"source\": \"S\", \"terms\": [],\n \"sorce\": \"S\"}") ==
          "data/x.json:2:2: error: unknown key \"sorce\" in a dataset\n  hint: did you mean \"source\"?\n");
}

TEST_CASE("wrong types: GBP written as text, a number as text") {
    CHECK(errors_of("funding", "{\"kind\": \"table\", \"title\": \"T\", \"source\": \"S\",\n"
                               " \"columns\": [{\"key\": \"amount\", \"label\": \"Amount\", \"type\": \"GBP\"}],\n"
                               " \"rows\": [\n"
                               "   {\"amount\": \"£20,000\"}]}") ==
          "data/funding.json:4:15: error: \"amount\" must be a number, got \"£20,000\"\n"
          "  hint: write GBP as a plain number: 20000, not \"£20,000\"; Gazette adds the £ and commas\n");
    CHECK(errors_of("t", R"({"kind": "trends", "title": "T", "source": "S", "unit": "count", "periods": ["2019"],
                          "series": [{"key": "a", "label": "A", "values": ["12%"]}]})") ==
          "data/t.json:2:76: error: each value must be a number or null, got \"12%\"\n"
          "  hint: write 3.93, not \"3.93%\"; the dataset's unit says what it counts\n");
}

TEST_CASE("missing fields and duplicate keys") {
    CHECK(errors_of("p", R"({"kind": "priorities", "title": "T", "source": "S", "priorities": [{"key": "a"}]})") ==
          "data/p.json:1:68: error: a priority has no \"title\"\n  hint: add `title`: it is required\n");
    CHECK(errors_of("p", R"({"kind": "priorities", "title": "T", "source": "S",
   "priorities": [{"key": "a", "title": "A"}, {"key": "a", "title": "B"}]})") ==
          "data/p.json:2:55: error: two priorities have the key \"a\"\n  hint: each key may appear once\n");
    CHECK(errors_of("p", "{\"kind\": \"glossary\", \"title\": \"T\", \"title\": \"U\", \"source\": \"S\", \"terms\": []}") ==
          "data/p.json:1:36: error: duplicate key \"title\"\n"
          "  hint: each key may appear once in an object; remove or rename one of them\n");
}

TEST_CASE("periods must be known, of one kind and in order; one value per period") {
    auto trends = [](const std::string& periods, const std::string& values) {
        return errors_of("t", R"({"kind": "trends", "title": "T", "source": "S", "unit": "count", "periods": )" + periods +
                                  R"(, "series": [{"key": "a", "label": "A", "values": )" + values + "}]}");
    };
    CHECK(trends(R"(["2019/20", "2018/19"])", "[1, 2]") ==
          "data/t.json:1:89: error: periods are out of order: \"2018/19\" comes after \"2019/20\"\n"
          "  hint: list periods from the earliest to the latest\n");
    CHECK(trends(R"(["2019/20", "2020-04"])", "[1, 2]") ==
          "data/t.json:1:89: error: periods mix a financial year and a month\n  hint: use one kind of period in a dataset\n");
    CHECK(trends(R"(["2019/21"])", "[1]") ==
          "data/t.json:1:78: error: \"2019/21\" is not a period Gazette knows\n"
          "  hint: write a financial year 2019/20, a quarter 2019/20 Q1, a month 2020-04 or a year 2019\n");
    CHECK(trends(R"(["2019", "2020"])", "[1]") ==
          "data/t.json:1:143: error: \"a\" has 1 values for 2 periods\n"
          "  hint: give one value per period, null where the source has none\n");
}

TEST_CASE("a declared total or subtotal must equal the sum of its rows, beyond rounding") {
    auto table = [](const std::string& rows, const std::string& total) {
        return errors_of("g", R"({"kind": "table", "title": "T", "source": "S",
 "columns": [{"key": "p", "label": "P", "type": "text"}, {"key": "a", "label": "A", "type": "number"}],
 "rows": )" + rows + R"(, "total": )" + total + "}");
    };
    CHECK(table(R"([{"p": "x", "a": 1.2}, {"p": "y", "a": 2.1}])", R"({"label": "Total", "a": 3.3})") == "");
    CHECK(table(R"([{"p": "x", "a": 1.2}, {"p": "y", "a": 2.1}])", R"({"label": "Total", "a": 3.7})") == "");  // rounding
    CHECK(table(R"([{"p": "x", "a": 100}, {"p": "y", "a": 20}])", R"({"label": "Total", "a": 130})") ==
          "data/g.json:3:88: error: the total a is 130 but the rows add up to 120\n"
          "  hint: correct the total or the rows; a total the source gives must match its rows\n");
    CHECK(table(R"([{"p": "x", "a": 100}, {"subtotal": true, "label": "Sub", "a": 90, "p": null}])", R"({"label": "Total", "a": 100})") ==
          "data/g.json:3:73: error: subtotal \"Sub\" gives a 90 but the rows above it add up to 100\n"
          "  hint: correct the subtotal or the rows\n");
    CHECK(table(R"([{"p": "x"}])", R"({"label": "Total"})") ==
          "data/g.json:3:11: error: this row has no \"a\"\n  hint: write null where the source gives no value\n");
}

TEST_CASE("an outcome may only name a priority that exists") {
    auto c = check({{"plans", R"({"kind": "priorities", "title": "P", "source": "S", "priorities": [{"key": "young-people", "title": "Y"}]})"},
                    {"projects", R"({"kind": "outcomes", "title": "O", "source": "S", "priorities_dataset": "plans",
 "projects": [{"key": "p", "name": "P", "priorities": ["young-peeple"]}]})"}});
    CHECK(c.diagnostics ==
          "data/projects.json:2:56: error: there is no priority \"young-peeple\" in plans\n  hint: did you mean \"young-people\"?\n");
    auto missing = check({{"projects", R"({"kind": "outcomes", "title": "O", "source": "S", "priorities_dataset": "plan", "projects": []})"}});
    CHECK(missing.diagnostics ==
          "data/projects.json:1:73: error: there is no priorities dataset \"plan\"\n"
          "  hint: name a file in data/ whose \"kind\" is \"priorities\", without .json\n");
}

TEST_CASE("an invalid dataset is left out, so pages that use it fail rather than show wrong figures") {
    auto c = check({{"bad", R"({"kind": "glossary", "title": "T", "source": "S", "terms": [{"abbr": "A"}]})"}});
    CHECK(c.datasets.empty());
    CHECK(c.diagnostics.find("a term has no \"expansion\"") != std::string::npos);
}
