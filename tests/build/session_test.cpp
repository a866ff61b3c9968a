// Build sessions (what `gazette serve` keeps between rebuilds): the record
// and parsed pages held in memory, and the site patched when the session is
// told which files changed, with output the same as a fresh build's.
#include "../site_fixture.hpp"

#include "build/record.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <sys/stat.h>

using namespace gazette;
using testing::SiteFixture;
using testing::diagnostics_text;
using testing::slurp;
namespace fs = std::filesystem;

namespace {

constexpr const char* session_site = R"(
-- site.json --
{"title": "Safer Town"}
-- content/_index.md --
---
title: Home
---
Welcome.
-- content/crime.md --
---
title: Crime
---
Robbery: {{ crime.robbery }}.
-- content/about.md --
---
title: About
---
About the partnership.
-- content/draft.md --
---
title: Not yet
draft: true
---
Unfinished.
-- data/crime.json --
{"kind": "trends", "title": "Crime", "source": "Synthetic test data", "unit": "count",
 "periods": ["2018/19", "2019/20"],
 "series": [{"key": "robbery", "label": "Robbery", "values": [10, 12]}]}
-- data/glossary.json --
{"kind": "glossary", "title": "Glossary", "source": "Synthetic test data",
 "terms": [{"abbr": "ASB", "expansion": "anti-social behaviour"}]}
)";

BuildOptions options_for(const SiteFixture& site) {
    BuildOptions options;
    options.site = site.root();
    return options;
}

using Changed = std::set<fs::path>;

// Whether the build assembled the site afresh, rather than patching it.
bool assembled(const BuildResult& result) {
    return std::any_of(result.timings.begin(), result.timings.end(), [](const auto& t) { return t.stage == "assemble"; });
}

// Every file of a folder, by path, with its bytes.
std::map<std::string, std::string> tree(const fs::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.is_regular_file()) files[entry.path().lexically_relative(dir).generic_string()] = slurp(entry.path());
    return files;
}

// What a fresh build of the site's sources makes, in a folder of its own,
// or nothing when it fails; with what it said.
std::pair<std::optional<std::map<std::string, std::string>>, std::string> fresh_build_or_failure(const SiteFixture& site) {
    SiteFixture copy("");
    for (const char* folder : {"content", "data"}) fs::remove_all(copy.root() / folder);
    for (const char* part : {"site.json", "content", "data"})
        fs::copy(site.root() / part, copy.root() / part, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    auto result = copy.build();
    if (!result.ok()) return {std::nullopt, diagnostics_text(result)};
    return {tree(copy.output_dir()), diagnostics_text(result)};
}

std::map<std::string, std::string> fresh_build(const SiteFixture& site) {
    auto [files, said] = fresh_build_or_failure(site);
    REQUIRE_MESSAGE(files.has_value(), said);
    return *files;
}

// A save as serve makes it: the file written, then the session told of it.
BuildResult save(const SiteFixture& site, BuildSession& session, const char* path, const std::string& text) {
    site.write(path, text);
    return session.build(Changed{path});
}

void check_same_files(const std::map<std::string, std::string>& got, const std::map<std::string, std::string>& want) {
    std::set<std::string> differ;
    for (const auto& [path, bytes] : want)
        if (auto it = got.find(path); it == got.end() || it->second != bytes) differ.insert(path);
    for (const auto& [path, bytes] : got)
        if (want.count(path) == 0) differ.insert(path);
    CHECK_MESSAGE(differ.empty(), "files that differ from a fresh build: " << [&] {
        std::string all;
        for (const auto& path : differ) all += " " + path;
        return all;
    }());
}

}  // namespace

TEST_CASE("a session told of a page's new text patches the site, renders that page alone, and makes what a fresh build makes") {
    SiteFixture site(session_site);
    BuildSession session(options_for(site));
    auto first = session.build();
    REQUIRE_MESSAGE(first.ok(), diagnostics_text(first));
    CHECK(assembled(first));

    site.write("content/about.md", "---\ntitle: About\n---\nAbout the partnership and its ASB work.\n");
    auto edited = session.build(Changed{"content/about.md"});
    REQUIRE_MESSAGE(edited.ok(), diagnostics_text(edited));
    CHECK_FALSE(assembled(edited));
    CHECK(edited.units_rendered == 1);
    CHECK(site.output("about/index.html").find("its <abbr") != std::string::npos);  // the glossary still applies
    check_same_files(tree(site.output_dir()), fresh_build(site));

    // Again, so the patched site itself is patched.
    site.write("content/about.md", "---\ntitle: About\n---\nAbout the partnership, a second time.\n");
    auto again = session.build(Changed{"content/about.md"});
    REQUIRE(again.ok());
    CHECK_FALSE(assembled(again));
    CHECK(site.output("about/index.html").find("a second time") != std::string::npos);
    check_same_files(tree(site.output_dir()), fresh_build(site));
}

