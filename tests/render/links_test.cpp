#include "render/render.hpp"

#include <doctest/doctest.h>

using namespace gazette;

TEST_CASE("a page's ids are found among its sorted ids, and its links keep their order and attribute") {
    const PageLinks links = extract_links(
        R"(<h2 id="para-2">Two</h2><p id="para-1-2">See <a href="../b/">b</a>, <a href="#para-2">2</a>, )"
        R"(<a href="https://example.org/">out</a> and <img src="../chart.png" alt=""> <a href="../b/">b again</a>.</p>)"
        R"(<p id="a">A</p><p id="para-1-10">Ten</p>)");
    for (const char* id : {"a", "para-1-10", "para-1-2", "para-2"}) CHECK(links.has_id(id));
    for (const char* id : {"", "b", "para-1", "para-1-1", "para-3", "z"}) CHECK_FALSE(links.has_id(id));

    const auto references = links.references();
    REQUIRE(references.size() == 3);  // the first use of each, none that leaves the site
    CHECK(references[0].attribute == "href");
    CHECK(references[0].address == "../b/");
    CHECK(references[1].address == "#para-2");
    CHECK(references[2].attribute == "src");
    CHECK(references[2].address == "../chart.png");

    PageLinks kept = links;
    kept.keep_references([](const PageLinks::Reference& r) { return !r.address.starts_with('#'); });
    const auto after = kept.references();
    REQUIRE(after.size() == 2);
    CHECK(after[0].address == "../b/");
    CHECK(after[1].attribute == "src");
    CHECK(after[1].address == "../chart.png");
    CHECK(kept.same_ids(links));
    CHECK_FALSE(kept.same_ids(extract_links(R"(<p id="a">A</p>)")));
}
