// Diagnostics: a user's mistakes, reported as file:line:col with a hint.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace gazette {

enum class Severity { warning, error };

struct SourceLocation {
    std::filesystem::path file;  // relative to the site root where possible
    int line = 0;                // 1-based; 0 when the whole file is meant
    int column = 0;              // 1-based; 0 when unknown
};

struct Diagnostic {
    SourceLocation where;
    Severity severity = Severity::error;
    std::string message;
    std::string hint;  // optional: what to do about it
};

// Collects the diagnostics of a build; stages add to it, the pipeline decides
// when to stop. Printing sorts by file, line and column.
class Diagnostics {
public:
    void error(SourceLocation where, std::string message, std::string hint = {});
    void warning(SourceLocation where, std::string message, std::string hint = {});
    void add(Diagnostic d);
    void append(const Diagnostics& other);
    // For `check --strict`: every warning becomes an error.
    void warnings_as_errors();

    [[nodiscard]] bool has_errors() const;
    [[nodiscard]] std::size_t error_count() const;
    [[nodiscard]] std::size_t warning_count() const;
    [[nodiscard]] const std::vector<Diagnostic>& all() const { return items_; }
    [[nodiscard]] std::vector<Diagnostic> sorted() const;

private:
    std::vector<Diagnostic> items_;
};

// "content/a.md:3:7: error: message" then "  hint: ..." when there is one.
std::string format_diagnostic(const Diagnostic& d);
// One JSON object on one line, for tools:
// {"file":"content/a.md","line":3,"column":7,"severity":"error","message":"...","hint":"..."}
std::string format_diagnostic_json(const Diagnostic& d);
// A GitHub Actions workflow command, so the diagnostic shows on the changed line of a pull request.
std::string format_github_annotation(const Diagnostic& d);

enum class DiagnosticFormat { text, json };

// Sorted; as text or JSON lines, each also as a GitHub annotation when `github` is set.
void print_diagnostics(std::ostream& out, const Diagnostics& diagnostics, DiagnosticFormat format = DiagnosticFormat::text,
                       bool github = false);

}  // namespace gazette
