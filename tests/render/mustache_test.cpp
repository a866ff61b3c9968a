#include "render/mustache.hpp"
#include "render/render.hpp"

#include "../site_fixture.hpp"

#include <doctest/doctest.h>

#include <fstream>

using namespace gazette;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string render(std::string_view text, const json& view, const json* base = nullptr) {
    auto parsed = MustacheTemplate::parse(text);
    REQUIRE(std::holds_alternative<MustacheTemplate>(parsed));
    return std::get<MustacheTemplate>(parsed).render(view, base);
}

MustacheError error_in(std::string_view text) {
    auto parsed = MustacheTemplate::parse(text);
    REQUIRE(std::holds_alternative<MustacheError>(parsed));
    return std::get<MustacheError>(parsed);
}

void put(const fs::path& path, std::string_view text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

using ThemeFiles = std::initializer_list<std::pair<std::string_view, std::string_view>>;

// A temporary site whose themes/ folder holds `files` (path, text).
fs::path site_with_theme(ThemeFiles files) {
    fs::path root = testing::make_temp_dir("mustache");
    for (const auto& [path, text] : files) put(root / "themes" / path, text);
    return root;
}

// A theme of the given files and its renderer.
class ThemeFixture {
public:
    explicit ThemeFixture(ThemeFiles files)
        : root_(site_with_theme(files)), theme_(root_ / "themes", ""), renderer_(theme_) {}
    ~ThemeFixture() { fs::remove_all(root_); }
    ThemeFixture(const ThemeFixture&) = delete;
    ThemeFixture& operator=(const ThemeFixture&) = delete;

    TemplateRenderer& renderer() { return renderer_; }
    // The diagnostics of rendering `name`, each formatted, with the site's folder left out.
    std::string problems(const std::string& name) {
        Diagnostics diagnostics;
        renderer_.render(name, json::object(), diagnostics);
        std::string text;
        for (const auto& d : diagnostics.sorted()) text += format_diagnostic(d) + "\n";
        for (auto at = text.find(root_.generic_string()); at != std::string::npos; at = text.find(root_.generic_string()))
            text.erase(at, root_.generic_string().size() + 1);
        return text;
    }

private:
    fs::path root_;
    Theme theme_;
    TemplateRenderer renderer_;
};

}  // namespace

TEST_CASE("interpolation prints text and numbers, HTML-escaped unless asked not to") {
    CHECK(render("Hello, {{subject}}!", {{"subject", "world"}}) == "Hello, world!");
    CHECK(render("<p>no tags</p>\n", json::object()) == "<p>no tags</p>\n");
    CHECK(render("[{{missing}}]", json::object()) == "[]");
    CHECK(render("[{{ subject }}]", {{"subject", "spaced"}}) == "[spaced]");
    CHECK(render("{{n}} {{f}} {{neg}}", {{"n", 85}, {"f", 1.5}, {"neg", -3}}) == "85 1.5 -3");
    // Only text and numbers print: a theme shows nothing for a flag, a list or an object.
    CHECK(render("[{{t}}{{list}}{{object}}{{nothing}}]",
                 {{"t", true}, {"list", {1, 2}}, {"object", {{"a", 1}}}, {"nothing", nullptr}}) == "[]");

    json hostile = {{"x", "& \" < > '"}};
    CHECK(render("{{x}}", hostile) == "&amp; &quot; &lt; &gt; &apos;");
    CHECK(render("{{{x}}}|{{&x}}|{{& x }}", hostile) == "& \" < > '|& \" < > '|& \" < > '");
}

