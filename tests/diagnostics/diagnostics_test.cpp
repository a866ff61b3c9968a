#include "diagnostics/diagnostics.hpp"

#include <doctest/doctest.h>

#include <sstream>

using namespace gazette;

TEST_CASE("diagnostics print sorted by file, line and column, once each") {
    Diagnostics d;
    d.error({"data/b.json", 2, 1}, "second file");
    d.warning({"content/a.md", 9, 3}, "later line");
    d.error({"content/a.md", 3, 7}, "earlier line", "a hint");
    d.error({"content/a.md", 3, 7}, "earlier line", "a hint");
    std::ostringstream out;
    print_diagnostics(out, d);
    CHECK(out.str() == "content/a.md:3:7: error: earlier line\n  hint: a hint\n"
                       "content/a.md:9:3: warning: later line\n"
                       "data/b.json:2:1: error: second file\n");
    CHECK(d.error_count() == 3);
    CHECK(d.warning_count() == 1);
}

TEST_CASE("JSON lines for tools, with quotes and line breaks escaped") {
    Diagnostic d{{"data/funding.json", 12, 7}, Severity::error, "\"amount\" must be a number, got \"£20,000\"", "write 20000\nnot text"};
    CHECK(format_diagnostic_json(d) ==
          R"({"file":"data/funding.json","line":12,"column":7,"severity":"error","message":"\"amount\" must be a number, got \"£20,000\"","hint":"write 20000\nnot text"})");
}

TEST_CASE("GitHub annotations land on the line, with workflow-command escaping") {
    Diagnostic d{{"content/a,b.md", 3, 7}, Severity::warning, "50% done: check", "fix it"};
    CHECK(format_github_annotation(d) == "::warning file=content/a%2Cb.md,line=3,col=7::50%25 done: check%0Afix it");
    Diagnostic whole{{"site.json", 0, 0}, Severity::error, "no title", ""};
    CHECK(format_github_annotation(whole) == "::error file=site.json::no title");
}

TEST_CASE("--strict: warnings become errors") {
    Diagnostics d;
    d.warning({"content/a.md", 1, 1}, "table has no caption");
    CHECK_FALSE(d.has_errors());
    d.warnings_as_errors();
    CHECK(d.has_errors());
}
