#include "render/cmark_handles.hpp"
#include "render/render.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace gazette;

namespace {

RenderedMarkdown md(std::string_view text, Numbering numbering = Numbering::none, int sections_before = 0) {
    MarkdownOptions options;
    options.numbering = numbering;
    options.sections_before = sections_before;
    options.source = "content/r.md";
    options.first_line = 5;
    options.root = "../../";
    return render_markdown(text, options);
}

bool contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

std::string warnings(const RenderedMarkdown& r) {
    std::string out;
    for (const auto& d : r.diagnostics.sorted()) out += format_diagnostic(d) + "\n";
    return out;
}

}  // namespace

TEST_CASE("auto numbering numbers sections and their paragraphs, with anchors") {
    auto r = md("Intro, not numbered.\n\n## Purpose\n\nFirst.\n\nSecond.\n\n## Background\n\nThird.\n", Numbering::automatic);
    CHECK(contains(r.html, "<p>Intro, not numbered.</p>"));
    CHECK(contains(r.html, "<h2 id=\"section-1\"><span class=\"section-number\">1</span> Purpose</h2>"));
    CHECK(contains(r.html, "<div class=\"numbered\" id=\"para-1-1\">\n<p><a class=\"para-number\" href=\"#para-1-1\" "
                           "aria-label=\"Paragraph 1.1\">1.1</a> First.</p>"));
    CHECK(contains(r.html, "id=\"para-1-2\""));
    CHECK(contains(r.html, "<h2 id=\"section-2\"><span class=\"section-number\">2</span> Background</h2>"));
    CHECK(contains(r.html, "aria-label=\"Paragraph 2.1\">2.1</a> Third."));
    CHECK(r.last_section == 2);
    REQUIRE(r.toc.size() == 2);
    CHECK(r.toc[1].number == "2");
    CHECK(r.toc[1].title == "Background");
    CHECK(r.toc[1].id == "section-2");
    CHECK(r.diagnostics.all().empty());
}

TEST_CASE("a list belongs to the numbered paragraph before it") {
    auto r = md("## Duties\n\nThe partnership must:\n\n- plan\n- review\n\nNext paragraph.\n", Numbering::automatic);
    CHECK(contains(r.html, "The partnership must:</p>\n<ul>\n<li>plan</li>\n<li>review</li>\n</ul>\n</div>"));
    CHECK(contains(r.html, "id=\"para-1-2\""));
    CHECK_FALSE(contains(r.html, "id=\"para-1-3\""));
}

TEST_CASE("numbers the author wrote are kept and not doubled") {
    auto r = md("## 1. Summary\n\n1.1 This report gives an update.\n\n## 2. Background\n\n2.1 Formed in 2013.\n\nUnnumbered.\n",
                Numbering::automatic);
    CHECK(contains(r.html, "<h2 id=\"section-1\"><span class=\"section-number\">1</span> Summary</h2>"));
    CHECK(contains(r.html, ">1.1</a> This report gives an update.</p>"));
    CHECK_FALSE(contains(r.html, "1.1 This"));
    CHECK(contains(r.html, ">2.1</a> Formed in 2013.</p>"));
    CHECK(contains(r.html, ">2.2</a> Unnumbered.</p>"));  // auto numbering carries on
    CHECK(r.diagnostics.all().empty());
}

TEST_CASE("bold author numbers in headings are recognised") {
    auto r = md("## **3. Current position**\n\n### 3.1 Partnership structure\n\nText.\n", Numbering::manual);
    CHECK(contains(r.html, "<h2 id=\"section-3\"><span class=\"section-number\">3</span> <strong>Current position</strong></h2>"));
    CHECK(contains(r.html, "<h3 id=\"para-3-1\"><span class=\"para-number\">3.1</span> Partnership structure</h3>"));
    CHECK(contains(r.html, "<p>Text.</p>"));  // manual: unnumbered stays unnumbered
    REQUIRE(r.toc.size() == 2);
    CHECK(r.toc[1].level == 3);
    CHECK(r.toc[1].number == "3.1");
}

TEST_CASE("manual numbering gives anchors only to written numbers") {
    auto r = md("## 4. Recommendation\n\n4.1 That progress be noted.\n\nA note without a number.\n", Numbering::manual);
    CHECK(contains(r.html, "id=\"para-4-1\""));
    CHECK(contains(r.html, "<p>A note without a number.</p>"));
}

TEST_CASE("numbers out of sequence are warned about at their line") {
    auto r = md("## 1. A\n\n1.1 One.\n\n1.3 Three.\n\n## 3. C\n\n2.1 Wrong section.\n", Numbering::automatic);
    CHECK(warnings(r) ==
          "content/r.md:9:1: warning: paragraph 1.3 is out of sequence: expected paragraph 1.2\n"
          "  hint: numbers run 1, 2, 3 and 1.1, 1.2, 1.3 within each section\n"
          "content/r.md:11:1: warning: section 3 is out of sequence: expected section 2\n"
          "  hint: numbers run 1, 2, 3 and 1.1, 1.2, 1.3 within each section\n"
          "content/r.md:13:1: warning: paragraph 2.1 is in section 3\n"
          "  hint: correct the number, or the section heading's number\n");
}

TEST_CASE("a later page of a report continues the section numbers") {
    auto r = md("## Delivery plans\n\nText.\n", Numbering::automatic, 4);
    CHECK(contains(r.html, "id=\"section-5\""));
    CHECK(contains(r.html, "id=\"para-5-1\""));
    CHECK(r.last_section == 5);
}

