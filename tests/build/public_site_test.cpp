// The rest of a public site: sitemap.xml, robots.txt, the Atom feed, the 404
// page, canonical and sharing metadata, the favicon, and a site that lives
// under a sub-path of its host.
#include "../site_fixture.hpp"
#include "render/render.hpp"

#include <doctest/doctest.h>

#include <sstream>

#include <cstdio>
#include <regex>
#include <sys/wait.h>

using namespace gazette;
using testing::SiteFixture;
using testing::diagnostics_text;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& haystack, std::string_view needle) { return haystack.find(needle) != std::string::npos; }

std::size_t position(const std::string& haystack, std::string_view needle) {
    auto at = haystack.find(needle);
    INFO("looking for: " << needle);
    REQUIRE(at != std::string::npos);
    return at;
}

std::size_t count(const std::string& haystack, std::string_view needle) {
    std::size_t n = 0;
    for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
    return n;
}

struct Run {
    int exit_code = -1;
    std::string output;
};

Run run(const std::string& command) {
    Run result;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) result.output.append(buffer, n);
    int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

// A strict XML parse (libxml2's xmllint) and validation against a RELAX NG
// schema written from the format's specification.
void check_valid(const fs::path& file, const std::string& schema) {
    auto result = run("xmllint --noout --relaxng '" + std::string(GAZETTE_SOURCE_DIR) + "/tests/build/schemas/" + schema +
                      "' '" + file.string() + "'");
    INFO(result.output);
    CHECK(result.exit_code == 0);
}

constexpr const char* public_site = R"(
-- site.json --
{"title": "Safer Town & District", "organisation": "Safer Town Partnership", "language": "en-GB",
 "description": "Reports of the Safer Town Partnership.",
 "base_url": "https://reports.example.org/",
 "favicon": "favicon.svg",
 "image": {"src": "images/share.png", "alt": "The Safer Town Partnership's crest"}}
-- static/favicon.svg --
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16"/></svg>
-- static/images/share.png --
not really a PNG
-- content/_index.md --
---
title: Community safety reports
---
Welcome.
-- content/about.md --
---
title: About "this" site
---
About.
-- content/reports/_index.md --
---
title: Reports
summary: All reports.
---
-- content/reports/older.md --
---
title: Older report
date: 2018-05
summary: Crime & disorder in <2018>.
committee: Scrutiny Panel
---
Old.
-- content/reports/undated.md --
---
title: Undated briefing
---
No date.
-- content/reports/met.md --
---
title: Met report
meeting_date: 2019-03-01
purpose: To brief the board.
---
Met.
-- content/reports/draft.md --
---
title: Draft report
date: 2021-01-01
draft: true
---
Draft.
-- content/reports/annual/index.md --
---
title: Annual report
date: 2020-10-22
summary: What the partnership did this year.
committee: Overview and Scrutiny
image:
  src: reports/annual/cover.png
  alt: Volunteers at a street meeting
---
Annual.
-- content/reports/annual/cover.png --
not really a PNG
-- content/reports/annual/context.md --
---
title: Context
weight: 10
---
Context.
)";

BuildOptions with_drafts() {
    BuildOptions options;
    options.include_drafts = true;  // a preview build: drafts are pages, yet not for search engines or feeds
    return options;
}

}  // namespace

TEST_CASE("sitemap.xml lists every published page by its absolute address, with its date") {
    SiteFixture site(public_site);
    auto result = site.build(with_drafts());
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    auto sitemap = site.output("sitemap.xml");
    for (const char* url : {"https://reports.example.org/", "https://reports.example.org/about/",
                            "https://reports.example.org/reports/", "https://reports.example.org/reports/older/",
                            "https://reports.example.org/reports/undated/", "https://reports.example.org/reports/met/",
                            "https://reports.example.org/reports/annual/", "https://reports.example.org/reports/annual/context/",
                            "https://reports.example.org/accessibility/", "https://reports.example.org/search/",
                            "https://reports.example.org/sitemap/"})
        CHECK(contains(sitemap, std::string("<loc>") + url + "</loc>"));
    CHECK(count(sitemap, "<url>") == 11);
    CHECK_FALSE(contains(sitemap, "draft"));
    CHECK_FALSE(contains(sitemap, "print.html"));
    CHECK_FALSE(contains(sitemap, "404"));
    CHECK(contains(sitemap, "<loc>https://reports.example.org/reports/annual/</loc>\n    <lastmod>2020-10-22</lastmod>"));
    CHECK(contains(sitemap, "<loc>https://reports.example.org/reports/older/</loc>\n    <lastmod>2018-05</lastmod>"));
    CHECK(contains(sitemap, "<loc>https://reports.example.org/reports/undated/</loc>\n  </url>"));
    check_valid(site.output_dir() / "sitemap.xml", "sitemap.rng");
}

