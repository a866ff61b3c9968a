// Reading a rendered page's text for the search index.
#include "render/render.hpp"
#include "render/search_terms.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace gazette;

namespace doctest {
template <>
struct StringMaker<SearchPart> {
    static String convert(const SearchPart& part) {
        return ("{\"" + part.id + "\", \"" + part.heading + "\", \"" + part.text + "\"}").c_str();
    }
};
}  // namespace doctest

TEST_CASE("a page's text is read from <main>, in parts that start at its anchors") {
    auto parts = search_parts(R"(<body><header><nav><a href="/">Home</a></nav></header>
<main id="main" tabindex="-1">
<h1>Annual report</h1>
<p class="lede">What the partnership did &amp; why.</p>
<h2 id="section-1"><span class="section-number">1</span> Purpose</h2>
<div class="numbered" id="para-1-1">
<p><a class="para-number" href="#para-1-1">1.1</a> The <abbr title="anti-social behaviour">ASB</abbr> team<sup><a href="#fn-1" id="fnref-1">1</a></sup> met.</p>
<figure id="chart-x"><figcaption id="chart-x-title">Robbery fell</figcaption></figure>
<ul><li>Robbery</li><li>Burglary</li></ul>
</div>
<h2 id="section-2">Background</h2>
<p>Text after a heading.</p>
</main>
<footer>Footer text</footer></body>)");
    CHECK(parts == std::vector<SearchPart>{
                       {"", "", "What the partnership did & why."},
                       {"section-1", "1 Purpose", ""},
                       {"para-1-1", "", "1.1 The ASB team1 met. Robbery fell Robbery Burglary"},
                       {"section-2", "Background", "Text after a heading."},
                   });
}

TEST_CASE("navigation, scripts, hidden text and what the theme marks are left out") {
    auto parts = search_parts(R"(<main>
<nav class="toc"><h2 id="contents">Contents</h2><a href="#a">Purpose</a></nav>
<p>Kept<span aria-hidden="true">▲</span> text.</p>
<script type="application/json">{"data": "secret"}</script>
<div hidden>Hidden</div>
<ol class="report-list" data-search-ignore><li>Another report</li></ol>
<p title="a hidden meaning">Also kept, <img src="a.png" alt="a map of the six areas"> with its picture.</p>
</main>)");
    REQUIRE(parts.size() == 1);
    CHECK(parts[0].text == "Kept text. Also kept, a map of the six areas with its picture.");
}

TEST_CASE("white space of any kind and length reads as one space, and none at either end") {
    auto parts = search_parts("<main><p>\n  Two  spaces,\ta tab,\r\nand a line\f break. </p><p> Next<b> bold </b>end </p></main>");
    REQUIRE(parts.size() == 1);
    CHECK(parts[0].text == "Two spaces, a tab, and a line break. Next bold end");
}

TEST_CASE("a term and its description read as a reader hears them: the term, a colon, the description") {
    auto parts = search_parts("<main><dl><div><dt>Type</dt><dd>Scrutiny briefing</dd></div><div><dt>Lead: </dt><dd>Jo Bloggs</dd></div>"
                              "<dt>Period</dt><dd><time>2019</time></dd></dl></main>");
    REQUIRE(parts.size() == 1);
    CHECK(parts[0].text == "Type: Scrutiny briefing Lead: Jo Bloggs Period: 2019");  // no second colon after "Lead:"
}

TEST_CASE("elements are known whatever the case their names are written in") {
    auto parts = search_parts("<main><DIV ID=\"a\"><P>Kept</p></Div><NAV>Menu</nav><SCRIPT>var x = '<p>';</script><p>More</p></main>");
    CHECK(parts == std::vector<SearchPart>{{"a", "", "Kept More"}});
}

TEST_CASE("character references become the characters a reader sees") {
    auto parts = search_parts("<main><p>Children&#39;s &quot;Trust&quot; &#x2013; &lt;2019&gt;&nbsp;&unknown;</p></main>");
    REQUIRE(parts.size() == 1);
    CHECK(parts[0].text == "Children's \"Trust\" – <2019> &unknown;");
}