TEST_CASE("a page edit that drops the site's only chart takes Chart.js out of a session's output, as a fresh build would") {
    SiteFixture site(session_site);
    site.write("content/crime.md", "---\ntitle: Crime\n---\nRobbery.\n\n```chart\ndataset: crime\ntype: line\ntitle: Robbery rose\n```\n");
    BuildSession session(options_for(site));
    auto first = session.build();
    REQUIRE_MESSAGE(first.ok(), diagnostics_text(first));
    const auto with_chart = tree(site.output_dir());
    const bool has_script = std::any_of(with_chart.begin(), with_chart.end(), [](const auto& f) { return f.first.find("chart") != std::string::npos && f.first.ends_with(".js"); });
    REQUIRE(has_script);

    site.write("content/crime.md", "---\ntitle: Crime\n---\nRobbery: {{ crime.robbery }}.\n");
    auto edited = session.build(Changed{"content/crime.md"});
    REQUIRE_MESSAGE(edited.ok(), diagnostics_text(edited));
    CHECK_FALSE(assembled(edited));
    CHECK(edited.units_rendered == 1);
    check_same_files(tree(site.output_dir()), fresh_build(site));

    // And back: the script returns, and a saved record leaves the next gazette build nothing to do.
    site.write("content/crime.md", "---\ntitle: Crime\n---\nRobbery.\n\n```chart\ndataset: crime\ntype: line\ntitle: Robbery rose\n```\n");
    auto back = session.build(Changed{"content/crime.md"});
    REQUIRE_MESSAGE(back.ok(), diagnostics_text(back));
    CHECK_FALSE(assembled(back));
    check_same_files(tree(site.output_dir()), with_chart);
    session.save();
    auto after = site.build();
    REQUIRE(after.ok());
    CHECK(after.units_rendered == 0);
    CHECK(after.files_written == 0);
}

TEST_CASE("a session told of a dataset's new values renders again the pages that show it, without assembling the site") {
    SiteFixture site(session_site);
    BuildSession session(options_for(site));
    REQUIRE(session.build().ok());
    site.write("data/crime.json", R"({"kind": "trends", "title": "Crime", "source": "Synthetic test data", "unit": "count",
 "periods": ["2018/19", "2019/20"], "series": [{"key": "robbery", "label": "Robbery", "values": [10, 15]}]})");
    auto edited = session.build(Changed{"data/crime.json"});
    REQUIRE_MESSAGE(edited.ok(), diagnostics_text(edited));
    CHECK_FALSE(assembled(edited));
    CHECK(edited.units_rendered == 1);
    CHECK(site.output("crime/index.html").find("Robbery: <data value=\"15\">15</data>") != std::string::npos);
    check_same_files(tree(site.output_dir()), fresh_build(site));
}