TEST_CASE("robots.txt allows every page, and names the sitemap when base_url has a host") {
    SiteFixture absolute(public_site);
    REQUIRE(absolute.build().ok());
    CHECK(absolute.output("robots.txt") == "User-agent: *\nAllow: /\n\nSitemap: https://reports.example.org/sitemap.xml\n");

    SiteFixture relative(R"(
-- site.json --
{"title": "Safer Town", "base_url": "/"}
-- content/reports/a.md --
---
title: A
date: 2020-01-01
---
A.
)");
    auto result = relative.build();
    REQUIRE(result.ok());
    CHECK(relative.output("robots.txt") == "User-agent: *\nAllow: /\n");
    // Without a host there are no absolute addresses to give: no sitemap, no
    // feed, and no warning, as "/" is the default for a site not yet published.
    CHECK(result.diagnostics.all().empty());
    CHECK_FALSE(relative.has_output("sitemap.xml"));
    CHECK_FALSE(relative.has_output("feed.xml"));
    CHECK_FALSE(contains(relative.output("index.html"), "application/atom+xml"));
    CHECK_FALSE(contains(relative.output("index.html"), "rel=\"canonical\""));
    CHECK_FALSE(contains(relative.output("index.html"), "og:url"));
}

TEST_CASE("a site's own static/robots.txt is published instead of Gazette's") {
    SiteFixture site(R"(
-- site.json --
{"title": "Safer Town", "base_url": "https://reports.example.org/"}
-- static/robots.txt --
User-agent: *
Disallow: /private/
-- content/_index.md --
---
title: Safer Town
---
Welcome.
)");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    CHECK(site.output("robots.txt") == "User-agent: *\nDisallow: /private/\n");
}

TEST_CASE("every build writes the security headers for Netlify and Cloudflare Pages (_headers) and for nginx") {
    SiteFixture site("-- content/about.md --\n---\ntitle: About\n---\nText.\n");
    REQUIRE(site.build().ok());
    const std::string policy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";
    const std::string netlify = site.output("_headers");
    CHECK(contains(netlify, "\n/*\n  Content-Security-Policy: " + policy + "\n  X-Content-Type-Options: nosniff\n"));
    for (const char* header : {"X-Frame-Options: SAMEORIGIN", "Referrer-Policy: strict-origin-when-cross-origin",
                               "Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=()"})
        CHECK(contains(netlify, std::string("\n  ") + header + "\n"));
    const std::string nginx = site.output("gazette-headers.conf");
    CHECK(contains(nginx, "\nadd_header Content-Security-Policy \"" + policy + "\" always;\n"));
    CHECK(contains(nginx, "\nadd_header X-Content-Type-Options \"nosniff\" always;\n"));
    // Every line is a comment or an add_header directive, so nginx can include it as it is.
    std::istringstream lines(nginx);
    for (std::string line; std::getline(lines, line);) {
        CAPTURE(line);
        CHECK((line.rfind("# ", 0) == 0 || line == "#" || (line.rfind("add_header ", 0) == 0 && line.back() == ';')));
    }
    // A site's own file takes the place of Gazette's.
    site.write("static/_headers", "/*\n  X-Robots-Tag: noindex\n");
    REQUIRE(site.build().ok());
    CHECK(site.output("_headers") == "/*\n  X-Robots-Tag: noindex\n");
}

