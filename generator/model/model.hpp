// Model: the site as plain values. Pages are keyed by URL; relations between
// them (section, report, neighbours) are URLs too, never pointers.
#pragma once

#include "diagnostics/diagnostics.hpp"
#include "load/load.hpp"
#include "text/text.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace gazette {

struct Link {
    std::string title;
    std::string url;
};

struct Contact {
    std::string name;
    std::string role;
    std::string email;
    std::string phone;
    std::string address;

    [[nodiscard]] bool empty() const { return name.empty() && role.empty() && email.empty() && phone.empty() && address.empty(); }
};

// A picture a page is shared with, as published (a file below static/ or content/).
struct Image {
    std::string src;  // path below the output folder, "images/cover.png"
    std::string alt;

    [[nodiscard]] bool empty() const { return src.empty(); }
};

struct BrandColours {
    std::string primary = "#1d4f91";  // header, links and focus accents
    std::string accent = "#ffdd00";   // focus ring behind dark text
};

// What the accessibility statement says, as the 2018 regulations ask.
struct AccessibilityStatement {
    std::string contact_email;
    std::string contact_phone;
    std::string contact_text;  // how else to report a problem
    std::optional<Date> last_tested;
    std::string standard = "WCAG 2.2 AA";
    std::vector<std::string> known_issues;
    std::string region = "england";  // the enforcement body depends on it
};

struct SiteConfig {
    std::string title;
    std::string organisation;
    std::string base_url = "/";
    std::string language = "en-GB";
    std::string description;
    std::string logo;      // path below static/ or content/, as published
    std::string logo_alt;
    std::string favicon;  // path below static/ or content/, as published
    Image image;          // shown when a page is shared, unless the page has its own
    BrandColours colours;
    std::string footer_text;
    std::vector<Link> footer_links;
    Contact contact;
    bool unsafe_html = false;
    std::string theme;  // a folder in themes/, or empty for the built-in theme
    AccessibilityStatement accessibility;

    // base_url names a host ("https://reports.example.org/"), so pages have
    // absolute addresses: canonical links, the sitemap and the feed need them.
    [[nodiscard]] bool has_absolute_base() const { return base_url.find("://") != std::string::npos; }
    // Where the site stands on its server: "/" or "/community-safety/".
    [[nodiscard]] std::string base_path() const;
    // A page's published address, "https://reports.example.org/reports/x/"; only with an absolute base.
    [[nodiscard]] std::string absolute_url(std::string_view url) const { return base_url + std::string(url.substr(1)); }
};

enum class Numbering { none, automatic, manual };

// Front matter, checked and typed.
struct PageMeta {
    std::string title;
    std::string summary;
    std::optional<Date> date;
    std::string date_note;
    std::string committee;
    std::optional<Date> meeting_date;
    std::string author;
    std::string agenda_item;
    std::string purpose;
    std::vector<std::string> recommendations;
    Contact contact;
    int weight = 0;
    bool draft = false;
    std::optional<Numbering> numbering;
    std::string slug;
    // The archive: what a report covers ("2019/20"; the date's year if not
    // given), what kind it is ("Annual report"), and the series it belongs
    // to, whose reports link to the year before and after.
    std::string period;
    std::string type;
    std::string series;
    // Headline tiles shown with the latest report on the home page: a kpi
    // block's `tiles` as written in the front matter, positions kept.
    std::optional<LocatedJson> headline;
    std::string layout;  // a template of the theme to use instead of the page kind's, e.g. "dashboard"
    // One page per row of a table dataset, from this file as a template.
    struct Generate {
        std::string dataset;
        std::string slug_column;  // whose value names each page; the first column if empty
        std::string label;        // the heading over the links between them; the section's title if empty
        SourceLocation where;
    };
    std::optional<Generate> generate;
    Image image;  // shown when the page is shared, instead of the site's
    nlohmann::json params = nlohmann::json::object();  // free-form, for a site's own templates
};

enum class PageKind { home, section, report, report_page, page, glossary, accessibility, search, site_map };

struct Page {
    PageKind kind = PageKind::page;
    std::string url;               // site-relative, "/" or "/reports/x/"
    std::filesystem::path source;  // content/..., empty for a page made up by Gazette
    PageMeta meta;
    std::string body;          // see page_body(): not read when the page came from the source cache
    bool body_read = true;
    std::size_t body_offset = 0;  // where the body starts in its file
    int body_first_line = 1;
    std::uint64_t source_hash = 0;  // of its file as read, for incremental builds
    std::string section;       // URL of the section it belongs to, or empty
    std::string report;        // URL of its report (reports and their pages), or empty
    std::vector<std::string> children;  // sections: their reports; reports: their further pages
    std::string generated_by;     // pages made from a dataset's rows: their template file
    std::string generated_label;  // ... and the row's name, for the switcher between them
    std::string series_previous;  // reports: the one before in its series (by date), or empty
    std::string series_next;
    Numbering numbering = Numbering::none;
};

// Datasets, typed by kind. Numbers are as the source gives them; formatting
// (GBP, percent) happens when they are shown.
enum class Unit { count, percent, gbp };
enum class Direction { none, up, down };  // which way is good
enum class ColumnType { text, integer, number, gbp, percent, financial_year, date };

struct Person {
    std::string name;
    std::string role;
    std::string organisation;

    [[nodiscard]] bool empty() const { return name.empty() && role.empty() && organisation.empty(); }
};

struct DeliveryGroup {
    std::string name;
    Person lead;
};

struct Priority {
    std::string key;
    std::string title;
    std::string number;  // as the paper numbers it: "iii", "2"
    std::string theme;
    std::string description;
    Person lead;
    std::vector<DeliveryGroup> delivery_groups;
    std::vector<std::string> objectives;
    std::string status;
};