TEST_CASE("sections: false values skip them, lists repeat them, other values render them once") {
    CHECK(render("{{#t}}shown{{/t}}", {{"t", true}}) == "shown");
    for (const json& falsy : {json(false), json(""), json(nullptr), json::array()})
        CHECK(render("[{{#v}}hidden{{/v}}]", {{"v", falsy}}) == "[]");
    CHECK(render("[{{#missing}}hidden{{/missing}}]", json::object()) == "[]");
    // An empty object and the number 0 are true, as they were with kainjow.
    CHECK(render("{{#v}}shown{{/v}}", {{"v", json::object()}}) == "shown");
    CHECK(render("{{#v}}shown {{.}}{{/v}}", {{"v", 0}}) == "shown 0");

    CHECK(render("{{#person}}{{name}} ({{role}}){{/person}}", {{"person", {{"name", "Ann"}, {"role", "chair"}}}}) ==
          "Ann (chair)");
    CHECK(render("{{#items}}<li>{{title}}</li>{{/items}}", {{"items", {{{"title", "a"}}, {{"title", "b"}}}}}) ==
          "<li>a</li><li>b</li>");
    CHECK(render("{{#summary}}<p>{{.}}</p>{{/summary}}", {{"summary", "Short & sweet"}}) == "<p>Short &amp; sweet</p>");
    CHECK(render("{{#a}}{{#b}}{{#c}}deep{{/c}}{{/b}}{{/a}}", {{"a", {{"b", {{"c", true}}}}}}) == "deep");
}

TEST_CASE("inverted sections render where a section would not") {
    for (const json& falsy : {json(false), json(""), json(nullptr), json::array()})
        CHECK(render("{{^v}}none{{/v}}", {{"v", falsy}}) == "none");
    CHECK(render("{{^missing}}none{{/missing}}", json::object()) == "none");
    CHECK(render("[{{^v}}none{{/v}}]", {{"v", true}}) == "[]");
    CHECK(render("[{{^v}}none{{/v}}]", {{"v", json::array({1})}}) == "[]");
    CHECK(render("{{#v}}some{{/v}}{{^v}}none{{/v}}", {{"v", "x"}}) == "some");
}

TEST_CASE("names are looked up in the innermost context first, then outwards") {
    json view = {{"site", "Gazette"}, {"items", {{{"title", "a"}}, {{"title", "b"}}}}};
    CHECK(render("{{#items}}{{title}} of {{site}}; {{/items}}", view) == "a of Gazette; b of Gazette; ");
    // A name the inner context has, even with a false value, hides the outer one:
    // a report without a summary does not show its page's.
    json shadowed = {{"summary", "the page's"}, {"items", {{{"summary", ""}}}}};
    CHECK(render("{{#items}}[{{summary}}]{{#summary}}x{{/summary}}{{/items}}", shadowed) == "[]");
}

TEST_CASE("dotted names reach into objects, each looked up whole in every context") {
    json view = {{"a", {{"b", {{"c", "deep"}}}}}, {"n", {{"x", 1}}}};
    CHECK(render("{{a.b.c}}", view) == "deep");
    CHECK(render("{{#a.b}}{{c}}{{/a.b}}", view) == "deep");
    CHECK(render("[{{a.x.c}}][{{n.x.y}}]", view) == "[][]");
    CHECK(render("{{#a}}{{b.c}}{{/a}}", view) == "deep");
    // Gazette's rule (kainjow's): an inner "a" without "b" does not stop the
    // lookup; the outer a.b is found.
    json outer = {{"a", {{"b", "outer"}}}, {"inner", {{"a", {{"other", 1}}}}}};
    CHECK(render("{{#inner}}{{a.b}}{{/inner}}", outer) == "outer");
}

TEST_CASE("{{.}} is the innermost context") {
    CHECK(render("{{#list}}({{.}}){{/list}}", {{"list", {"a", "b", 1}}}) == "(a)(b)(1)");
    CHECK(render("{{#list}}{{.}}|{{{.}}} {{/list}}", {{"list", json::array({"<b>"})}}) == "&lt;b&gt;|<b> ");
    CHECK(render("{{#list}}[{{.}}]{{/list}}", {{"list", {true, json::object()}}}) == "[][]");
}

TEST_CASE("comments and delimiter changes print nothing") {
    CHECK(render("12345{{! Comment Block! }}67890", json::object()) == "1234567890");
    CHECK(render("12345{{!\n  This is a\n  multi-line comment...\n}}67890", json::object()) == "1234567890");
    json view = {{"text", "Hey!"}, {"list", {1, 2}}};
    CHECK(render("{{=<% %>=}}(<% text %>)", view) == "(Hey!)");
    CHECK(render("{{=| |=}}|#list||.||/list| |={{ }}=|{{text}}", view) == "12 Hey!");
    CHECK(render("{{= @ @ =}}@text@", view) == "Hey!");
}

