// Datasets that keep their rows or series in a CSV file: the same checks as
// JSON rows, with every diagnostic pointing into the CSV file.
#include "validate/validate.hpp"

#include <doctest/doctest.h>

using namespace gazette;

namespace {

struct Checked {
    std::vector<Dataset> datasets;
    std::string diagnostics;
};

// Validates data/g.json with data/g.csv named by `key`, as load_site hands them over.
Checked check(const std::string& json, const std::string& key, const std::string& csv) {
    Diagnostics d;
    DataFile file{"g", parse_json(json, "data/g.json", d), json};
    file.csv.emplace(key, parse_csv(csv, "data/g.csv", d));
    std::vector<DataFile> files;
    files.push_back(std::move(file));
    Checked out;
    out.datasets = validate_datasets(std::move(files), d);
    for (const auto& item : d.sorted()) out.diagnostics += format_diagnostic(item) + "\n";
    return out;
}

const std::string table_json = R"({"kind": "table", "title": "Grants", "source": "Briefing", "rows_csv": "g.csv",
 "columns": [{"key": "project", "label": "Project", "type": "text"}, {"key": "year", "label": "Year", "type": "financial_year"},
             {"key": "amount", "label": "Amount", "type": "GBP"}, {"key": "rate", "label": "Rate", "type": "percent"},
             {"key": "people", "label": "People", "type": "integer"}]})";

const std::string trends_json =
    R"({"kind": "trends", "title": "Crime", "source": "Report", "unit": "count", "series_csv": "g.csv"})";

std::string table_errors(const std::string& csv) { return check(table_json, "rows_csv", csv).diagnostics; }
std::string trends_errors(const std::string& csv) { return check(trends_json, "series_csv", csv).diagnostics; }

}  // namespace

TEST_CASE("a table's rows come from its CSV file, each field typed by its column") {
    auto c = check(table_json, "rows_csv",
                   "_row,project,year,amount,rate,people\n"
                   ",Analyst team,2018/19,20000.50,3.93,3\n"
                   ",\"Hub, city centre\",,-29.63,,\n"
                   "subtotal,,,,,3\n"
                   "total,All projects,,19970.87,,3\n");
    CHECK(c.diagnostics == "");
    REQUIRE(c.datasets.size() == 1);
    CHECK(c.datasets[0].text == table_json);  // published as written
    const auto& table = std::get<TableData>(c.datasets[0].content);
    REQUIRE(table.rows.size() == 3);
    CHECK(table.rows[0].cells.at("project") == "Analyst team");
    CHECK(table.rows[0].cells.at("year") == "2018/19");
    CHECK(table.rows[0].cells.at("amount") == 20000.5);
    CHECK(table.rows[0].cells.at("rate") == 3.93);
    CHECK(table.rows[0].cells.at("people").is_number_integer());
    CHECK(table.rows[0].cells.at("people") == 3);
    CHECK(table.rows[1].cells.at("project") == "Hub, city centre");
    CHECK(table.rows[1].cells.at("year").is_null());
    CHECK(table.rows[1].cells.at("people").is_null());
    CHECK(table.rows[2].subtotal);
    CHECK(table.rows[2].label == "Subtotal");  // no name in the first text column
    REQUIRE(table.total);
    CHECK(table.total->label == "All projects");
    CHECK(table.total->cells.at("amount") == 19970.87);
    CHECK(table.total->cells.count("project") == 0);
}

TEST_CASE("CSV fields that are not plain numbers, years or dates are errors at the field") {
    CHECK(table_errors("project,year,amount,rate,people\n"
                       "Analyst team,2018-19,\"£20,000\",3.93%,\"1,400\"\n") ==
          "data/g.csv:2:14: error: \"year\" must be a financial year such as \"2019/20\", got \"2018-19\"\n"
          "data/g.csv:2:22: error: \"amount\" must be a number, got \"£20,000\"\n"
          "  hint: write GBP as a plain number: 20000, not \"£20,000\"; Gazette adds the £ and commas\n"
          "data/g.csv:2:32: error: \"rate\" must be a number, got \"3.93%\"\n"
          "  hint: write 3.93 for 3.93%\n"
          "data/g.csv:2:38: error: \"people\" must be a whole number, got \"1,400\"\n"
          "  hint: write a plain number such as 1400, not \"1,400\"; Gazette adds the commas\n");
    CHECK(table_errors("project,year,amount,rate,people\nHub,,,,3.5\n") ==
          "data/g.csv:2:8: error: \"people\" must be a whole number, got 3.5\n");
}