TEST_CASE("an ampersand that starts no reference is text, and references join the words around them") {
    auto parts = search_parts("<main><p>A&amp;E  &amp; B&B, R&amp;D&nbsp;&nbsp;ok &amp;lt; &#233;t&#xE9; &; &#xZZ; "
                              "&toolongtobeareference; x&</p></main>");
    REQUIRE(parts.size() == 1);
    CHECK(parts[0].text == "A&E & B&B, R&D ok &lt; été &; &#xZZ; &toolongtobeareference; x&");
}

TEST_CASE("a chunk of the index holds each page's address from the site root, its title, where it is and its parts") {
    std::vector<SearchEntry> entries{{"/reports/a/", "A report", "Reports", {{"", "", "Intro."}, {"section-1", "1 Purpose", "Why."}}},
                                     {"/", "Home", "", {{"", "", "Welcome."}}}};
    const std::string first = search_chunk_line(entries[0]), second = search_chunk_line(entries[1]);
    std::string chunk = search_chunk({first, second});
    CHECK(nlohmann::json::parse(chunk) == nlohmann::json::parse(R"({"pages": [{"url": "reports/a/", "title": "A report", "where": "Reports",
        "parts": [["", "Intro."], ["section-1", "Why.", "1 Purpose"]]}, {"url": "", "title": "Home", "where": "", "parts": [["", "Welcome."]]}]})"));
    // A build that rewrites one page of a chunk takes the others' lines back as they were.
    CHECK(search_chunk_lines(chunk) == std::vector<std::string_view>{first, second});
    CHECK(search_chunk_lines(search_chunk({})) == std::vector<std::string_view>{});
    CHECK_FALSE(search_chunk_lines(R"({"pages":[{"parts":[],"title":"A","url":"a/","where":""}]})").has_value());
    CHECK_FALSE(search_chunk_lines(chunk.substr(0, chunk.size() - 5) + "\n]}\n").has_value());
    CHECK(nlohmann::json::parse(search_manifest({"search-index/0000-1a2b3c4d.json"}, {"search-index/words-000-5e6f7a8b.json", ""})) ==
          nlohmann::json::parse(R"({"chunks": ["search-index/0000-1a2b3c4d.json"], "pages": 10,
                                    "words": ["search-index/words-000-5e6f7a8b.json", null]})"));
    // The lines read back give the entries they were made of.
    CHECK(read_search_chunk_line(first) == entries[0]);
    CHECK(read_search_chunk_line(second) == entries[1]);
    CHECK_FALSE(read_search_chunk_line("{\"parts\":[").has_value());
}

TEST_CASE("a chunk escapes a quote, a backslash or a control character wherever it falls in a long text") {
    for (char special : {'"', '\\', '\n', '\x1f'}) {
        for (std::size_t at = 0; at < 20; ++at) {
            std::string text(20, 'a');
            text[at] = special;
            std::vector<SearchEntry> entries{{"/a/", text, "", {}}};
            CHECK(nlohmann::json::parse(search_chunk_line(entries[0]))["title"] == text);
        }
    }
}

TEST_CASE("a chunk writes any text as JSON does: quotes, backslashes, control characters and bytes that are not UTF-8") {
    const std::string odd = "Say \"hi\" \\ then\ttab\nline \x01 café \xFF end";
    std::vector<SearchEntry> entries{{"/a/", odd, "", {{"para-1-1", "", odd}}}};
    const std::string line = search_chunk_line(entries[0]);
    CHECK(line.find('\n') == std::string::npos);  // a chunk holds one entry per line
    const std::string chunk = search_chunk({line});
    const auto parsed = nlohmann::json::parse(chunk);
    CHECK(parsed["pages"][0]["parts"][0][1] == nlohmann::json::parse(nlohmann::json(odd).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
    CHECK(search_chunk_lines(chunk)->size() == 1);
    std::vector<SearchEntry> plain{{"/a/", "Say \"hi\" \\\t\x01", "", {}}};
    CHECK(search_chunk({search_chunk_line(plain[0])}) == "{\"pages\":[\n{\"parts\":[],\"title\":" +
                                                            nlohmann::json(plain[0].title).dump() + ",\"url\":\"a/\",\"where\":\"\"}\n]}\n");
}
