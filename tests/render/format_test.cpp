#include "render/format.hpp"

#include <doctest/doctest.h>

using namespace gazette;

TEST_CASE("numbers get thousands separators and only the decimals they need") {
    CHECK(format_number(1400) == "1,400");
    CHECK(format_number(1324000) == "1,324,000");
    CHECK(format_number(999) == "999");
    CHECK(format_number(-29.63) == "-29.63");
    CHECK(format_number(3.9) == "3.9");
    CHECK(format_number(2.0 / 3.0) == "0.67");
    CHECK(format_number(1234.5, 0) == "1,235");
    CHECK(format_number(-0.001, 1) == "0.0");
}

TEST_CASE("GBP is written as £ with commas, pence only when there are any") {
    CHECK(format_gbp(660000) == "£660,000");
    CHECK(format_gbp(7333) == "£7,333");
    CHECK(format_gbp(20.5) == "£20.50");
    CHECK(format_gbp(-250) == "-£250");
}

TEST_CASE("percentages and units") {
    CHECK(format_percent(3.93) == "3.93%");
    CHECK(format_percent(20) == "20%");
    CHECK(format_value(31.98, Unit::percent) == "31.98%");
    CHECK(format_value(3300000, Unit::gbp) == "£3,300,000");
    CHECK(format_value(23, Unit::count) == "23");
}

TEST_CASE("a measure keeps the source's hedge") {
    CHECK(format_measure({"People engaged", 600, std::nullopt, "people", "over"}) == "over 600");
    CHECK(format_measure({"Calls", 6000, std::nullopt, "calls", ""}) == "6,000");
    CHECK(format_measure({"Unknown", std::nullopt, std::nullopt, "", ""}) == "not given");
}

TEST_CASE("a row's figure cites the row's paragraph in the dataset's document") {
    const char* report = "Birmingham CSP annual report 2019-20, paragraphs 3.2, 3.3, 4.4, 4.5 and 5.5";
    CHECK(cite_row(report, "paragraph 3.2") == "Birmingham CSP annual report 2019-20, paragraph 3.2");
    CHECK(cite_row(report, "paragraphs 3.2 and 4.4") == "Birmingham CSP annual report 2019-20, paragraphs 3.2 and 4.4");
    CHECK(cite_row(report, "") == report);
    // A row's source naming its own document is a citation already.
    CHECK(cite_row(report, "Helpline return 2019-20, page 4") == "Helpline return 2019-20, page 4");
    // Commas before the first part that locates belong to the document.
    CHECK(cite_row("Briefing note 2018 & 2019 (draft, unsigned), Sections 3.3 to 3.5", "section 3.5 (Town Centre)") ==
          "Briefing note 2018 & 2019 (draft, unsigned), section 3.5 (Town Centre)");
    // A dataset's source that locates nothing is all document; one that names none leaves the row's.
    CHECK(cite_row("Synthetic test data, made up for tests", "page 2") == "Synthetic test data, made up for tests, page 2");
    CHECK(cite_row("paragraphs 2 and 3", "paragraph 2") == "paragraph 2");
    // "Paragraphs" must be a word of its own.
    CHECK(cite_row("Pages of the partnership, Paragon review", "page 4") == "Pages of the partnership, Paragon review, page 4");
}