TEST_CASE("edits that change the page tree take the long way in a session, and reach every page") {
    SiteFixture site(session_site);
    BuildSession session(options_for(site));
    REQUIRE(session.build().ok());

    SUBCASE("a new title") {
        site.write("content/about.md", "---\ntitle: Who we are\n---\nAbout the partnership.\n");
        auto result = session.build(Changed{"content/about.md"});
        REQUIRE(result.ok());
        CHECK(assembled(result));
        CHECK(site.output("crime/index.html").find("Who we are") != std::string::npos);
    }
    SUBCASE("the front matter written another way, though it means the same") {
        site.write("content/about.md", "---\n# Checked by the comms team\ntitle: About\n---\nAbout the partnership.\n");
        auto result = session.build(Changed{"content/about.md"});
        REQUIRE(result.ok());
        CHECK(assembled(result));
    }
    SUBCASE("a new page") {
        site.write("content/news.md", "---\ntitle: News\n---\nNews.\n");
        auto result = session.build(Changed{"content/news.md"});
        REQUIRE(result.ok());
        CHECK(assembled(result));
        CHECK(site.output("index.html").find("News") != std::string::npos);
    }
    SUBCASE("a glossary term, which any page may abbreviate") {
        site.write("data/glossary.json", R"({"kind": "glossary", "title": "Glossary", "source": "Synthetic test data",
 "terms": [{"abbr": "ASB", "expansion": "antisocial behaviour"}, {"abbr": "Robbery", "expansion": "theft by force"}]})");
        auto result = session.build(Changed{"data/glossary.json"});
        REQUIRE(result.ok());
        CHECK(assembled(result));
        CHECK(result.units_rendered == result.units);
    }
    SUBCASE("site.json") {
        site.write("site.json", R"({"title": "Safer Town Partnership"})");
        auto result = session.build(Changed{"site.json"});
        REQUIRE(result.ok());
        CHECK(assembled(result));
        CHECK(site.output("about/index.html").find("Safer Town Partnership") != std::string::npos);
    }
    SUBCASE("files changed, but which is not known") {
        site.write("content/about.md", "---\ntitle: About\n---\nAbout us.\n");
        auto result = session.build();
        REQUIRE(result.ok());
        CHECK(assembled(result));
        CHECK(site.output("about/index.html").find("About us.") != std::string::npos);
    }
    check_same_files(tree(site.output_dir()), fresh_build(site));
}

TEST_CASE("a draft's text changes nothing in a session") {
    SiteFixture site(session_site);
    BuildSession session(options_for(site));
    REQUIRE(session.build().ok());
    site.write("content/draft.md", "---\ntitle: Not yet\ndraft: true\n---\nStill unfinished.\n");
    auto result = session.build(Changed{"content/draft.md"});
    REQUIRE(result.ok());
    CHECK_FALSE(assembled(result));
    CHECK(result.units_rendered == 0);
    CHECK(result.files_written == 0);
}

TEST_CASE("a broken edit in a session fails, leaves the output as it was, and the next good save renders only what it changes") {
    SiteFixture site(session_site);
    BuildSession session(options_for(site));
    REQUIRE(session.build().ok());
    const auto before = tree(site.output_dir());

    site.write("content/crime.md", "---\ntitle: Crime\n---\nRobbery: {{ crime.burglary }}.\n");
    auto broken = session.build(Changed{"content/crime.md"});
    CHECK_FALSE(broken.ok());
    CHECK(diagnostics_text(broken).find("content/crime.md:4") != std::string::npos);
    CHECK(tree(site.output_dir()) == before);

    site.write("content/crime.md", "---\ntitle: Crime\n---\nRobbery, counted: {{ crime.robbery }}.\n");
    auto mended = session.build(Changed{"content/crime.md"});
    REQUIRE_MESSAGE(mended.ok(), diagnostics_text(mended));
    CHECK(mended.units_rendered == 1);
    CHECK(site.output("crime/index.html").find("Robbery, counted") != std::string::npos);
    check_same_files(tree(site.output_dir()), fresh_build(site));
}