TEST_CASE("the Atom feed carries the dated reports, newest first") {
    SiteFixture site(public_site);
    auto result = site.build(with_drafts());
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    auto feed = site.output("feed.xml");
    CHECK(contains(feed, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en-GB\">"));
    CHECK(contains(feed, "<title>Safer Town &amp; District</title>"));
    CHECK(contains(feed, "<subtitle>Reports of the Safer Town Partnership.</subtitle>"));
    CHECK(contains(feed, "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://reports.example.org/feed.xml\"/>"));
    CHECK(contains(feed, "<id>https://reports.example.org/feed.xml</id>"));
    CHECK(contains(feed, "<updated>2020-10-22T00:00:00Z</updated>\n  <author>"));  // the newest report's date
    CHECK(contains(feed, "<author><name>Safer Town Partnership</name></author>"));
    CHECK(contains(feed, "<icon>https://reports.example.org/favicon.svg</icon>"));

    // Newest first; a report with only a meeting date is dated by it.
    CHECK(position(feed, "<title>Annual report</title>") < position(feed, "<title>Met report</title>"));
    CHECK(position(feed, "<title>Met report</title>") < position(feed, "<title>Older report</title>"));
    CHECK(count(feed, "<entry>") == 3);
    CHECK_FALSE(contains(feed, "Undated briefing"));  // an entry must have a date
    CHECK_FALSE(contains(feed, "Draft report"));
    CHECK_FALSE(contains(feed, "Context"));  // a report's further pages are part of its entry

    CHECK(contains(feed, R"(  <entry>
    <title>Annual report</title>
    <link rel="alternate" type="text/html" href="https://reports.example.org/reports/annual/"/>
    <id>https://reports.example.org/reports/annual/</id>
    <updated>2020-10-22T00:00:00Z</updated>
    <summary>What the partnership did this year.</summary>
    <category term="Overview and Scrutiny"/>
  </entry>)"));
    CHECK(contains(feed, "<updated>2018-05-01T00:00:00Z</updated>\n    <summary>Crime &amp; disorder in &lt;2018&gt;.</summary>"));
    CHECK(contains(feed, "<updated>2019-03-01T00:00:00Z</updated>\n    <summary>To brief the board.</summary>"));  // its purpose
    check_valid(site.output_dir() / "feed.xml", "atom.rng");
}

TEST_CASE("every page's head links the feed") {
    SiteFixture site(public_site);
    REQUIRE(site.build().ok());
    const std::string link = "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Safer Town &amp; District\" href=\"";
    CHECK(contains(site.output("index.html"), link + "./feed.xml\">"));
    CHECK(contains(site.output("reports/annual/context/index.html"), link + "../../../feed.xml\">"));
    CHECK(contains(site.output("reports/annual/print.html"), link + "../../feed.xml\">"));
    CHECK(contains(site.output("accessibility/index.html"), link + "../feed.xml\">"));
    CHECK(contains(site.output("404.html"), link + "/feed.xml\">"));
}

TEST_CASE("a site with no dated report has no feed") {
    SiteFixture site(R"(
-- site.json --
{"title": "Safer Town", "base_url": "https://reports.example.org/"}
-- content/about.md --
---
title: About
---
About.
)");
    REQUIRE(site.build().ok());
    CHECK_FALSE(site.has_output("feed.xml"));
    CHECK_FALSE(contains(site.output("about/index.html"), "application/atom+xml"));
    CHECK(site.has_output("sitemap.xml"));
}

TEST_CASE("the 404 page has the site's header and footer, and links that work from any address") {
    SiteFixture site(R"(
-- site.json --
{"title": "Safer Town", "logo": {"src": "crest.svg", "alt": "Safer Town crest"},
 "footer": {"links": [{"title": "All reports", "url": "/reports/"}, {"title": "Council", "url": "https://council.example.org/"}]}}
-- static/crest.svg --
<svg xmlns="http://www.w3.org/2000/svg"/>
-- content/reports/a.md --
---
title: A
---
A.
)");
    REQUIRE(site.build().ok());
    auto page = site.output("404.html");
    CHECK(contains(page, "<title>Page not found – Safer Town</title>"));
    CHECK(contains(page, "<meta name=\"robots\" content=\"noindex\">"));
    CHECK(contains(page, "<h1>Page not found</h1>"));
    CHECK(contains(page, "<a href=\"/\">Go to the home page</a>"));
    CHECK(contains(page, "<a href=\"/sitemap/\">See every page in the site map</a>"));
    // Everything it loads or links to starts from the site's root, not the page.
    CHECK(contains(page, "<link rel=\"stylesheet\" href=\"/assets/gazette.css\">"));
    CHECK(contains(page, "<img class=\"site-header__logo\" src=\"/crest.svg\" alt=\"Safer Town crest\">"));
    CHECK(contains(page, "<a href=\"/reports/\">Reports</a>"));             // navigation
    CHECK(contains(page, "<a href=\"/accessibility/\">Accessibility statement</a>"));  // footer
    CHECK(contains(page, "<a href=\"/reports/\">All reports</a>"));
    CHECK(contains(page, "<a href=\"https://council.example.org/\">Council</a>"));
    CHECK_FALSE(contains(page, "href=\"./"));
    CHECK_FALSE(contains(page, "href=\"../"));
    CHECK_FALSE(contains(page, "aria-current"));  // it is none of the site's pages
    CHECK_FALSE(contains(page, "rel=\"canonical\""));
}

TEST_CASE("a theme's templates/404.mustache replaces the 404 page") {
    SiteFixture site(R"(
-- themes/templates/404.mustache --
{{> head}}<body><main id="main"><h1>Lost?</h1><a href="{{root}}">Home</a></main></body></html>
-- content/_index.md --
---
title: Safer Town
---
Welcome.
)");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    CHECK(contains(site.output("404.html"), "<h1>Lost?</h1><a href=\"/\">Home</a>"));
}