struct PrioritiesData {
    std::vector<Priority> priorities;
};

struct TrendSeries {
    std::string key;
    std::string label;
    std::string category;
    std::string area;
    std::vector<std::optional<double>> values;  // one per period; empty where the source gives none
};

struct TrendsData {
    Unit unit = Unit::count;
    bool values_are_changes = false;  // "measure": "change": percentage changes, not levels
    Direction good = Direction::none;
    std::vector<std::string> periods;
    std::vector<TrendSeries> series;
};

struct Measure {
    std::string label;
    std::optional<double> actual;
    std::optional<double> target;
    std::string unit;       // "people", "calls"...
    std::string qualifier;  // "over", "nearly": as the source hedges the figure
};

struct Project {
    std::string key;
    std::string name;
    std::string summary;
    std::string funder;
    std::optional<double> funding;  // GBP
    std::string period;
    std::vector<std::string> priorities;  // keys in the outcomes' priorities dataset
    std::vector<Measure> measures;
    std::string status;
    std::string note;
    std::string source;  // where in the paper the project is described
};

struct OutcomesData {
    std::string priorities_dataset;
    std::vector<Project> projects;
};

struct Column {
    std::string key;
    std::string label;
    ColumnType type = ColumnType::text;
    int decimals = -1;  // -1: as many as the value needs (numbers), 0 for integers and GBP
};

struct TableRow {
    std::map<std::string, nlohmann::json> cells;  // by column key; null where blank
    bool subtotal = false;
    std::string label;  // for subtotal rows
};

struct TableData {
    std::vector<Column> columns;
    std::vector<TableRow> rows;
    std::optional<TableRow> total;
    std::string total_note;
    std::optional<int> suppress_below;  // counts under this are shown as suppressed
};

struct GlossaryTerm {
    std::string abbreviation;
    std::string expansion;
    std::string note;
};

struct GlossaryData {
    std::vector<GlossaryTerm> terms;
};

struct Dataset {
    std::string name;  // data/crime.json -> "crime"
    std::string title;
    std::string source;
    std::string note;
    std::variant<PrioritiesData, TrendsData, OutcomesData, TableData, GlossaryData> content;
    LocatedJson document;  // the file as loaded, for positions
    std::string text;      // the file as written, published at /data/NAME.json
    std::uint64_t hash = 0;  // of the file and its CSV files as read, for incremental builds
};

std::string_view kind_name(const Dataset& dataset);

struct Site {
    std::filesystem::path root;  // the site folder, which page sources are relative to
    SiteConfig config;
    std::map<std::string, Page> pages;  // by URL
    std::vector<std::string> reports;   // every report's URL, newest first
    std::vector<Link> navigation;       // home, sections, top-level pages
    std::vector<Link> footer_pages;     // pages Gazette makes that every footer links to
    std::vector<Dataset> datasets;
    std::vector<StaticFile> files;
    // Every image the site publishes, by output path, with its size when
    // Gazette can read it (PNG, GIF, JPEG, SVG), so every <img> can have it.
    std::map<std::string, std::optional<ImageSize>> images;
    std::filesystem::path theme_overrides;
    // Pages made from datasets' rows, by the file they were made from, in row order.
    std::map<std::string, std::vector<std::string>> generated;
    std::map<std::string, std::string> generated_from;  // that file -> the dataset it draws its rows from
    std::map<std::string, std::string> generated_label;  // that file -> the heading over the links between them
    // The pages made from each content file, by its source ("content/x.md"): one, or a row's each.
    std::map<std::string, std::vector<std::string>> made_from;

    [[nodiscard]] const Page& page(const std::string& url) const { return pages.at(url); }
    // A page's Markdown: as held, or read again from its file into `storage`.
    [[nodiscard]] std::string_view page_body(const Page& page, std::string& storage) const;
    // A report's pages in reading order: the report itself, then its further pages.
    [[nodiscard]] std::vector<std::string> reading_order(const std::string& report_url) const;
    // A section's pages made from datasets' rows: each file's, in row order
    // (the order of the switcher between them).
    [[nodiscard]] std::vector<std::string> generated_in(const std::string& section_url) const;
    // The pages one level below a page, where their addresses and breadcrumbs
    // put them: a section's reports (newest first), then its pages made from
    // datasets' rows; a report's further pages. None for any other page.
    [[nodiscard]] std::vector<std::string> pages_under(const std::string& url) const;
};

// Edits a rebuild that knows which files changed can make to the site as
// assembled, instead of assembling it again (gazette serve).
struct SiteEdit {
    std::vector<ContentFile> content;              // content files read and parsed again
    std::optional<std::vector<Dataset>> datasets;  // every dataset, validated again, when data/ changed
};

struct AssembleOptions {
    bool include_drafts = false;
};

// Validates the sources and builds the site tree; problems go to diagnostics.
Site assemble_site(SiteSources sources, const AssembleOptions& options, Diagnostics& diagnostics);

// Applies `edit` to `site` when it leaves every page's place, title and
// links as they were: bodies of pages whose front matter is unchanged, byte
// for byte, from `parsed` (the content files as last parsed, which get the
// new stamps and hashes), and datasets that make no pages and are no
// glossary. For any other edit, returns nullopt and changes nothing: the
// site must be assembled again. Only for a site whose assembling said
// nothing, as `edit`'s files and datasets must have said nothing.
struct SitePatch {
    std::set<std::string> pages;     // URLs of the pages whose text is new
    std::set<std::string> datasets;  // names of the datasets whose files are new
};
std::optional<SitePatch> patch_site(Site& site, SourceCache& parsed, SiteEdit edit);

}  // namespace gazette