TEST_CASE("links checked by a session, edit after edit, break and mend as a fresh build says") {
    SiteFixture site(session_site);
    auto about = [](const std::string& body) { return "---\ntitle: About\n---\n" + body + "\n"; };
    auto crime = [](const std::string& link) { return "---\ntitle: Crime\n---\nRobbery: {{ crime.robbery }}. [Who we are](" + link + ").\n"; };
    site.write("content/about.md", about("## Members\n\nAbout the partnership. See [crime](/crime/)."));
    site.write("content/crime.md", crime("/about/#members"));
    BuildSession session(options_for(site));
    auto first = session.build();
    REQUIRE_MESSAGE(first.ok(), diagnostics_text(first));
    auto save = [&](const char* path, const std::string& text) { return ::save(site, session, path, text); };
    auto fails_naming = [](const BuildResult& result, const std::string& text) {
        CHECK_FALSE(result.ok());
        CHECK_MESSAGE(diagnostics_text(result).find(text) != std::string::npos, diagnostics_text(result));
    };

    // A link on the page edited, to a page that is not there; then mended.
    fails_naming(save("content/about.md", about("## Members\n\nAbout the partnership. See [crime](/crimes/).")), "/crimes/");
    REQUIRE(save("content/about.md", about("## Members\n\nAbout the partnership. See [crime](/crime/).")).ok());
    auto patched = save("content/about.md", about("## Members\n\nAbout the partnership, again. See [crime](/crime/)."));
    REQUIRE_MESSAGE(patched.ok(), diagnostics_text(patched));
    CHECK_FALSE(assembled(patched));

    // The heading another page links to, gone: that page's link breaks.
    auto no_anchor = save("content/about.md", about("About the partnership. See [crime](/crime/)."));
    fails_naming(no_anchor, "#members");
    fails_naming(no_anchor, "content/crime.md");

    // The link mended where it is written; then to a heading that comes, and one that does not.
    REQUIRE(save("content/crime.md", crime("/about/")).ok());
    REQUIRE(save("content/about.md", about("## Our work\n\nAbout the partnership. See [crime](/crime/).")).ok());
    auto linked = save("content/crime.md", crime("/about/#our-work"));
    CHECK_MESSAGE(linked.ok(), diagnostics_text(linked));
    CHECK_FALSE(assembled(linked));
    CHECK(linked.units_rendered == 1);
    fails_naming(save("content/crime.md", crime("/about/#our-aims")), "#our-aims");
    REQUIRE(save("content/crime.md", crime("/about/#our-work")).ok());
    check_same_files(tree(site.output_dir()), fresh_build(site));
}

TEST_CASE("a broken edit in a session leaves its new site beside the output as the spare, and the next saves build on it") {
    SiteFixture site(session_site);
    BuildSession session(options_for(site));
    REQUIRE(session.build().ok());
    site.write("content/about.md", "---\ntitle: About\n---\nAbout the partnership and its members.\n");
    REQUIRE(session.build(Changed{"content/about.md"}).ok());  // a swap: the old site is the spare now
    const fs::path spare = site.root() / ".site-output.new";
    REQUIRE(fs::is_directory(spare));
    const auto before = tree(site.output_dir());

    auto broken = save(site, session, "content/crime.md", "---\ntitle: Crime\n---\nRobbery: {{ crime.burglary }}.\n");
    CHECK_FALSE(broken.ok());
    CHECK(tree(site.output_dir()) == before);
    // Kept, not dropped: the spare is the whole site, with the failed build's
    // files in it (the page, and a search chunk under a new name).
    REQUIRE(fs::is_directory(spare));
    const auto kept = tree(spare);
    std::string missing, extra;
    for (const auto& [path, bytes] : before)
        if (kept.count(path) == 0) missing += " " + path;
    for (const auto& [path, bytes] : kept)
        if (before.count(path) == 0 && path.rfind("search-index/", 0) != 0) extra += " " + path;
    CHECK_MESSAGE(missing.empty(), "not in the spare:" << missing);
    CHECK_MESSAGE(extra.empty(), "only in the spare:" << extra);
    CHECK(kept.at("crime/index.html") != before.at("crime/index.html"));

    // Another page saved, the broken one left: still reported, and nothing swapped in.
    auto still = save(site, session, "content/about.md", "---\ntitle: About\n---\nAbout the partnership, and its members.\n");
    CHECK_FALSE(still.ok());
    CHECK(diagnostics_text(still).find("content/crime.md:4") != std::string::npos);
    CHECK(tree(site.output_dir()) == before);

    auto mended = save(site, session, "content/crime.md", "---\ntitle: Crime\n---\nRobbery, counted: {{ crime.robbery }}.\n");
    REQUIRE_MESSAGE(mended.ok(), diagnostics_text(mended));
    CHECK_FALSE(assembled(mended));
    CHECK(mended.units_rendered == 2);  // crime, and about's text saved while crime was broken
    check_same_files(tree(site.output_dir()), fresh_build(site));

    session.save();
    auto after = site.build();
    REQUIRE(after.ok());
    CHECK(after.units_rendered == 0);
    CHECK(after.files_written == 0);
    check_same_files(tree(site.output_dir()), fresh_build(site));
}