TEST_CASE("a table's CSV header names every declared column once, by its key") {
    CHECK(table_errors("project,Year,amount,amount,_row\n") ==
          "data/g.csv:1:1: error: the header has no \"people\" field\n"
          "  hint: add it: every column in \"columns\" needs a field in each row\n"
          "data/g.csv:1:1: error: the header has no \"rate\" field\n"
          "  hint: add it: every column in \"columns\" needs a field in each row\n"
          "data/g.csv:1:9: error: the header names \"Year\", which is not a column of this table\n"
          "  hint: did you mean \"year\"?\n"
          "data/g.csv:1:21: error: \"amount\" is in the header twice\n  hint: keep one field for each column\n"
          "data/g.csv:1:28: error: \"_row\" must be the first field of the header\n  hint: move it to the start of the line\n");
    CHECK(table_errors("people,rate,amount,year,Funding amount,project\n") ==
          "data/g.csv:1:25: error: the header names \"Funding amount\", which is not a column of this table\n"
          "  hint: the header names columns by key: project, year, amount, rate, people\n");
    CHECK(table_errors("project,amout,amount,year,rate,people\n") ==
          "data/g.csv:1:9: error: the header names \"amout\", which is not a column of this table\n"
          "  hint: did you mean \"amount\"?\n");
    CHECK(table_errors("project,amout,year,rate,people\n") ==
          "data/g.csv:1:9: error: the header names \"amout\", which is not a column of this table\n"
          "  hint: did you mean \"amount\"?\n");
    CHECK(table_errors("") == "data/g.csv: error: the CSV file is empty\n"
                              "  hint: start it with a header row of column keys: project,year,amount,rate,people\n");
}

TEST_CASE("_row marks subtotal and total rows, which give only numbers and must add up") {
    CHECK(table_errors("_row,project,year,amount,rate,people\n"
                       ",A,2018/19,100,,1\n"
                       "sum,B,,5,,\n"
                       "subtotal,Sub,2018/19,90,,\n"
                       "total,Total,,100,,1\n"
                       ",C,,1,,\n") ==
          "data/g.csv:3:1: error: \"_row\" must be empty, subtotal or total, got \"sum\"\n"
          "  hint: leave it empty in a row of figures\n"
          "data/g.csv:4:14: error: a subtotal gives only numbers; \"year\" is not a number column\n"
          "  hint: leave it empty; the row's name goes in \"project\"\n"
          "data/g.csv:4:22: error: subtotal \"Sub\" gives amount 90 but the rows above it add up to 100\n"
          "  hint: correct the subtotal or the rows\n"
          "data/g.csv:6:1: error: a row comes after the total row\n  hint: put the total row last\n");
    CHECK(table_errors("_row,project,year,amount,rate,people\n"
                       ",A,2018/19,20000,,1\n"
                       ",B,2018/19,28125,,2\n"
                       "total,Total,,48000,,3\n") ==
          "data/g.csv:4:14: error: the total amount is 48000 but the rows add up to 48125\n"
          "  hint: correct the total or the rows; a total the source gives must match its rows\n");
}

TEST_CASE("a table gives its rows in one place: rows_csv, or rows and total") {
    const std::string json = R"({"kind": "table", "title": "T", "source": "S", "rows_csv": "g.csv",
 "rows": [{"p": "A"}], "total": {"label": "Total"},
 "columns": [{"key": "p", "label": "P", "type": "text"}]})";
    CHECK(check(json, "rows_csv", "p\nA\n").diagnostics ==
          "data/g.json:2:2: error: a table has both \"rows\" and \"rows_csv\"\n"
          "  hint: remove \"rows\": the CSV file gives the rows, and the total in a row whose _row is total\n"
          "data/g.json:2:24: error: a table has both \"total\" and \"rows_csv\"\n"
          "  hint: remove \"total\": the CSV file gives the rows, and the total in a row whose _row is total\n");
}

