// Renders every page of the site through the theme, plus the theme's assets.
#include "render/discovery.hpp"
#include "render/hosting.hpp"
#include "render/render.hpp"
#include "render/views.hpp"

#include "text/hash.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

namespace gazette {

namespace {

std::string template_for(const Page& page) {
    if (!page.meta.layout.empty()) return "templates/" + page.meta.layout;
    switch (page.kind) {
        case PageKind::home: return "templates/home";
        case PageKind::section: return "templates/section";
        case PageKind::report:
        case PageKind::report_page: return "templates/report";
        case PageKind::page: return "templates/page";
        case PageKind::glossary: return "templates/glossary";
        case PageKind::accessibility: return "templates/accessibility";
        case PageKind::search: return "templates/search";
        case PageKind::site_map: return "templates/sitemap";
    }
    return "templates/page";
}

// CSS text in double quotes: backslashes, quotes and line breaks escaped.
std::string css_string(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\', out += c;
        else if (c == '\n' || c == '\r') out += "\\a ";
        else out += c;
    }
    return out + '"';
}

std::string brand_stylesheet(const SiteConfig& config) {
    return "/* Made by gazette from site.json's colours. */\n:root {\n  --brand-primary: " + config.colours.primary +
           ";\n  --brand-accent: " + config.colours.accent + ";\n}\n";
}

// Where a page stands, for a search result: its section, then its report.
std::string search_where(const Site& site, const Page& page) {
    std::string where;
    if (auto section = site.pages.find(page.section); !page.section.empty() && section != site.pages.end())
        where = section->second.meta.title;
    if (page.kind == PageKind::report_page) where += (where.empty() ? "" : " › ") + site.page(page.report).meta.title;
    return where;
}

const std::vector<GlossaryTerm>* site_glossary(const Site& site) {
    for (const auto& d : site.datasets)
        if (const auto* g = std::get_if<GlossaryData>(&d.content)) return &g->terms;
    return nullptr;
}

// `root` is where the HTML will stand: the page's own folder, or its report's
// for the print page that gathers every page of the report.
RenderedMarkdown render_page_markdown(const Site& site, const Page& page, int sections_before, TemplateRenderer& templates,
                                      const std::string& url) {
    const std::string root = relative_root(url);
    DataComponents components(site, templates, root);
    MarkdownOptions options;
    options.components = &components;
    options.unsafe_html = site.config.unsafe_html;
    options.numbering = page.numbering;
    options.sections_before = sections_before;
    options.root = root;
    options.source = page.source;
    options.first_line = page.body_first_line;
    options.abbreviations = site_glossary(site);
    options.images = &site.images;
    options.folder = url.substr(1);
    if (!page.generated_by.empty()) options.row = &page.meta.params.at("row");
    std::string storage;
    auto rendered = render_markdown(site.page_body(page, storage), options);
    rendered.scripts = components.scripts();
    rendered.datasets = components.datasets();
    return rendered;
}

}  // namespace

PaperHead paper_head(const std::string& report_url) {
    const std::uint64_t hash = hash_bytes(report_url);
    char sheet[32];
    std::snprintf(sheet, sizeof sheet, "assets/paper/%02x.css", static_cast<unsigned>(hash >> 56));
    return {"gz-" + hex64(hash), sheet};
}

std::string paper_rules(const Page& report) {
    std::string left = report.meta.committee.empty() ? report.meta.title : report.meta.committee;
    std::string right = report.meta.meeting_date ? "Meeting: " + long_date(*report.meta.meeting_date)
                        : report.meta.date     ? long_date(*report.meta.date)
                                               : "";
    const std::string page = paper_head(report.url).page;
    // (A URL is made of slugs, lower-case letters, digits and hyphens, so it cannot end the comment.)
    return "/* " + report.url + " */\n." + page + " { page: " + page + "; }\n@page " + page + " {\n  @top-left { content: " +
           css_string(left) + "; }\n  @top-right { content: " + css_string(right) + "; }\n}\n";
}

std::vector<RenderUnit> render_units(const Site& site) {
    std::vector<RenderUnit> units;
    for (const auto& [url, page] : site.pages) {
        if (page.kind == PageKind::report) units.push_back({url, site.reading_order(url), true, {}});
        else if (page.kind != PageKind::report_page) units.push_back({url, {url}, false, {&page}});
        else continue;
        RenderUnit& unit = units.back();
        if (unit.held.empty())
            for (const auto& part : unit.pages) unit.held.push_back(&site.page(part));
    }
    return units;
}

SiteRenderer::SiteRenderer(const Site& site) : site_(site), theme_(site.theme_overrides, site.config.theme), templates_(theme_) {}
SiteRenderer::~SiteRenderer() = default;

bool SiteRenderer::check_theme(Diagnostics& diagnostics) const {
    if (theme_.named_theme_exists()) return true;
    diagnostics.error({"site.json"}, "the theme \"" + site_.config.theme + "\" is not in themes/",
                      "add themes/" + site_.config.theme + "/ or remove \"theme\" to use the built-in theme");
    return false;
}

