#include "text/text.hpp"

#include <doctest/doctest.h>

using namespace gazette;

TEST_CASE("slugify makes stable lower-case addresses") {
    CHECK(slugify("2019-20 Annual Report") == "2019-20-annual-report");
    CHECK(slugify("  Crime, ASB & the Community ") == "crime-asb-the-community");
    CHECK(slugify("Children's Trust") == "childrens-trust");
    CHECK(slugify("Children\xE2\x80\x99s Trust") == "childrens-trust");           // curly apostrophe
    CHECK(slugify("Violence \xE2\x80\x93 and reoffending") == "violence-and-reoffending");  // en dash
    CHECK(slugify("!!!") == "");
}

TEST_CASE("dates are YYYY-MM-DD real calendar days") {
    REQUIRE(parse_date("2020-10-22"));
    CHECK(long_date(*parse_date("2020-10-22")) == "22 October 2020");
    CHECK(iso_date(*parse_date("2020-02-29")) == "2020-02-29");
    CHECK_FALSE(parse_date("2019-02-29"));
    CHECK_FALSE(parse_date("2020-13-01"));
    CHECK_FALSE(parse_date("22/10/2020"));
    CHECK_FALSE(parse_date("2020-1-5"));
}

TEST_CASE("a date may be only a month or a year, as undated papers need") {
    REQUIRE(parse_date("2019-07"));
    CHECK(long_date(*parse_date("2019-07")) == "July 2019");
    CHECK(iso_date(*parse_date("2019-07")) == "2019-07");
    CHECK(long_date(*parse_date("2014")) == "2014");
    CHECK(iso_date(*parse_date("2014")) == "2014");
    CHECK_FALSE(parse_date("2019-13"));
    CHECK_FALSE(parse_date("20x9"));
    CHECK(*parse_date("2019") < *parse_date("2019-01"));
    CHECK(*parse_date("2019-07") < *parse_date("2019-07-01"));
}

TEST_CASE("SOURCE_DATE_EPOCH seconds become a UTC date") {
    CHECK(iso_date(*date_from_unix_seconds(0)) == "1970-01-01");
    CHECK(iso_date(*date_from_unix_seconds(1700000000)) == "2023-11-14");
    CHECK(iso_date(*date_from_unix_seconds(951782400)) == "2000-02-29");
    CHECK_FALSE(date_from_unix_seconds(-1));
}

TEST_CASE("escape_html escapes the five special characters") {
    CHECK(escape_html(R"(<a href="x">Tom & Jerry's</a>)") ==
          "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
}

TEST_CASE("closest_match suggests a near key and nothing for a distant one") {
    std::vector<std::string> keys{"title", "committee", "meeting_date", "summary"};
    CHECK(closest_match("commitee", keys) == "committee");
    CHECK(closest_match("meetingdate", keys) == "meeting_date");
    CHECK_FALSE(closest_match("colour", keys));
}

TEST_CASE("invalid_utf8_at finds the first byte that is not well-formed UTF-8") {
    CHECK_FALSE(invalid_utf8_at("plain ASCII, £ sign, – dash, emoji \xF0\x9F\x98\x80"));
    CHECK(invalid_utf8_at("Caf\xE9") == 3u);                  // Latin-1
    CHECK(invalid_utf8_at("ab\xC3") == 2u);                   // cut short
    CHECK(invalid_utf8_at("\xC0\xAF") == 0u);                 // overlong "/"
    CHECK(invalid_utf8_at("x\xED\xA0\x80") == 1u);            // a UTF-16 surrogate
    CHECK(invalid_utf8_at("\xF4\x90\x80\x80") == 0u);         // past U+10FFFF
    CHECK(invalid_utf8_at("ok \xE2\x82\xAC then \xFF") == 12u);
    // Past long runs of ASCII, which are read eight bytes at a time.
    for (std::size_t at = 0; at < 20; ++at) {
        std::string text(20, 'a');
        text[at] = '\xFF';
        CHECK(invalid_utf8_at(text) == at);
    }
}

TEST_CASE("closest_match can be held to fewer edits") {
    std::vector<std::string> components{"chart", "kpi", "table"};
    CHECK(closest_match("kpis", components, 1) == "kpi");
    CHECK_FALSE(closest_match("ini", components, 1));
    CHECK(closest_match("ini", components) == "kpi");
}
