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