TEST_CASE("pages carry canonical, Open Graph and Twitter card metadata, escaped") {
    SiteFixture site(public_site);
    REQUIRE(site.build().ok());
    auto report = site.output("reports/annual/index.html");
    CHECK(contains(report, R"(<meta name="description" content="What the partnership did this year.">
<link rel="canonical" href="https://reports.example.org/reports/annual/">
<link rel="icon" href="../../favicon.svg" type="image/svg+xml">
<link rel="alternate" type="application/atom+xml" title="Safer Town &amp; District" href="../../feed.xml">
<meta property="og:type" content="article">
<meta property="og:title" content="Annual report">
<meta property="og:description" content="What the partnership did this year.">
<meta property="og:url" content="https://reports.example.org/reports/annual/">
<meta property="og:site_name" content="Safer Town &amp; District">
<meta property="og:locale" content="en_GB">
<meta property="og:image" content="https://reports.example.org/reports/annual/cover.png">
<meta property="og:image:alt" content="Volunteers at a street meeting">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:image:alt" content="Volunteers at a street meeting">
)"));
    // A report's further page is an article too; with no image of its own it has the site's.
    auto context = site.output("reports/annual/context/index.html");
    CHECK(contains(context, "<meta property=\"og:type\" content=\"article\">"));
    CHECK(contains(context, "<meta property=\"og:image\" content=\"https://reports.example.org/images/share.png\">"));
    CHECK(contains(context, "<meta property=\"og:image:alt\" content=\"The Safer Town Partnership&apos;s crest\">"));
    // Without a summary, the site's description; quotes escaped in attributes.
    auto about = site.output("about/index.html");
    CHECK(contains(about, "<meta property=\"og:type\" content=\"website\">"));
    CHECK(contains(about, "<meta property=\"og:title\" content=\"About &quot;this&quot; site\">"));
    CHECK(contains(about, "<meta name=\"description\" content=\"Reports of the Safer Town Partnership.\">"));
    CHECK(contains(about, "<meta property=\"og:description\" content=\"Reports of the Safer Town Partnership.\">"));
    auto older = site.output("reports/older/index.html");
    CHECK(contains(older, "<meta property=\"og:description\" content=\"Crime &amp; disorder in &lt;2018&gt;.\">"));
    // The home page is shared under the site's name.
    CHECK(contains(site.output("index.html"), "<meta property=\"og:title\" content=\"Safer Town &amp; District\">"));
}

TEST_CASE("a page shared without an image gets a summary card; without a host, no og:url or og:image") {
    SiteFixture site(R"(
-- site.json --
{"title": "Safer Town", "language": "cy", "base_url": "/", "image": {"src": "share.png", "alt": "Crest"}}
-- static/share.png --
x
-- content/about.md --
---
title: About
---
About.
)");
    REQUIRE(site.build().ok());
    auto about = site.output("about/index.html");
    CHECK(contains(about, "<meta property=\"og:title\" content=\"About\">"));
    CHECK(contains(about, "<meta property=\"og:locale\" content=\"cy\">"));
    CHECK(contains(about, "<meta name=\"twitter:card\" content=\"summary\">"));
    CHECK_FALSE(contains(about, "og:url"));
    CHECK_FALSE(contains(about, "og:image"));  // Open Graph readers need an absolute address
    CHECK_FALSE(contains(about, "<meta name=\"description\""));  // nothing to say
}

TEST_CASE("the favicon from site.json is linked from every page") {
    SiteFixture site(R"(
-- site.json --
{"title": "Safer Town", "favicon": "icons/favicon.png"}
-- static/icons/favicon.png --
x
-- content/reports/a.md --
---
title: A
---
A.
)");
    REQUIRE(site.build().ok());
    CHECK(site.has_output("icons/favicon.png"));
    CHECK(contains(site.output("index.html"), "<link rel=\"icon\" href=\"./icons/favicon.png\" type=\"image/png\">"));
    CHECK(contains(site.output("reports/a/index.html"), "<link rel=\"icon\" href=\"../../icons/favicon.png\" type=\"image/png\">"));
    CHECK(contains(site.output("404.html"), "<link rel=\"icon\" href=\"/icons/favicon.png\" type=\"image/png\">"));
}

TEST_CASE("a favicon or share image that is not published is an error at its key") {
    SiteFixture site(R"(
-- site.json --
{"title": "Safer Town",
 "favicon": "favicon.svg",
 "image": {"src": "share.png", "alt": "Crest"}}
-- content/about.md --
---
title: About
image:
  src: about/photo.jpg
  alt: The team
---
About.
)");
    auto result = site.build();
    CHECK_FALSE(result.ok());
    CHECK(diagnostics_text(result) ==
          "content/about.md:4:8: error: the image \"about/photo.jpg\" is not a file the site publishes\n"
          "  hint: put it at static/about/photo.jpg\n"
          "site.json:2:13: error: the favicon \"favicon.svg\" is not a file the site publishes\n"
          "  hint: put it at static/favicon.svg\n"
          "site.json:3:19: error: the image \"share.png\" is not a file the site publishes\n"
          "  hint: put it at static/share.png\n");
}

TEST_CASE("a favicon must be an image, and a share image needs its text alternative") {
    SiteFixture site(R"(
-- site.json --
{"title": "Safer Town", "favicon": "favicon.txt", "image": {"src": "share.png"}}
-- static/favicon.txt --
x
-- static/share.png --
x
-- content/_index.md --
---
title: Safer Town
---
Welcome.
)");
    auto result = site.build();
    CHECK_FALSE(result.ok());
    auto text = diagnostics_text(result);
    INFO(text);
    CHECK(contains(text, "site.json:1:36: error: \"favicon\" must be an image (.svg, .png, .ico, .gif, .jpg or .webp), got \"favicon.txt\""));
    CHECK(contains(text, "site.json:1:60: error: \"image\" has no \"alt\""));
}

namespace {

// Resolves a link that stays on the host as a browser would (RFC 3986 5.2), from the page's address.
std::string resolve(const std::string& host, const std::string& page, const std::string& link) {
    std::string target = link.substr(0, link.find_first_of("#?"));
    if (target.empty()) return page;
    std::string path = target.front() == '/' ? target : page.substr(host.size(), page.rfind('/') + 1 - host.size()) + target;
    std::vector<std::string> segments;
    for (std::size_t at = 1, end = 0; at <= path.size(); at = end + 1) {
        end = std::min(path.find('/', at), path.size());
        std::string segment = path.substr(at, end - at);
        bool last = end == path.size();
        if (segment == "..") {
            if (!segments.empty()) segments.pop_back();
            if (last) segments.emplace_back();
        } else if (segment == ".") {
            if (last) segments.emplace_back();
        } else {
            segments.push_back(segment);
        }
    }
    std::string out = host;
    for (const auto& segment : segments) out += "/" + segment;
    return segments.empty() ? out + "/" : out;
}

}  // namespace

TEST_CASE("a site under a sub-path of its host: every address carries the sub-path, and every link resolves") {
    SiteFixture site(R"(
-- site.json --
{"title": "Safer Town", "base_url": "https://example.org/community-safety/", "favicon": "favicon.svg",
 "logo": {"src": "crest.svg", "alt": "Safer Town crest"},
 "image": {"src": "share.png", "alt": "Crest"},
 "footer": {"links": [{"title": "All reports", "url": "/reports/"}]}}
-- static/favicon.svg --
<svg xmlns="http://www.w3.org/2000/svg"/>
-- static/crest.svg --
<svg xmlns="http://www.w3.org/2000/svg"/>
-- static/share.png --
x
-- content/_index.md --
---
title: Reports
---
See [the annual report](/reports/annual/#para-1-1) and [about us](/about/).
-- content/about.md --
---
title: About
---
Back [home](/).
-- content/reports/annual/index.md --
---
title: Annual report
date: 2020-10-22
numbering: auto
---
## Purpose

First, see [the context](/reports/annual/context/).
-- content/reports/annual/context.md --
---
title: Context
---
Back to [the report](../).
)");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    const std::string base = "https://example.org/community-safety/";

    CHECK(contains(site.output("sitemap.xml"), "<loc>" + base + "reports/annual/context/</loc>"));
    CHECK(contains(site.output("robots.txt"), "Sitemap: " + base + "sitemap.xml\n"));
    auto feed = site.output("feed.xml");
    CHECK(contains(feed, "<link rel=\"self\" type=\"application/atom+xml\" href=\"" + base + "feed.xml\"/>"));
    CHECK(contains(feed, "<link rel=\"alternate\" type=\"text/html\" href=\"" + base + "reports/annual/\"/>"));
    auto report = site.output("reports/annual/index.html");
    CHECK(contains(report, "<link rel=\"canonical\" href=\"" + base + "reports/annual/\">"));
    CHECK(contains(report, "<meta property=\"og:url\" content=\"" + base + "reports/annual/\">"));
    CHECK(contains(report, "<meta property=\"og:image\" content=\"" + base + "share.png\">"));
    auto missing = site.output("404.html");
    CHECK(contains(missing, "<a href=\"/community-safety/\">Go to the home page</a>"));
    CHECK(contains(missing, "<a href=\"/community-safety/sitemap/\">See every page in the site map</a>"));
    CHECK(contains(missing, "href=\"/community-safety/assets/gazette.css\""));
    CHECK(contains(missing, "href=\"/community-safety/favicon.svg\""));

    // Every link and image of every page, followed as a browser would from the
    // page's published address, stays below the sub-path and finds a file.
    // The server shows 404.html at whatever address was missing: try it deep.
    const std::string host = "https://example.org";
    std::size_t followed = 0;
    for (const auto& entry : fs::recursive_directory_iterator(site.output_dir())) {
        if (entry.path().extension() != ".html") continue;
        std::string file = entry.path().lexically_relative(site.output_dir()).generic_string();
        std::string page = file == "404.html"               ? base + "no/such/page/"
                           : file.ends_with("index.html") ? base + file.substr(0, file.size() - 10)
                                                          : base + file;
        const PageLinks links = extract_links(testing::slurp(entry.path()));
        for (const auto& [attribute, address_written] : links.references()) {
            const std::string link(address_written);
            if (link.front() == '#') continue;  // on the page itself
            std::string address = resolve(host, page, link);
            INFO(file << ": " << attribute << "=\"" << link << "\" resolves to " << address);
            REQUIRE(address.rfind(base, 0) == 0);
            std::string published = address.substr(base.size());
            if (published.empty() || published.back() == '/') published += "index.html";
            CHECK(fs::is_regular_file(site.output_dir() / published));
            ++followed;
        }
    }
    CHECK(followed > 50);
}