TEST_CASE("a site whose loading warns is still patched in a session, and warns as a fresh build does") {
    SiteFixture site(session_site);
    site.write("data/notes.txt", "Not a dataset.\n");
    BuildSession session(options_for(site));
    auto first = session.build();
    REQUIRE_MESSAGE(first.ok(), diagnostics_text(first));
    REQUIRE(diagnostics_text(first).find("data/notes.txt") != std::string::npos);

    site.write("content/about.md", "---\ntitle: About\n---\nAbout the partnership and its members.\n");
    auto page = session.build(Changed{"content/about.md"});
    REQUIRE_MESSAGE(page.ok(), diagnostics_text(page));
    CHECK_FALSE(assembled(page));
    CHECK(page.units_rendered == 1);
    CHECK(diagnostics_text(page) == diagnostics_text(first));
    check_same_files(tree(site.output_dir()), fresh_build(site));

    site.write("data/crime.json", R"({"kind": "trends", "title": "Crime", "source": "Synthetic test data", "unit": "count",
 "periods": ["2018/19", "2019/20"], "series": [{"key": "robbery", "label": "Robbery", "values": [10, 15]}]})");
    auto data = session.build(Changed{"data/crime.json"});
    REQUIRE_MESSAGE(data.ok(), diagnostics_text(data));
    CHECK_FALSE(assembled(data));
    CHECK(diagnostics_text(data) == diagnostics_text(first));  // once, not twice

    // The stray file gone, so is the warning.
    fs::remove(site.root() / "data/notes.txt");
    auto gone = session.build(Changed{"data/notes.txt"});
    REQUIRE_MESSAGE(gone.ok(), diagnostics_text(gone));
    CHECK_FALSE(assembled(gone));
    CHECK(gone.diagnostics.all().empty());
    site.write("content/about.md", "---\ntitle: About\n---\nAbout the partnership, and its members.\n");
    auto quiet = session.build(Changed{"content/about.md"});
    REQUIRE(quiet.ok());
    CHECK(quiet.diagnostics.all().empty());
    check_same_files(tree(site.output_dir()), fresh_build(site));
}

TEST_CASE("a session's record reaches .gazette-cache/ on save, so the next gazette build has nothing to do") {
    SiteFixture site(session_site);
    {
        BuildSession session(options_for(site));
        REQUIRE(session.build().ok());
        site.write("content/about.md", "---\ntitle: About\n---\nAbout the partnership and its members.\n");
        REQUIRE(session.build(Changed{"content/about.md"}).ok());
        CHECK(session.unsaved());
        session.save();
        CHECK_FALSE(session.unsaved());
    }
    auto next = site.build();
    REQUIRE(next.ok());
    CHECK(next.units_rendered == 0);
    CHECK(next.files_written == 0);
    CHECK(site.output("about/index.html").find("its members") != std::string::npos);
}

TEST_CASE("a gazette build after a session that never saved (killed) finds the older record, renders more, and is right") {
    SiteFixture site(session_site);
    REQUIRE(site.build().ok());  // the record on disk
    BuildSession session(options_for(site));
    REQUIRE(session.build().ok());
    site.write("content/about.md", "---\ntitle: About\n---\nAbout the partnership and its members.\n");
    REQUIRE(session.build(Changed{"content/about.md"}).ok());
    site.write("content/crime.md", "---\ntitle: Crime\n---\nRobberies: {{ crime.robbery }}.\n");
    REQUIRE(session.build(Changed{"content/crime.md"}).ok());

    auto next = site.build();  // the session's record is still in memory only
    REQUIRE_MESSAGE(next.ok(), diagnostics_text(next));
    CHECK(next.units_rendered >= 2);
    check_same_files(tree(site.output_dir()), fresh_build(site));
}

TEST_CASE("after a broken edit, a session's next build still finds it, whichever file it was told of") {
    SiteFixture site(session_site);
    BuildSession session(options_for(site));
    REQUIRE(session.build().ok());
    site.write("content/crime.md", "---\ntitle: Crime\n---\nRobbery: {{ crime.burglary }}.\n");
    REQUIRE_FALSE(session.build(Changed{"content/crime.md"}).ok());

    // Another page edited, the broken one left as it is: the build must not take crime's page as done.
    site.write("content/about.md", "---\ntitle: About\n---\nAbout the partnership and its members.\n");
    auto again = session.build(Changed{"content/about.md"});
    CHECK_FALSE(again.ok());
    CHECK(diagnostics_text(again).find("content/crime.md:4") != std::string::npos);
}

