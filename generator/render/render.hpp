// Render: Markdown to HTML (with committee numbering), then pages through the
// theme's Mustache templates. Pure functions of their inputs.
#pragma once

#include "diagnostics/diagnostics.hpp"
#include "model/model.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace gazette {

// What a page's Markdown can draw from the site's data: fenced components
// (```table) and figures in prose ({{ dataset.key.field | format }}). The
// Markdown renderer calls it where it meets them; it returns HTML.
class PageComponents {
public:
    virtual ~PageComponents() = default;
    [[nodiscard]] virtual bool is_component(std::string_view name) const = 0;
    [[nodiscard]] virtual std::vector<std::string> names() const = 0;  // every component, for suggestions
    virtual std::string component(std::string_view name, std::string_view body, const SourceLocation& where,
                                  Diagnostics& diagnostics) = 0;
    virtual std::string figure(std::string_view expression, const SourceLocation& where, Diagnostics& diagnostics) = 0;
};

// Limits that keep a build's time and memory bounded whatever the Markdown:
// deeper nesting or wider tables are errors (cmark-gfm reads a table row in
// time that grows with the square of its cells).
inline constexpr int max_markdown_nesting = 100;
inline constexpr std::size_t max_table_cells = 100;

struct MarkdownOptions {
    bool unsafe_html = false;
    Numbering numbering = Numbering::none;
    int sections_before = 0;     // a report's later pages continue its section numbers
    std::string root = "./";     // relative path from the page to the site root
    std::filesystem::path source;  // for diagnostics
    int first_line = 1;            // line of `source` where the Markdown starts
    PageComponents* components = nullptr;  // none: fenced blocks stay code, {{ }} stays text
    // A page made from a dataset's row: its cells by column, each {{ row.COLUMN }}
    // in the text becoming the cell's value as plain text.
    const nlohmann::json* row = nullptr;
    // Abbreviation -> expansion; the first use of each on the page becomes <abbr title>.
    const std::vector<GlossaryTerm>* abbreviations = nullptr;
    // The site's images by output path, and the folder the HTML stands in
    // ("reports/x/"): an <img> of the site gets its image's width and height.
    const std::map<std::string, std::optional<ImageSize>>* images = nullptr;
    std::string folder;
};

struct TocEntry {
    int level = 2;
    std::string id;
    std::string number;  // "3" or "3.1" when numbered
    std::string title;   // plain text
};

struct RenderedMarkdown {
    std::string html;
    std::vector<std::string> scripts;  // names in assets/ the page must load
    std::vector<std::string> datasets;  // names of the datasets it drew on
    std::vector<TocEntry> toc;
    int last_section = 0;
    Diagnostics diagnostics;
};

RenderedMarkdown render_markdown(std::string_view markdown, const MarkdownOptions& options);

// "./" for "/", "../../" for "/reports/x/".
std::string relative_root(std::string_view url);

// Template lookup: the site's themes/ folder, then the named theme in
// themes/NAME/, then the theme built into gazette.
class Theme {
public:
    Theme(std::filesystem::path site_themes, std::string name);

    struct File {
        std::string text;
        std::string origin;  // where it came from, for diagnostics
    };
    [[nodiscard]] std::optional<File> find(const std::string& relative) const;
    // Every file under assets/ across the layers (site wins), sorted by name.
    [[nodiscard]] std::vector<std::pair<std::string, File>> assets() const;
    [[nodiscard]] bool named_theme_exists() const;

private:
    std::vector<std::filesystem::path> layers_;
    std::filesystem::path named_;
};

// Parses each template once per build, with Gazette's own Mustache
// (render/mustache.hpp); an explicit cache, passed in.
class TemplateRenderer {
public:
    explicit TemplateRenderer(const Theme& theme);
    ~TemplateRenderer();
    TemplateRenderer(const TemplateRenderer&) = delete;
    TemplateRenderer& operator=(const TemplateRenderer&) = delete;

    // Renders NAME.mustache, a path in the theme such as "templates/report" or
    // "components/table", with `view`; template errors become diagnostics.
    std::string render(const std::string& name, const nlohmann::json& view, Diagnostics& diagnostics);
    // The same with `view` laid over `base`: a name `view` lacks is looked up
    // in `base`, so the parts of a view every page shares (the site, its
    // navigation) are built once and rendered under each page's own.
    std::string render(const std::string& name, const nlohmann::json& view, const nlohmann::json& base,
                       Diagnostics& diagnostics);
    // From now on, add the path of every template and partial rendered to
    // `used` (such as "partials/header.mustache"); nullptr stops.
    void record(std::set<std::string>* used);

    struct Impl;  // the template cache, defined in theme.cpp

private:
    std::unique_ptr<Impl> impl_;
};

// The components of one page, drawing on the site's datasets and rendering
// through the theme's components/*.mustache templates.
class DataComponents : public PageComponents {
public:
    DataComponents(const Site& site, TemplateRenderer& templates, std::string root);