TEST_CASE("a line that held only a section tag, a comment or a delimiter change is left out") {
    json view = {{"t", true}, {"f", false}, {"list", {"a", "b"}}};
    CHECK(render("| This Is\n{{#t}}\n|\n{{/t}}\n| A Line", view) == "| This Is\n|\n| A Line");
    CHECK(render("| This Is\n{{^f}}\n|\n{{/f}}\n| A Line", view) == "| This Is\n|\n| A Line");
    CHECK(render("<ul>\n  {{#list}}\n  <li>{{.}}</li>\n  {{/list}}\n</ul>\n", view) == "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n");
    CHECK(render("|\r\n{{#t}}\r\n{{/t}}\r\n|", view) == "|\r\n|");
    CHECK(render("|\n{{#t}}\n#{{/t}}", view) == "|\n#");
    CHECK(render("Begin.\n{{! Comment Block! }}\nEnd.\n", view) == "Begin.\nEnd.\n");
    CHECK(render("Begin.\n  {{=@ @=}}\nEnd. @t@\n", view) == "Begin.\nEnd. \n");
    // Tags among text keep their line.
    CHECK(render("a{{#t}}b{{/t}}c\n", view) == "abc\n");
    CHECK(render(" {{#t}}x{{/t}} \n", view) == " x \n");
    CHECK(render("a {{! note }}\n", view) == "a \n");
}

TEST_CASE("Gazette's line rule is kainjow's: a section that did not render leaves its line") {
    // Themes' output depends on it, blank lines and all: the Mustache spec
    // would leave these lines out.
    json view = {{"f", false}, {"t", true}, {"empty", ""}};
    CHECK(render("a\n{{#f}}\nx\n{{/f}}\nb", view) == "a\n\nb");
    CHECK(render("a\n{{^t}}x{{/t}}\nb", view) == "a\n\nb");
    // A line with a section that rendered only spaces and tabs goes, printed values and all.
    CHECK(render("a\n{{#t}}{{empty}} {{/t}}\nb", view) == "a\nb");
}

TEST_CASE("a base view lies under the page's: names the page lacks are looked up in it") {
    json base = {{"site", {{"title", "Gazette"}}}, {"root", "../"}, {"title", "the site's"}};
    json view = {{"title", "Page"}, {"items", {{{"url", "a/"}}}}};
    CHECK(render("{{title}} – {{site.title}}", view, &base) == "Page – Gazette");
    CHECK(render("{{#items}}<a href=\"{{root}}{{url}}\">{{title}}</a>{{/items}}", view, &base) ==
          "<a href=\"../a/\">Page</a>");
    CHECK(render("{{#site}}{{title}}{{/site}}", view, &base) == "Gazette");
    CHECK(render("{{^missing}}{{root}}{{/missing}}", view, &base) == "../");

    // Through the theme, partials and all.
    ThemeFixture theme({{"templates/page.mustache", "<h1>{{title}}</h1>{{> footer}}"},
                        {"partials/footer.mustache", "<footer>{{site.title}}</footer>"}});
    Diagnostics diagnostics;
    CHECK(theme.renderer().render("templates/page", view, base, diagnostics) == "<h1>Page</h1><footer>Gazette</footer>");
    CHECK(diagnostics.all().empty());
}

TEST_CASE("partials are written into their template, and every one used is recorded") {
    ThemeFixture theme({{"templates/page.mustache", "{{> head}}\n<main>{{#items}}{{> item}}{{/items}}</main>\n"},
                        {"partials/head.mustache", "<title>{{title}}</title>\n"},
                        {"partials/item.mustache", "<p>{{name}}{{> mark}}</p>"},
                        {"partials/mark.mustache", "!"}});
    std::set<std::string> used;
    theme.renderer().record(&used);
    Diagnostics diagnostics;
    json view = {{"title", "T"}, {"items", {{{"name", "a"}}, {{"name", "b"}}}}};
    // As text: the newline after {{> head}} stays.
    CHECK(theme.renderer().render("templates/page", view, diagnostics) ==
          "<title>T</title>\n\n<main><p>a!</p><p>b!</p></main>\n");
    CHECK(diagnostics.all().empty());
    CHECK(used == std::set<std::string>{"templates/page.mustache", "partials/head.mustache", "partials/item.mustache",
                                        "partials/mark.mustache"});
    theme.renderer().record(nullptr);
}

