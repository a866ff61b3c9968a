#include "render/render.hpp"

#include "../site_fixture.hpp"

#include <doctest/doctest.h>

#include <fstream>

using namespace gazette;
namespace fs = std::filesystem;

namespace {

void put(const fs::path& path, std::string_view text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

}  // namespace

TEST_CASE("template lookup: site, then named theme, then built-in") {
    fs::path themes = testing::make_temp_dir("theme") / "themes";
    put(themes / "civic/templates/page.mustache", "civic page");
    put(themes / "civic/partials/head.mustache", "civic head");
    put(themes / "partials/head.mustache", "site head");

    Theme theme(themes, "civic");
    CHECK(theme.named_theme_exists());
    CHECK(theme.find("templates/page.mustache")->text == "civic page");
    CHECK(theme.find("partials/head.mustache")->text == "site head");
    CHECK(theme.find("templates/report.mustache")->origin == "(built-in theme) templates/report.mustache");
    CHECK_FALSE(theme.find("templates/nothing.mustache"));
    CHECK_FALSE(Theme(themes, "missing").named_theme_exists());
    fs::remove_all(themes.parent_path());
}

TEST_CASE("assets merge across layers, the site's copy winning") {
    fs::path themes = testing::make_temp_dir("assets") / "themes";
    put(themes / "assets/gazette.css", "/* site */");
    put(themes / "assets/extra.js", "// extra");
    Theme theme(themes, "");
    auto assets = theme.assets();
    std::map<std::string, std::string> by_name;
    for (const auto& [name, file] : assets) by_name[name] = file.text;
    CHECK(by_name["assets/gazette.css"] == "/* site */");
    CHECK(by_name["assets/extra.js"] == "// extra");
    fs::remove_all(themes.parent_path());
}

TEST_CASE("templates render views with partials from the theme, escaping text") {
    fs::path themes = testing::make_temp_dir("render") / "themes";
    put(themes / "templates/page.mustache", "<h1>{{title}}</h1>{{> note}}{{{content}}}");
    put(themes / "partials/note.mustache", "[{{note}}]");
    Theme theme(themes, "");
    TemplateRenderer renderer(theme);
    Diagnostics d;
    auto html = renderer.render("templates/page", {{"title", "A & <B>"}, {"note", "n"}, {"content", "<p>x</p>"}}, d);
    CHECK(d.all().empty());
    CHECK(html == "<h1>A &amp; &lt;B&gt;</h1>[n]<p>x</p>");
    fs::remove_all(themes.parent_path());
}

TEST_CASE("a partial tag may have white space before its >, as other tags may") {
    fs::path themes = testing::make_temp_dir("spaced-partial") / "themes";
    put(themes / "templates/page.mustache", "<h1>{{title}}</h1>{{ > note}}|{{  >note }}|{{\t> note\t}}");
    put(themes / "partials/note.mustache", "[{{note}}]");
    Theme theme(themes, "");
    TemplateRenderer renderer(theme);
    Diagnostics d;
    auto html = renderer.render("templates/page", {{"title", "T"}, {"note", "n"}}, d);
    CHECK(d.all().empty());
    CHECK(html == "<h1>T</h1>[n]|[n]|[n]");
    fs::remove_all(themes.parent_path());
}

TEST_CASE("a template or partial that is not UTF-8 is an error at the byte") {
    fs::path themes = testing::make_temp_dir("latin1") / "themes";
    put(themes / "templates/page.mustache", "<h1>{{title}}</h1>\n{{> note}}");
    put(themes / "partials/note.mustache", "<p>Caf\xE9 {{note}}</p>");  // Latin-1, as an old editor saves it
    Theme theme(themes, "");
    TemplateRenderer renderer(theme);
    Diagnostics d;
    const std::string html = renderer.render("templates/page", {{"title", "T"}, {"note", "n"}}, d);
    CHECK(html.empty());
    REQUIRE(d.all().size() == 1);
    CHECK(format_diagnostic(d.all()[0]).find("partials/note.mustache:1:7: error: the file is not UTF-8: the byte 0xE9 here is not part of a character") !=
          std::string::npos);

    // A byte-order mark, as some editors write at the start of a UTF-8 file, never reaches a page.
    put(themes / "templates/section.mustache", "\xEF\xBB\xBF<h1>{{title}}</h1>");
    Diagnostics none;
    CHECK(renderer.render("templates/section", {{"title", "T"}}, none) == "<h1>T</h1>");
    CHECK(none.all().empty());
    fs::remove_all(themes.parent_path());
}

TEST_CASE("template mistakes are diagnostics naming the template") {
    fs::path themes = testing::make_temp_dir("broken") / "themes";
    put(themes / "templates/page.mustache", "{{#open}}never closed");
    put(themes / "templates/section.mustache", "{{> nowhere}}");
    Theme theme(themes, "");
    TemplateRenderer renderer(theme);
    Diagnostics d;
    renderer.render("templates/page", nlohmann::json::object(), d);
    renderer.render("templates/section", nlohmann::json::object(), d);
    renderer.render("templates/absent", nlohmann::json::object(), d);
    auto all = d.sorted();
    REQUIRE(all.size() == 3);
    std::string text;
    for (const auto& item : all) text += format_diagnostic(item) + "\n";
    CHECK(text.find("page.mustache:1:1: error: template error: the section {{#open}} is never closed") != std::string::npos);
    CHECK(text.find("section.mustache:1:1: error: the template uses a partial \"nowhere\" that no theme layer has") != std::string::npos);
    CHECK(text.find("themes/templates/absent.mustache: error: the theme has no template templates/absent.mustache") != std::string::npos);
    fs::remove_all(themes.parent_path());
}

// Found by fuzz/template_fuzz.cpp: for a partial's name too long for a file
// name the file system refuses to look at all, and its exception failed the
// whole render ("render: filesystem error") instead of naming the template.
TEST_CASE("a partial whose name no file can have is a missing partial, not a failed build") {
    fs::path themes = testing::make_temp_dir("long-partial") / "themes";
    const std::string name(300, 'a');
    put(themes / "templates/page.mustache", "<p>{{> " + name + "}}</p>");
    put(themes / "partials/note.mustache", "[{{note}}]");
    Theme theme(themes, "");
    TemplateRenderer renderer(theme);
    Diagnostics d;
    std::string html;
    CHECK_NOTHROW(html = renderer.render("templates/page", nlohmann::json::object(), d));
    CHECK(html == "<p></p>");
    REQUIRE(d.all().size() == 1);
    CHECK(format_diagnostic(d.all()[0]).find("page.mustache:1:4: error: the template uses a partial \"" + name +
                                             "\" that no theme layer has") != std::string::npos);
    fs::remove_all(themes.parent_path());
}

// Each partial including the next twice doubles the template: 27 levels made
// a 783-byte theme take more than a minute and 600 MB (30 would take 8 GB).
TEST_CASE("partials that double the template at every level are an error, found quickly") {
    fs::path themes = testing::make_temp_dir("doubling") / "themes";
    put(themes / "templates/page.mustache", "{{> p0}}");
    for (int i = 0; i < 40; ++i)
        put(themes / ("partials/p" + std::to_string(i) + ".mustache"),
            "{{> p" + std::to_string(i + 1) + "}}{{> p" + std::to_string(i + 1) + "}}");
    put(themes / "partials/p40.mustache", "<p>{{title}}</p>");
    Theme theme(themes, "");
    TemplateRenderer renderer(theme);
    Diagnostics d;
    CHECK(renderer.render("templates/page", {{"title", "A"}}, d).empty());
    REQUIRE(d.all().size() == 1);
    CHECK(format_diagnostic(d.all()[0]).find("page.mustache: error: the template is more than 1 MB with its partials written in") !=
          std::string::npos);
    fs::remove_all(themes.parent_path());
}
