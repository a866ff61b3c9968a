#include "diagnostics/diagnostics.hpp"

#include <algorithm>
#include <cstdio>
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

void Diagnostics::warnings_as_errors() {
    for (auto& d : items_) d.severity = Severity::error;
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

namespace {

std::string json_string(const std::string& text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char escaped[8];
                    std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
                    out += escaped;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out + '"';
}

// GitHub's workflow commands: % and line breaks escaped everywhere, and
// also : and , in properties.
std::string github_escape(const std::string& text, bool property) {
    std::string out;
    for (char c : text) {
        if (c == '%') out += "%25";
        else if (c == '\r') out += "%0D";
        else if (c == '\n') out += "%0A";
        else if (property && c == ':') out += "%3A";
        else if (property && c == ',') out += "%2C";
        else out += c;
    }
    return out;
}

}  // namespace

std::string format_diagnostic_json(const Diagnostic& d) {
    return "{\"file\":" + json_string(d.where.file.generic_string()) + ",\"line\":" + std::to_string(d.where.line) +
           ",\"column\":" + std::to_string(d.where.column) + ",\"severity\":\"" +
           (d.severity == Severity::error ? "error" : "warning") + "\",\"message\":" + json_string(d.message) +
           ",\"hint\":" + json_string(d.hint) + "}";
}

std::string format_github_annotation(const Diagnostic& d) {
    std::string command = std::string("::") + (d.severity == Severity::error ? "error" : "warning") +
                          " file=" + github_escape(d.where.file.generic_string(), true);
    if (d.where.line > 0) command += ",line=" + std::to_string(d.where.line);
    if (d.where.column > 0) command += ",col=" + std::to_string(d.where.column);
    return command + "::" + github_escape(d.hint.empty() ? d.message : d.message + "\n" + d.hint, false);
}

void print_diagnostics(std::ostream& out, const Diagnostics& diagnostics, DiagnosticFormat format, bool github) {
    for (const auto& d : diagnostics.sorted()) {
        out << (format == DiagnosticFormat::json ? format_diagnostic_json(d) : format_diagnostic(d)) << '\n';
        if (github) out << format_github_annotation(d) << '\n';
    }
}

}  // namespace gazette