TEST_CASE("template errors name the file and line of the tag") {
    ThemeFixture theme({{"templates/unclosed.mustache", "<main>\n<p>{{#open}}never closed</p>\n"},
                        {"templates/mismatched.mustache", "{{#a}}\n{{#b}}\n{{/a}}\n"},
                        {"templates/unopened.mustache", "text\n\n{{/nothing}}"},
                        {"templates/tag.mustache", "<p>{{title</p>\n"},
                        {"templates/delimiters.mustache", "{{=<%%>=}}"},
                        {"templates/uses-broken.mustache", "<body>\n{{> broken}}\n</body>"},
                        {"partials/broken.mustache", "<nav>\n  {{^items}}\n</nav>\n"},
                        {"templates/missing.mustache", "<body>\n  {{> nowhere}}\n</body>"},
                        {"templates/loop.mustache", "{{> loop}}"},
                        {"partials/loop.mustache", "again\n{{> loop}}"}});
    CHECK(theme.problems("templates/unclosed") ==
          "themes/templates/unclosed.mustache:2:4: error: template error: the section {{#open}} is never closed\n"
          "  hint: add {{/open}} where the section ends\n");
    CHECK(theme.problems("templates/mismatched") ==
          "themes/templates/mismatched.mustache:3:1: error: template error: {{/a}} closes a section, but the one open "
          "is {{#b}}\n  hint: close sections in the reverse of the order they open: {{/b}} first\n");
    CHECK(theme.problems("templates/unopened") ==
          "themes/templates/unopened.mustache:3:1: error: template error: {{/nothing}} closes a section that is not "
          "open\n  hint: remove it, or open the section with {{#nothing}}\n");
    CHECK(theme.problems("templates/tag") ==
          "themes/templates/tag.mustache:1:4: error: template error: \"{{\" opens a tag that is never closed\n"
          "  hint: close the tag with }}\n");
    CHECK(theme.problems("templates/delimiters").find("delimiters.mustache:1:1: error: template error: {{=<%%>=}} "
                                                      "does not set two delimiters") != std::string::npos);
    // In a partial, the partial's own file and line.
    CHECK(theme.problems("templates/uses-broken") ==
          "themes/partials/broken.mustache:2:3: error: template error: the section {{^items}} is never closed\n"
          "  hint: add {{/items}} where the section ends\n");
    CHECK(theme.problems("templates/missing") ==
          "themes/templates/missing.mustache:2:3: error: the template uses a partial \"nowhere\" that no theme layer "
          "has\n  hint: add themes/partials/nowhere.mustache\n");
    CHECK(theme.problems("templates/loop") ==
          "themes/partials/loop.mustache:2:1: error: the partial \"loop\" includes itself, so it was left out\n"
          "  hint: remove this {{> loop}}\n");
}

TEST_CASE("a template with an error renders nothing, and says so at every use") {
    ThemeFixture theme({{"templates/page.mustache", "<p>{{#open}}</p>"}});
    Diagnostics diagnostics;
    CHECK(theme.renderer().render("templates/page", json::object(), diagnostics).empty());
    CHECK(theme.renderer().render("templates/page", json::object(), diagnostics).empty());
    CHECK(diagnostics.error_count() == 2);
}

TEST_CASE("the parser reports the offset of the first mistake") {
    CHECK(error_in("ab{{#x}}").offset == 2);
    CHECK(error_in("{{#x}}{{#y}}").offset == 0);  // the outermost section left open
    CHECK(error_in("{{#x}}{{/x}} {{/y}}").offset == 13);
    CHECK(error_in("{{{x}}").message == "\"{{{\" opens a tag that is never closed");
    CHECK(error_in("{{=<% %>=}}<%#a%><%/b%>").message == "<%/b%> closes a section, but the one open is <%#a%>");
}
