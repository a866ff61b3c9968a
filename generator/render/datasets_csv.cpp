// Datasets as CSV (RFC 4180): one header row, CRLF line ends, fields quoted
// when they hold a comma, quote or line break. Numbers are written plain.
#include "render/render.hpp"

#include <cstdio>

namespace gazette {

namespace {

std::string field(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + '"';
}

std::string number(double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.15g", value);
    return buffer;
}

std::string number(const std::optional<double>& value) { return value ? number(*value) : ""; }

class CsvWriter {
public:
    CsvWriter& operator<<(const std::string& text) {
        if (!first_) line_ += ',';
        line_ += field(text);
        first_ = false;
        return *this;
    }
    void end_row() {
        out_ += line_ + "\r\n";
        line_.clear();
        first_ = true;
    }
    std::string str() const { return out_; }

private:
    std::string out_;
    std::string line_;
    bool first_ = true;
};

std::string cell(const nlohmann::json& value) {
    if (value.is_null()) return "";
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number()) return number(value.get<double>());
    return value.dump();
}

}  // namespace

std::string dataset_csv(const Dataset& dataset) {
    CsvWriter csv;
    if (const auto* t = std::get_if<TableData>(&dataset.content)) {
        csv << "row";
        for (const auto& c : t->columns) csv << c.label;
        csv.end_row();
        auto write = [&](const TableRow& row, const std::string& kind) {
            csv << kind;
            for (std::size_t i = 0; i < t->columns.size(); ++i) {
                auto it = row.cells.find(t->columns[i].key);
                csv << (i == 0 && !row.label.empty() ? row.label : it == row.cells.end() ? "" : cell(it->second));
            }
            csv.end_row();
        };
        for (const auto& row : t->rows) write(row, row.subtotal ? "subtotal" : "data");
        if (t->total) write(*t->total, "total");
    } else if (const auto* trends = std::get_if<TrendsData>(&dataset.content)) {
        csv << "series" << "category" << "area";
        for (const auto& p : trends->periods) csv << p;
        csv.end_row();
        for (const auto& s : trends->series) {
            csv << s.label << s.category << s.area;
            for (const auto& v : s.values) csv << number(v);
            csv.end_row();
        }
    } else if (const auto* o = std::get_if<OutcomesData>(&dataset.content)) {
        csv << "project" << "funder" << "funding" << "period" << "status" << "measure" << "qualifier" << "actual" << "target"
            << "unit";
        csv.end_row();
        for (const auto& p : o->projects) {
            auto row = [&](const Measure* m) {
                csv << p.name << p.funder << number(p.funding) << p.period << p.status << (m ? m->label : "")
                    << (m ? m->qualifier : "") << (m ? number(m->actual) : "") << (m ? number(m->target) : "")
                    << (m ? m->unit : "");
                csv.end_row();
            };
            if (p.measures.empty()) row(nullptr);
            for (const auto& m : p.measures) row(&m);
        }
    } else if (const auto* pr = std::get_if<PrioritiesData>(&dataset.content)) {
        csv << "number" << "priority" << "theme" << "lead" << "lead role" << "lead organisation" << "delivery groups"
            << "objectives";
        csv.end_row();
        for (const auto& p : pr->priorities) {
            std::string groups;
            for (const auto& g : p.delivery_groups) groups += (groups.empty() ? "" : "; ") + g.name;
            std::string objectives;
            for (const auto& x : p.objectives) objectives += (objectives.empty() ? "" : "; ") + x;
            csv << p.number << p.title << p.theme << p.lead.name << p.lead.role << p.lead.organisation << groups << objectives;
            csv.end_row();
        }
    } else if (const auto* g = std::get_if<GlossaryData>(&dataset.content)) {
        csv << "abbreviation" << "expansion" << "note";
        csv.end_row();
        for (const auto& term : g->terms) {
            csv << term.abbreviation << term.expansion << term.note;
            csv.end_row();
        }
    }
    return csv.str();
}

}  // namespace gazette