TEST_CASE("a session's saved record knows the output's folders as they are, so the next gazette build mirrors none") {
    SiteFixture site(session_site);
    REQUIRE(site.build().ok());
    site.write("content/about.md", "---\ntitle: About\n---\nA first edit.\n");
    REQUIRE(site.build().ok());  // now the spare beside the output is in use
    {
        BuildSession session(options_for(site));
        REQUIRE(session.build().ok());
        for (const char* text : {"A second edit.", "A third edit.", "A fourth edit."}) {
            site.write("content/about.md", std::string("---\ntitle: About\n---\n") + text + "\n");
            REQUIRE(session.build(Changed{"content/about.md"}).ok());
        }
    }
    const std::string output = fs::weakly_canonical(fs::absolute(site.output_dir())).string();
    BuildRecord record = load_record(site.root() / ".gazette-cache" / "build.record", 0, output);
    REQUIRE(record.spare.generation != 0);
    REQUIRE_FALSE(record.spare.folders.empty());
    std::set<std::string> wrong;
    for (const auto& [folder, time] : record.spare.folders) {
        struct stat info {};
        REQUIRE(::lstat((site.output_dir() / folder).c_str(), &info) == 0);
        if (info.st_mtim.tv_sec * 1'000'000'000LL + info.st_mtim.tv_nsec != time) wrong.insert(folder);
    }
    CHECK_MESSAGE(wrong.empty(), "folders whose time the record has wrong: " << wrong.size());
    for (const auto& entry : fs::recursive_directory_iterator(site.output_dir()))
        if (entry.is_directory()) CHECK(record.spare.folders.count(entry.path().lexically_relative(site.output_dir()).generic_string()) == 1);
}

TEST_CASE("a file an editor makes and deletes at once beside a page it saves leaves the session on the short way") {
    SiteFixture site(session_site);
    BuildSession session(options_for(site));
    REQUIRE(session.build().ok());
    site.write("content/4913", "");  // vim checks it may write the folder so
    fs::remove(site.root() / "content" / "4913");
    site.write("content/about.md", "---\ntitle: About\n---\nSaved from vim.\n");
    auto result = session.build(Changed{"content/4913", "content/about.md"});
    REQUIRE(result.ok());
    CHECK_FALSE(assembled(result));
    CHECK(site.output("about/index.html").find("Saved from vim.") != std::string::npos);

    // A file the site published, deleted, is a change to the site.
    site.write("content/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"></svg>");
    REQUIRE(session.build().ok());
    REQUIRE(site.has_output("logo.svg"));
    fs::remove(site.root() / "content" / "logo.svg");
    auto removed = session.build(Changed{"content/logo.svg"});
    REQUIRE(removed.ok());
    CHECK(assembled(removed));
    CHECK_FALSE(site.has_output("logo.svg"));
}

TEST_CASE("files put into the output by hand before a session stay through its builds") {
    SiteFixture site(session_site);
    REQUIRE(site.build().ok());
    site.write("content/about.md", "---\ntitle: About\n---\nA first edit.\n");
    REQUIRE(site.build().ok());  // the spare beside the output is in use
    site.write("site-output/CNAME", "reports.example.org\n");
    BuildSession session(options_for(site));
    REQUIRE(session.build().ok());
    for (const char* text : {"A second edit.", "A third edit.", "A fourth edit."}) {
        site.write("content/about.md", std::string("---\ntitle: About\n---\n") + text + "\n");
        REQUIRE(session.build(Changed{"content/about.md"}).ok());
        CHECK(site.has_output("CNAME"));
    }
}

// A long run of saves of every kind the short way takes and some it does
// not, in an order drawn from a fixed seed: after each one the session's
// output is what a fresh build of the same sources makes, and it says the
// same; after a save a fresh build refuses, the output is as it was.
TEST_CASE("a session's output follows a fresh build's through a long run of mixed saves") {
    SiteFixture site(session_site);
    site.write("content/about.md", "---\ntitle: About\n---\n## Members\n\nAbout the partnership.\n");
    BuildSession session(options_for(site));
    auto first = session.build();
    REQUIRE_MESSAGE(first.ok(), diagnostics_text(first));
    std::map<std::string, std::string> last_good = tree(site.output_dir());

    std::uint32_t seed = 20261202;
    auto next = [&](std::uint32_t n) {
        seed = seed * 1664525U + 1013904223U;
        return (seed >> 8) % n;
    };
    const char* pages[] = {"content/crime.md", "content/about.md", "content/_index.md"};
    const char* titles[] = {"Crime", "About", "Home"};
    int patched = 0;
    for (int step = 0; step < 60; ++step) {
        const std::size_t p = next(3);
        const std::string head = std::string("---\ntitle: ") + titles[p] + "\n---\n";
        std::string path = pages[p];
        std::string what;
        switch (next(8)) {
            case 0:  // new text
                what = "text";
                site.write(path, head + "Step " + std::to_string(step) + ": robbery was {{ crime.robbery }}.\n");
                break;
            case 1:  // a mistake: a figure from no dataset
                what = "mistake";
                site.write(path, head + "Step " + std::to_string(step) + ": {{ burglary.total }}.\n");
                break;
            case 2:  // a link to a heading of About's, there or not
                what = "link";
                site.write(path, head + "See [members](/about/#members), step " + std::to_string(step) + ".\n");
                break;
            case 3:  // About's heading, in or out
                what = "heading";
                path = "content/about.md";
                site.write(path, next(2) ? "---\ntitle: About\n---\n## Members\n\nStep " + std::to_string(step) + ".\n"
                                         : "---\ntitle: About\n---\nNo heading, step " + std::to_string(step) + ".\n");
                break;
            case 4:  // the dataset's values
                what = "dataset";
                path = "data/crime.json";
                site.write(path, R"({"kind": "trends", "title": "Crime", "source": "Synthetic test data", "unit": "count",
 "periods": ["2018/19", "2019/20"], "series": [{"key": "robbery", "label": "Robbery", "values": [10, )" +
                                     std::to_string(step) + "]}]}");
                break;
            case 5:  // a stray file in data/, in or out
                what = "stray";
                path = "data/notes.txt";
                if (fs::exists(site.root() / path)) fs::remove(site.root() / path);
                else site.write(path, "Not a dataset.\n");
                break;
            case 6:  // a new title: the long way
                what = "title";
                site.write(path, std::string("---\ntitle: ") + titles[p] + " (" + std::to_string(step) + ")\n---\nRetitled.\n");
                titles[p] = p == 0 ? "Crime" : p == 1 ? "About" : "Home";  // the next save of it goes back
                break;
            default:  // two pages at once
                what = "two pages";
                site.write("content/crime.md", "---\ntitle: Crime\n---\nRobbery: {{ crime.robbery }}, step " + std::to_string(step) + ".\n");
                site.write("content/_index.md", "---\ntitle: Home\n---\nWelcome, step " + std::to_string(step) + ".\n");
                path = "content/crime.md";
                break;
        }
        Changed changed{path};
        if (what == "two pages") changed.insert("content/_index.md");
        auto result = session.build(changed);
        if (!assembled(result)) ++patched;
        auto [want, said] = fresh_build_or_failure(site);
        INFO("step " << step << ": " << what << " (" << path << ")");
        if (!want) {
            CHECK_FALSE(result.ok());
            CHECK(diagnostics_text(result) == said);
            CHECK(tree(site.output_dir()) == last_good);
            continue;
        }
        REQUIRE_MESSAGE(result.ok(), diagnostics_text(result));
        CHECK(diagnostics_text(result) == said);
        last_good = tree(site.output_dir());
        check_same_files(last_good, *want);
    }
    CHECK(patched > 20);  // most saves took the short way

    // Every page good again, and the session's record saved: the next gazette build has nothing to do.
    site.write("content/crime.md", "---\ntitle: Crime\n---\nRobbery: {{ crime.robbery }}.\n");
    site.write("content/about.md", "---\ntitle: About\n---\n## Members\n\nAbout the partnership.\n");
    site.write("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n");
    auto mended = session.build(Changed{"content/crime.md", "content/about.md", "content/_index.md"});
    REQUIRE_MESSAGE(mended.ok(), diagnostics_text(mended));
    check_same_files(tree(site.output_dir()), fresh_build(site));
    session.save();
    auto after = site.build();
    REQUIRE_MESSAGE(after.ok(), diagnostics_text(after));
    CHECK(after.units_rendered == 0);
    CHECK(after.files_written == 0);
}