    [[nodiscard]] bool is_component(std::string_view name) const override;
    [[nodiscard]] std::vector<std::string> names() const override;
    std::string component(std::string_view name, std::string_view body, const SourceLocation& where,
                          Diagnostics& diagnostics) override;
    std::string figure(std::string_view expression, const SourceLocation& where, Diagnostics& diagnostics) override;
    // A report's headline tiles (its front matter's `headline`), as a kpi block shows them.
    std::string headline(const LocatedJson& tiles, Diagnostics& diagnostics);
    // Scripts the page needs in assets/, in order: Chart.js and its driver when it has a chart.
    [[nodiscard]] std::vector<std::string> scripts() const;
    // The datasets its components and figures drew on, found or not.
    [[nodiscard]] std::vector<std::string> datasets() const { return {used_.begin(), used_.end()}; }

    struct Block;  // a component block's YAML, read key by key

private:
    const Dataset* find_dataset(const std::string& name, const SourceLocation& where, Diagnostics& diagnostics) const;
    std::optional<nlohmann::json> dataset_view(const std::string& name, Block& block, const SourceLocation& where);
    std::optional<nlohmann::json> kpi_view(Block& block, const SourceLocation& where);
    std::optional<nlohmann::json> compare_view(Block& block, const SourceLocation& where);
    std::optional<nlohmann::json> tile_view(const std::string& expression, const std::string& label,
                                            std::optional<double> target, const SourceLocation& where,
                                            Diagnostics& diagnostics);

    const Site& site_;
    TemplateRenderer& templates_;
    std::string root_;
    bool uses_charts_ = false;
    mutable std::set<std::string> used_;
    std::map<std::string, int> uses_;  // per component id, so ids stay unique on a page
};

// A dataset as CSV (RFC 4180), as published at /data/NAME.csv.
std::string dataset_csv(const Dataset& dataset);

struct OutputFile {
    std::filesystem::path path;  // relative to the output folder
    std::string bytes;
};

// A report's PDF, as its page links to it.
struct PdfLink {
    std::uintmax_t bytes = 0;
    int pages = 0;
};

struct RenderOptions {
    std::optional<Date> build_date;  // from SOURCE_DATE_EPOCH only, so builds repeat
    std::map<std::string, PdfLink> pdfs;  // by report URL, when the build makes PDFs
};

// What is rendered together: a page, or a report with its further pages and
// its print page (section numbers run on across them).
struct RenderUnit {
    std::string url;
    std::vector<std::string> pages;  // in reading order; the first is `url`
    bool is_report = false;
    std::vector<const Page*> held;   // the same pages, as the site they came from holds them
};
std::vector<RenderUnit> render_units(const Site& site);

// A report on paper has a running header from its front matter: the
// committee (or title) and the meeting date. CSS cannot read them from the
// page and the site's policy allows no inline style, so they are the rules of
// a named page in a stylesheet, and the report's pages carry that name as a
// class of <html>. Reports share the stylesheets, one of at most 256 chosen
// by their URL, so a site of thousands of reports does not make a file for
// each, and a report's sheet stays the same as others come and go.
struct PaperHead {
    std::string page;   // the named page and the class, "gz-1a2b3c4d5e6f7a8b"
    std::string sheet;  // its stylesheet in the output, "assets/paper/3f.css"
};
PaperHead paper_head(const std::string& report_url);
// The report's rules in its sheet; all that its print depends on there.
std::string paper_rules(const Page& report);

// What search needs of one page: a stretch of its text from one anchor to
// the next (a heading, a numbered paragraph, a chart), so a result can link
// to the place where the words are.
struct SearchPart {
    std::string id;       // the anchor, "" for the text before the first
    std::string heading;  // the heading's text when the anchor is a heading
    std::string text;     // plain text, white space collapsed

    friend bool operator==(const SearchPart&, const SearchPart&) = default;
};

struct SearchEntry {
    std::string url;    // "/reports/x/"
    std::string title;
    std::string where;  // its section and report, "Reports › Annual report 2019-20"
    std::vector<SearchPart> parts;

    friend bool operator==(const SearchEntry&, const SearchEntry&) = default;
};

// The text a reader finds in a rendered page's <main>, in parts: navigation,
// scripts, the <h1> (the title is indexed as such) and anything the theme
// marks data-search-ignore or hidden are left out.
std::vector<SearchPart> search_parts(std::string_view html);
// The search index's text comes in chunks of this many pages, in the site's
// order: a reader's browser fetches those of the results it shows, and a
// build rewrites only the chunks whose pages changed.
inline constexpr std::size_t search_chunk_pages = 10;
// Every page but the search page and the site map, which only repeat the others.
bool is_searchable(const Page& page);
// A chunk of the index, {"pages": [...]}, each entry on a line of its own in
// the order given, so a build that rewrites some pages of a chunk keeps the
// others' lines as they are, reading no JSON.
std::string search_chunk_line(const SearchEntry& entry);
std::string search_chunk(const std::vector<std::string_view>& lines);
// The entries' lines of a chunk search_chunk wrote, in order; nullopt for
// any other text.
std::optional<std::vector<std::string_view>> search_chunk_lines(std::string_view chunk);
// /search-index.json: the chunks' paths below the site root, in order, the
// pages to a chunk, and the paths of the buckets of words (search_terms.hpp),
// null for a bucket with no words.
std::string search_manifest(const std::vector<std::string>& chunks, const std::vector<std::string>& buckets);