TEST_CASE("without numbering, headings get unique slug anchors and paragraphs stay plain") {
    auto r = md("## Local delivery\n\nText.\n\n## Local delivery\n\n### Road safety\n");
    CHECK(contains(r.html, "<h2 id=\"local-delivery\">Local delivery</h2>"));
    CHECK(contains(r.html, "<h2 id=\"local-delivery-2\">Local delivery</h2>"));
    CHECK(contains(r.html, "<h3 id=\"road-safety\">Road safety</h3>"));
    CHECK(contains(r.html, "<p>Text.</p>"));
}

TEST_CASE("a level-1 heading in the body is shown as level 2, with a warning") {
    auto r = md("# Heading\n");
    CHECK(contains(r.html, "<h2 id=\"heading\">Heading</h2>"));
    CHECK(contains(warnings(r), "content/r.md:5:1: warning: the page title is its only level-1 heading"));
}

TEST_CASE("tables get a caption, header scope and alignment classes, in a scrollable region") {
    auto r = md("Table: Grants 2018/19\n\n| Project | Amount |\n| --- | ---: |\n| Analyst team | £20,000 |\n");
    CHECK(contains(r.html, "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"table-1-caption\">"));
    CHECK(contains(r.html, "<caption id=\"table-1-caption\">Grants 2018/19</caption>"));
    CHECK(contains(r.html, "<th scope=\"col\">Project</th>"));
    CHECK(contains(r.html, "<th scope=\"col\" class=\"align-right\">Amount</th>"));
    CHECK(contains(r.html, "<td class=\"align-right\">£20,000</td>"));
    CHECK_FALSE(contains(r.html, "align=\""));
    CHECK(r.diagnostics.all().empty());
}

TEST_CASE("a table without a caption is warned about") {
    auto r = md("| A |\n| - |\n| 1 |\n");
    CHECK(contains(warnings(r), "content/r.md:5:1: warning: table has no caption"));
    CHECK(contains(r.html, "aria-label=\"Table 1\""));
}

TEST_CASE("links to the site root are made relative to the page") {
    auto r = md("[Reports](/reports/) [Home](/) [Other](https://example.org/x) [Anchor](#para-1-1) ![Logo](/logo.png)\n");
    CHECK(contains(r.html, "href=\"../../reports/\""));
    CHECK(contains(r.html, "href=\"../../\""));
    CHECK(contains(r.html, "href=\"https://example.org/x\""));
    CHECK(contains(r.html, "href=\"#para-1-1\""));
    CHECK(contains(r.html, "src=\"../../logo.png\""));
}

TEST_CASE("raw HTML is left out unless the site allows it") {
    auto off = md("<script>alert(1)</script>\n\nText <b>bold</b>\n");
    CHECK_FALSE(contains(off.html, "<script>"));
    CHECK_FALSE(contains(off.html, "<b>"));
    CHECK(contains(warnings(off), "warning: raw HTML is switched off"));

    MarkdownOptions options;
    options.unsafe_html = true;
    auto on = render_markdown("Text <b>bold</b>\n", options);
    CHECK(contains(on.html, "<b>bold</b>"));
}

TEST_CASE("GFM extensions: strikethrough, autolinks, task lists, footnotes with a heading") {
    auto r = md("~~old~~ www.example.org\n\n- [x] done\n\nNote[^1].\n\n[^1]: The source.\n");
    CHECK(contains(r.html, "<del>old</del>"));
    CHECK(contains(r.html, "<a href=\"http://www.example.org\">"));
    CHECK(contains(r.html, "type=\"checkbox\""));
    CHECK(contains(r.html, "<section class=\"footnotes\" aria-labelledby=\"footnotes-heading\">\n<h2 id=\"footnotes-heading\">Notes</h2>"));
}

TEST_CASE("an image without a text alternative is warned about") {
    auto r = md("![](chart.png)\n");
    CHECK(contains(warnings(r), "warning: image has no text alternative"));
}

TEST_CASE("relative_root climbs one level per folder") {
    CHECK(relative_root("/") == "./");
    CHECK(relative_root("/reports/") == "../");
    CHECK(relative_root("/reports/x/page/") == "../../../");
}

TEST_CASE("pages parse on several threads at once and keep their strikethrough and links") {
    // cmark-gfm's own table of special characters would lose "~" when another
    // parse ended mid-way (cmark_threads.cpp): its calls must reach Gazette's.
    const unsigned long before = cmark::special_character_calls();
    CHECK(contains(md("~~gone~~").html, "<del>gone</del>"));
    CHECK(cmark::special_character_calls() > before);

    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 200; ++i) {
                auto html = md("Plain words, ~~struck~~ and www.example.org here.\n").html;
                if (!contains(html, "<del>struck</del>") || !contains(html, "href=\"http://www.example.org\"")) ++wrong;
            }
        });
    for (auto& thread : threads) thread.join();
    CHECK(wrong == 0);
}

TEST_CASE("bytes that are not UTF-8, and NUL, reach the page as U+FFFD, and well-formed text as written") {
    CHECK(md("Caf\xE9 \xFF end").html == "<p>Caf\xEF\xBF\xBD \xEF\xBF\xBD end</p>\n");
    CHECK(md(std::string_view("a\0b", 3)).html == "<p>a\xEF\xBF\xBD" "b</p>\n");
    CHECK(md("Caf\xC3\xA9 \xE2\x80\x93 \xF0\x9F\x98\x80").html == "<p>Caf\xC3\xA9 \xE2\x80\x93 \xF0\x9F\x98\x80</p>\n");
}
