#include "validate/validate.hpp"

#include <doctest/doctest.h>

using namespace gazette;

namespace {

std::string diagnostics_of_front_matter(const std::string& yaml) {
    Diagnostics d;
    auto doc = parse_yaml(yaml, "content/r.md", 2, d);
    validate_front_matter(doc, d);
    std::string out;
    for (const auto& item : d.sorted()) out += format_diagnostic(item) + "\n";
    return out;
}

std::string diagnostics_of_config(const std::string& json) {
    Diagnostics d;
    auto doc = parse_json(json, "site.json", d);
    validate_config(doc, d);
    std::string out;
    for (const auto& item : d.sorted()) out += format_diagnostic(item) + "\n";
    return out;
}

}  // namespace

TEST_CASE("front matter is typed and complete") {
    Diagnostics d;
    auto doc = parse_yaml(
        "title: Annual report\ndate: 2020-10-22\ncommittee: Scrutiny\nmeeting_date: 2020-11-03\nagenda_item: 7\n"
        "recommendations:\n  - Note the report\n  - Agree the plan\ncontact:\n  name: Bev\n  email: bev@example.org\n"
        "weight: 2\ndraft: true\nnumbering: manual\n",
        "content/r.md", 2, d);
    PageMeta m = validate_front_matter(doc, d);
    CHECK(d.all().empty());
    CHECK(m.title == "Annual report");
    CHECK(long_date(*m.date) == "22 October 2020");
    CHECK(m.agenda_item == "7");
    CHECK(m.recommendations == std::vector<std::string>{"Note the report", "Agree the plan"});
    CHECK(m.contact.email == "bev@example.org");
    CHECK(m.weight == 2);
    CHECK(m.draft);
    CHECK(m.numbering == Numbering::manual);
}

TEST_CASE("front matter mistakes are reported at their line with a hint") {
    CHECK(diagnostics_of_front_matter("title: A\nweight: ten\n") ==
          "content/r.md:3:9: error: \"weight\" must be a whole number, got \"ten\"\n");
    CHECK(diagnostics_of_front_matter("title: A\ndate: 22/10/2020\n") ==
          "content/r.md:3:7: error: \"date\" must be a date written YYYY-MM-DD, got \"22/10/2020\"\n"
          "  hint: for example `date: 2020-10-22`; where a paper gives only a month or a year, write 2019-07 or 2019\n");
    CHECK(diagnostics_of_front_matter("title: A\ncommitee: Scrutiny\n") ==
          "content/r.md:3:1: error: unknown key \"commitee\" in front matter\n  hint: did you mean \"committee\"?\n");
    CHECK(diagnostics_of_front_matter("summary: no title\n") ==
          "content/r.md:2:1: error: front matter has no \"title\"\n  hint: add `title`: it is required\n");
    CHECK(diagnostics_of_front_matter("title: A\nnumbering: roman\n") ==
          "content/r.md:3:12: error: \"numbering\" must be auto, manual or none, got \"roman\"\n"
          "  hint: auto numbers sections and paragraphs; manual keeps the numbers written in the text\n");
    CHECK(diagnostics_of_front_matter("title: A\ncontact:\n  emial: x@y.z\n") ==
          "content/r.md:4:3: error: unknown key \"emial\" in \"contact\"\n  hint: did you mean \"email\"?\n");
    CHECK(diagnostics_of_front_matter("title: A\nrecommendations:\n  - [nested]\n") ==
          "content/r.md:4:5: error: each item of \"recommendations\" must be text, got [\"nested\"]\n");
}

TEST_CASE("site.json is typed, with defaults") {
    Diagnostics d;
    auto doc = parse_json(R"({"title": "T", "colours": {"primary": "#0B0C0C"}, "footer": {"links": [{"title": "A", "url": "/a/"}]}})",
                          "site.json", d);
    SiteConfig c = validate_config(doc, d);
    CHECK(d.all().empty());
    CHECK(c.title == "T");
    CHECK(c.language == "en-GB");
    CHECK(c.base_url == "/");
    CHECK(c.colours.primary == "#0b0c0c");
    REQUIRE(c.footer_links.size() == 1);
    CHECK(c.footer_links[0].url == "/a/");
    CHECK_FALSE(c.unsafe_html);
}

TEST_CASE("site.json mistakes are reported where they are") {
    CHECK(diagnostics_of_config("{\n  \"title\": \"T\",\n  \"colours\": {\"primary\": \"#ffdd00\"}\n}") ==
          "site.json:3:26: error: the primary colour #ffdd00 has a contrast of 1.35:1 with white; WCAG AA needs 4.5:1\n"
          "  hint: links and the header use it on white: choose a darker shade\n");
    CHECK(diagnostics_of_config("{\"title\": \"T\", \"colours\": {\"primary\": \"blue\"}}") ==
          "site.json:1:39: error: \"primary\" must be a colour written #rrggbb, got \"blue\"\n"
          "  hint: for example \"#1d4f91\"\n");
    CHECK(diagnostics_of_config("{\"title\": \"T\", \"base_url\": \"reports.example.org\"}") ==
          "site.json:1:28: error: \"base_url\" must be \"/\" or a full address, got \"reports.example.org/\"\n"
          "  hint: for example \"https://reports.example.org/\"\n");
    CHECK(diagnostics_of_config("{\"title\": \"T\", \"languge\": \"cy\"}") ==
          "site.json:1:16: error: unknown key \"languge\" in site.json\n  hint: did you mean \"language\"?\n");
    CHECK(diagnostics_of_config("{}") ==
          "site.json:1:1: error: site.json has no \"title\"\n  hint: add `title`: it is required\n");
}

TEST_CASE("contrast ratio follows WCAG's formula") {
    CHECK(contrast_ratio("#000000", "#ffffff") == doctest::Approx(21.0));
    CHECK(contrast_ratio("#ffffff", "#ffffff") == doctest::Approx(1.0));
    CHECK(contrast_ratio("#1d4f91", "#ffffff") > 4.5);
}