UnitOutput SiteRenderer::render(const RenderUnit& unit, const RenderOptions& options) {
    if (!shared_views_ || shared_views_->build_date() != options.build_date)
        shared_views_ = std::make_unique<SharedViews>(site_, options.build_date);
    SharedViews& shared = *shared_views_;
    UnitOutput out;
    templates_.record(&out.templates);
    auto take = [&](const RenderedMarkdown& rendered) {
        out.diagnostics.append(rendered.diagnostics);
        out.scripts.insert(rendered.scripts.begin(), rendered.scripts.end());
        out.datasets.insert(rendered.datasets.begin(), rendered.datasets.end());
    };
    // A report's pages go in reading order, so that section numbers run on
    // from one page to the next.
    int sections = 0;
    // The whole report on one page, for printing it and for its PDF: each page
    // rendered again, as it must read from the report's folder. A report of
    // one page prints as it is, so it needs one only to make its PDF from.
    const bool print_page = unit.is_report && (unit.pages.size() > 1 || options.pdfs.count(unit.url) != 0);
    std::optional<RenderedMarkdown> first;  // a report's own page reads the same on its print page
    for (const auto& url : unit.pages) {
        const Page& page = site_.page(url);
        std::string root = relative_root(url);
        auto rendered = render_page_markdown(site_, page, sections, templates_, url);
        sections = rendered.last_section;
        if (print_page && url == unit.url) first = rendered;
        if (page.kind == PageKind::search) rendered.scripts.push_back("search.js");
        take(rendered);
        if (!page.generated_by.empty()) out.datasets.insert(site_.generated_from.at(page.generated_by));
        const nlohmann::json& base = shared.base(page, root);
        auto view = page_view(site_, PageRender{page, rendered, root}, options, base);
        if (page.kind == PageKind::home && !site_.reports.empty()) {
            if (const auto& tiles = site_.page(site_.reports.front()).meta.headline) {
                DataComponents components(site_, templates_, root);
                view["latest"]["headline"] = components.headline(*tiles, out.diagnostics);
                auto used = components.datasets();
                out.datasets.insert(used.begin(), used.end());
            }
        }
        std::string html = templates_.render(template_for(page), view, base, out.diagnostics);
        if (is_searchable(page))
            out.search.push_back({url, page.meta.title, search_where(site_, page), search_parts(html)});
        out.files.push_back({std::filesystem::path(url.substr(1)) / "index.html", std::move(html)});
    }
    if (print_page) {
        const Page& report = site_.page(unit.url);
        std::vector<RenderedMarkdown> gathered;
        sections = 0;
        for (const auto& part : unit.pages) {
            if (part == unit.url) gathered.push_back(std::move(*first));
            else gathered.push_back(render_page_markdown(site_, site_.page(part), sections, templates_, unit.url));
            sections = gathered.back().last_section;
        }
        std::vector<const RenderedMarkdown*> parts;
        for (const auto& part : gathered) parts.push_back(&part);
        // Beside the report's own page, so the content's relative links still hold.
        const std::string root = relative_root(unit.url);
        const nlohmann::json& base = shared.base(report, root);
        auto print_view = print_page_view(site_, report, parts, root, options, base);
        out.files.push_back({std::filesystem::path(unit.url.substr(1)) / "print.html",
                             templates_.render("templates/report-print", print_view, base, out.diagnostics)});
    }
    templates_.record(nullptr);
    return out;
}

std::vector<OutputFile> SiteRenderer::paper_sheets() const {
    std::map<std::string, std::string> sheets;  // each sheet's reports in the order of their URLs
    std::vector<std::pair<std::string, std::string>> reports;  // (sheet, URL)
    for (const auto& url : site_.reports) reports.emplace_back(paper_head(url).sheet, url);
    std::sort(reports.begin(), reports.end());
    for (const auto& [sheet, url] : reports) {
        std::string& text = sheets[sheet];
        if (text.empty()) text = "/* Made by gazette from the reports' front matter: their running headers on paper. */\n";
        text += paper_rules(site_.page(url));
    }
    std::vector<OutputFile> out;
    for (auto& [sheet, text] : sheets) out.push_back({sheet, std::move(text)});
    return out;
}

std::vector<OutputFile> SiteRenderer::shared_files(const std::set<std::string>& scripts, const RenderOptions& options,
                                                   Diagnostics& diagnostics) {
    std::vector<OutputFile> out;
    // The site's colours go at the end of the theme's stylesheet, so a page
    // loads one stylesheet (and its print one), not two.
    for (auto& [name, file] : theme_.assets())
        out.push_back({name, name == "assets/gazette.css" ? file.text + "\n" + brand_stylesheet(site_.config) : std::move(file.text)});
    // Scripts go out only when a page uses them: a site without charts ships no JavaScript.
    for (const auto& name : scripts) {
        auto file = theme_.find("scripts/" + name);
        if (!file) {
            diagnostics.error({"themes/scripts/" + name}, "the theme has no script scripts/" + name);
            continue;
        }
        out.push_back({"assets/" + name, std::move(file->text)});
    }

    // Every dataset, as its author wrote it and as CSV, for readers to download.
    for (const auto& dataset : site_.datasets) {
        out.push_back({"data/" + dataset.name + ".json", dataset.text});
        out.push_back({"data/" + dataset.name + ".csv", dataset_csv(dataset)});
    }

    // For search engines, feed readers and readers who followed a broken link.
    // A file of the site's own in static/ takes the place of each.
    auto publish = [&](const std::string& name, auto make) {
        bool own = std::any_of(site_.files.begin(), site_.files.end(),
                               [&](const StaticFile& f) { return f.output.generic_string() == name; });
        if (!own) out.push_back({name, make()});
    };
    publish("404.html", [&] { return templates_.render("templates/404", not_found_view(site_, options), diagnostics); });
    publish("robots.txt", [&] { return robots_txt(site_); });
    // Without a host in base_url there are no absolute addresses to give.
    if (site_.config.has_absolute_base()) publish("sitemap.xml", [&] { return sitemap_xml(site_); });
    if (has_feed(site_)) publish("feed.xml", [&] { return atom_feed(site_); });
    publish("_headers", [] { return netlify_headers(); });
    publish("gazette-headers.conf", [] { return nginx_headers(); });
    return out;
}

}  // namespace gazette
