#include "diagnostics/diagnostics.hpp"

#include <algorithm>
#include <ostream>
#include <tuple>

namespace gazette {

void Diagnostics::error(SourceLocation where, std::string message, std::string hint) {
    add({std::move(where), Severity::error, std::move(message), std::move(hint)});
}

void Diagnostics::warning(SourceLocation where, std::string message, std::string hint) {
    add({std::move(where), Severity::warning, std::move(message), std::move(hint)});
}

void Diagnostics::add(Diagnostic d) { items_.push_back(std::move(d)); }

void Diagnostics::append(const Diagnostics& other) {
    items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

std::size_t Diagnostics::error_count() const {
    return static_cast<std::size_t>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
        return d.severity == Severity::error;
    }));
}

std::size_t Diagnostics::warning_count() const { return items_.size() - error_count(); }

std::vector<Diagnostic> Diagnostics::sorted() const {
    std::vector<Diagnostic> out = items_;
    std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.where.file, a.where.line, a.where.column, a.message) <
               std::tie(b.where.file, b.where.line, b.where.column, b.message);
    });
    out.erase(std::unique(out.begin(), out.end(),
                          [](const Diagnostic& a, const Diagnostic& b) {
                              return a.where.file == b.where.file && a.where.line == b.where.line &&
                                     a.where.column == b.where.column && a.message == b.message;
                          }),
              out.end());
    return out;
}

std::string format_diagnostic(const Diagnostic& d) {
    std::string text = d.where.file.generic_string();
    if (d.where.line > 0) {
        text += ':' + std::to_string(d.where.line);
        if (d.where.column > 0) text += ':' + std::to_string(d.where.column);
    }
    text += d.severity == Severity::error ? ": error: " : ": warning: ";
    text += d.message;
    if (!d.hint.empty()) text += "\n  hint: " + d.hint;
    return text;
}

void print_diagnostics(std::ostream& out, const Diagnostics& diagnostics) {
    for (const auto& d : diagnostics.sorted()) out << format_diagnostic(d) << '\n';
}

}  // namespace gazette