TEST_CASE("a trends dataset's periods and series come from its CSV file") {
    auto c = check(trends_json, "series_csv",
                   "key,label,area,category,2019/20 Q1,2019/20 Q2\n"
                   "robbery,Robbery,City,Acquisitive,-3.5,\n"
                   "burglary,Burglary,,,1e2,7\n");
    CHECK(c.diagnostics == "");
    REQUIRE(c.datasets.size() == 1);
    const auto& trends = std::get<TrendsData>(c.datasets[0].content);
    CHECK(trends.periods == std::vector<std::string>{"2019/20 Q1", "2019/20 Q2"});
    REQUIRE(trends.series.size() == 2);
    CHECK(trends.series[0].key == "robbery");
    CHECK(trends.series[0].label == "Robbery");
    CHECK(trends.series[0].area == "City");
    CHECK(trends.series[0].category == "Acquisitive");
    CHECK(trends.series[0].values == std::vector<std::optional<double>>{-3.5, std::nullopt});
    CHECK(trends.series[1].category == "");
    CHECK(trends.series[1].values == std::vector<std::optional<double>>{100.0, 7.0});
}

TEST_CASE("a trends CSV file's header, periods, keys and values are checked where they are") {
    CHECK(trends_errors("name,label,2019\n") ==
          "data/g.csv:1:1: error: the header must start with key,label\n"
          "  hint: write key,label, then category and area if the series have them, then the periods: key,label,2018/19,2019/20\n");
    CHECK(trends_errors("key,Label,2019\n") ==
          "data/g.csv:1:5: error: the header must start with key,label\n"
          "  hint: write key,label, then category and area if the series have them, then the periods: key,label,2018/19,2019/20\n");
    CHECK(trends_errors("key,label,category\n") ==
          "data/g.csv:1:11: error: the header names no periods\n"
          "  hint: add the periods after label, from the earliest to the latest: key,label,2018/19,2019/20\n");
    CHECK(trends_errors("key,label,2019/20,2018/19\nrobbery,Robbery,300,400\n") ==
          "data/g.csv:1:19: error: periods are out of order: \"2018/19\" comes after \"2019/20\"\n"
          "  hint: list periods from the earliest to the latest\n");
    CHECK(trends_errors("key,label,2019,2020-04\n,Robbery,12%,\nRob bery,Robbery,1,2\n") ==
          "data/g.csv:1:16: error: periods mix a year and a month\n  hint: use one kind of period in a dataset\n"
          "data/g.csv:2:1: error: \"key\" must not be empty\n"
          "data/g.csv:2:10: error: each value must be a number or null, got \"12%\"\n"
          "  hint: write 3.93, not \"3.93%\"; the dataset's unit says what it counts\n"
          "data/g.csv:3:1: error: \"key\" must be lower-case letters, digits, - and _, got \"Rob bery\"\n"
          "  hint: for example \"rob-bery\": figures in prose refer to it\n");
}

TEST_CASE("a trends dataset gives its series in one place: series_csv, or periods and series") {
    const std::string json = R"({"kind": "trends", "title": "T", "source": "S", "unit": "count", "series_csv": "g.csv",
 "periods": ["2019"]})";
    CHECK(check(json, "series_csv", "key,label,2019\na,A,1\n").diagnostics ==
          "data/g.json:2:2: error: a trends dataset has both \"periods\" and \"series_csv\"\n"
          "  hint: remove \"periods\": the CSV file gives the periods and the series\n");
}

TEST_CASE("a dataset whose CSV file was not read is left out, not shown empty") {
    Diagnostics d;
    std::vector<DataFile> files;
    files.push_back({"g", parse_json(trends_json, "data/g.json", d), trends_json});
    auto datasets = validate_datasets(std::move(files), d);
    CHECK(datasets.empty());
    REQUIRE(d.all().size() == 1);
    CHECK(format_diagnostic(d.all()[0]) ==
          "data/g.json:1:89: error: data/g.csv was not read\n  hint: put the CSV file in data/, beside the dataset");
}