struct UnitOutput {
    std::vector<OutputFile> files;
    std::vector<SearchEntry> search;  // one per page, in reading order
    std::set<std::string> scripts;    // in assets/, that its pages load
    std::set<std::string> datasets;   // that its components and figures drew on
    std::set<std::string> templates;  // theme files it went through, "templates/report.mustache"
    Diagnostics diagnostics;
};

class SharedViews;  // views.hpp

// Renders units of a site through its theme; templates are parsed once.
class SiteRenderer {
public:
    explicit SiteRenderer(const Site& site);
    ~SiteRenderer();
    SiteRenderer(const SiteRenderer&) = delete;
    SiteRenderer& operator=(const SiteRenderer&) = delete;
    // False, with a diagnostic, when site.json names a theme that is not there.
    bool check_theme(Diagnostics& diagnostics) const;
    UnitOutput render(const RenderUnit& unit, const RenderOptions& options);
    // What every site has: the theme's assets, the scripts its pages load,
    // the brand stylesheet, each dataset as JSON and CSV, the 404 page,
    // robots.txt, the security headers for hosts, and with an absolute
    // base_url sitemap.xml and the feed.
    std::vector<OutputFile> shared_files(const std::set<std::string>& scripts, const RenderOptions& options,
                                         Diagnostics& diagnostics);
    // The reports' running headers on paper, in at most 256 sheets (see PaperHead).
    std::vector<OutputFile> paper_sheets() const;
    [[nodiscard]] const Theme& theme() const { return theme_; }

private:
    const Site& site_;
    Theme theme_;
    TemplateRenderer templates_;
    std::unique_ptr<SharedViews> shared_views_;  // the parts of views many pages share, built once
};

// The HTTP headers a built site is meant to be served with: a
// Content-Security-Policy that allows only the site's own files, and the usual
// hardening headers. The build writes them as _headers (Netlify, Cloudflare
// Pages) and gazette-headers.conf (nginx); `gazette serve` sends them.
struct HttpHeader {
    std::string name;
    std::string value;
};
const std::vector<HttpHeader>& security_headers();

// Links and ids of one HTML page, which is all link checking needs of it.
// Each list is kept in one string and a list of where each entry ends: a
// page has some fifty ids and sixty links, and the build record holds every
// page's, which as a string apiece took a third of a build's memory.
struct PageLinks {
    struct Reference {
        std::string_view attribute;  // "href" or "src"
        std::string_view address;
    };

    // The page's ids: `sorted` in byte order, each once.
    void set_ids(const std::vector<std::string_view>& sorted);
    [[nodiscard]] bool has_id(std::string_view id) const;
    [[nodiscard]] bool same_ids(const PageLinks& other) const { return id_ends == other.id_ends && id_text == other.id_text; }

    // Links in the order of their first use on the page.
    void add_reference(bool src, std::string_view address);
    [[nodiscard]] std::vector<Reference> references() const;
    // Keeps the links that `keep(reference)` says yes to.
    template <typename Keep>
    void keep_references(Keep keep) {
        PageLinks kept;
        for (const Reference& r : references())
            if (keep(r)) kept.add_reference(r.attribute == "src", r.address);
        reference_text = std::move(kept.reference_text);
        reference_ends = std::move(kept.reference_ends);
    }

    // As the build record keeps them.
    std::string id_text;                        // the ids, one after another
    std::vector<std::uint32_t> id_ends;         // where each ends in id_text
    std::string reference_text;                 // the addresses, one after another
    std::vector<std::uint32_t> reference_ends;  // where each ends, plus src_flag for an image's src
    static constexpr std::uint32_t src_flag = 1U << 31;
};
PageLinks extract_links(std::string_view html);

// A link or image inside the site that leads nowhere: to nothing the site
// publishes, or to an id its page does not have. `target` names the missing
// place ("reports/y/index.html#para-3-2"), so a site reports each place once.
struct BrokenLink {
    std::string target;
    Diagnostic diagnostic;
};
// Where links may lead: every path the site publishes, and each HTML file's links and ids.
class LinkTargets {
public:
    virtual ~LinkTargets() = default;
    [[nodiscard]] virtual bool publishes(std::string_view path) const = 0;
    [[nodiscard]] virtual const PageLinks* page(std::string_view path) const = 0;  // null for a file that is no page
};
// The broken links of the HTML file at `path` (below the output folder). A
// file's result changes only with its own links, with what the site
// publishes, and with the ids of the pages it links into.
std::vector<BrokenLink> broken_links(const Site& site, const std::string& path, const PageLinks& links, const LinkTargets& targets);
// Each missing place once, from the first file that links to it; report
// pages before print pages, which gather their content.
void report_broken_links(const std::map<std::string, std::vector<BrokenLink>>& by_page, Diagnostics& diagnostics);

}  // namespace gazette
