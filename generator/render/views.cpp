#include "render/views.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "render/discovery.hpp"
#include "render/format.hpp"

namespace gazette {

namespace {

using nlohmann::json;

std::string href(const std::string& root, const std::string& url) {
    return url == "/" ? root : root + url.substr(1);
}

json date_view(const std::optional<Date>& date) {
    if (!date) return false;
    return {{"iso", iso_date(*date)}, {"display", long_date(*date)}};
}

json contact_view(const Contact& c) {
    if (c.empty()) return false;
    return {{"name", c.name}, {"role", c.role}, {"email", c.email}, {"phone", c.phone}, {"address", c.address}};
}

json link_view(const Site& site, const std::string& url, const std::string& root) {
    return {{"title", site.page(url).meta.title}, {"url", href(root, url)}};
}

json toc_view(const std::vector<TocEntry>& toc) {
    // A contents list earns its place from two sections up.
    std::size_t sections = 0;
    for (const auto& entry : toc)
        if (entry.level == 2 || &entry == &toc.front()) ++sections;
    if (sections < 2) return json::array();
    json entries = json::array();
    for (const auto& entry : toc) {
        json item = json::object();
        item["id"] = entry.id;
        item["number"] = entry.number;
        item["title"] = entry.title;
        item["children"] = json::array();
        if (entry.level == 2 || entries.empty()) entries.push_back(std::move(item));
        else entries.back()["children"].push_back(std::move(item));
    }
    for (auto& entry : entries) entry["has_children"] = !entry["children"].empty();
    return entries;
}

// What a report covers, for the archive: as written, else its date's year.
std::string period_of(const Page& p) {
    if (!p.meta.period.empty()) return p.meta.period;
    return p.meta.date ? std::to_string(p.meta.date->year) : "";
}

json summary_view(const Site& site, const std::string& url, const std::string& root) {
    const Page& p = site.page(url);
    return {{"title", p.meta.title},         {"url", href(root, url)},
            {"summary", p.meta.summary},     {"date", date_view(p.meta.date)},
            {"committee", p.meta.committee}, {"date_note", p.meta.date_note},
            {"period", period_of(p)},        {"type", p.meta.type}};
}

json series_link(const Site& site, const std::string& url, const std::string& root) {
    if (url.empty()) return false;
    json link = link_view(site, url, root);
    link["period"] = period_of(site.page(url));
    return link;
}

// A section's reports by the period they cover (newest first) and by type.
json archive_view(const Site& site, const std::vector<std::string>& reports, const std::string& root) {
    json years = json::array();
    std::map<std::string, json> types;
    for (const auto& url : reports) {
        json item = summary_view(site, url, root);
        std::string period = item["period"];
        if (period.empty()) period = "Undated";
        if (years.empty() || years.back()["period"] != period)
            years.push_back({{"period", period}, {"id", "period-" + slugify(period)}, {"reports", json::array()}});
        years.back()["reports"].push_back(item);
        const Page& p = site.page(url);
        if (!p.meta.type.empty()) {
            auto& type = types[p.meta.type];
            if (type.is_null()) type = {{"type", p.meta.type}, {"id", "type-" + slugify(p.meta.type)}, {"reports", json::array()}};
            type["reports"].push_back(item);
        }
    }
    json by_type = json::array();
    for (auto& [name, type] : types) by_type.push_back(std::move(type));
    return {{"years", years}, {"types", by_type}, {"has_types", !by_type.empty()}, {"has_years", years.size() > 1}};
}

json report_view(const Site& site, const Page& page, const std::string& root) {
    const Page& report = site.page(page.report);
    const auto& m = report.meta;
    json pages = json::array();
    auto order = site.reading_order(report.url);
    for (std::size_t i = 0; i < order.size(); ++i) {
        json item = link_view(site, order[i], root);
        item["current"] = order[i] == page.url;
        item["position"] = i + 1;
        pages.push_back(std::move(item));
    }
    json recommendations = json::array();
    for (const auto& r : m.recommendations) recommendations.push_back({{"text", r}});
    return {{"title", m.title},
            {"url", href(root, report.url)},
            {"committee", m.committee},
            {"meeting_date", date_view(m.meeting_date)},
            {"date", date_view(m.date)},
            {"date_note", m.date_note},
            {"agenda_item", m.agenda_item},
            {"author", m.author},
            {"purpose", m.purpose},
            {"recommendations", recommendations},
            {"has_recommendations", !recommendations.empty()},
            {"contact", contact_view(m.contact)},
            {"period", period_of(report)},
            {"type", m.type},
            {"series_previous", series_link(site, report.series_previous, root)},
            {"series_next", series_link(site, report.series_next, root)},
            {"has_series_links", !report.series_previous.empty() || !report.series_next.empty()},
            {"pages", pages},
            {"has_pages", pages.size() > 1}};
}

// `current`: the URL of the page the reader is on, or empty on none.
json navigation_view(const Site& site, const std::string& current, const std::string& root) {
    json items = json::array();
    for (const auto& link : site.navigation) {
        bool exact = link.url == current;
        bool within = !exact && link.url != "/" && current.rfind(link.url, 0) == 0;
        items.push_back({{"title", link.title}, {"url", href(root, link.url)}, {"current", exact}, {"within", within}});
    }
    return items;
}

json breadcrumbs_view(const Site& site, const Page& page, const std::string& root) {
    if (page.kind == PageKind::home) return json::array();
    json crumbs = json::array();
    crumbs.push_back({{"title", "Home"}, {"url", root}});
    if (!page.section.empty() && site.pages.count(page.section) != 0) crumbs.push_back(link_view(site, page.section, root));
    if (page.kind == PageKind::report_page) crumbs.push_back(link_view(site, page.report, root));
    return crumbs;
}

json pager_view(const Site& site, const Page& page, const std::string& root) {
    if (page.report.empty()) return false;
    auto order = site.reading_order(page.report);
    auto it = std::find(order.begin(), order.end(), page.url);
    if (it == order.end()) return false;
    json pager = json::object();
    if (it != order.begin()) pager["previous"] = link_view(site, *(it - 1), root);
    if (it + 1 != order.end()) pager["next"] = link_view(site, *(it + 1), root);
    return pager.empty() ? json(false) : pager;
}

std::string favicon_type(const std::string& path) {
    std::string extension = std::filesystem::path(path).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char c) { return std::tolower(c); });
    if (extension == ".svg") return "image/svg+xml";
    if (extension == ".ico") return "image/x-icon";
    if (extension == ".jpg") return "image/jpeg";
    return "image/" + extension.substr(1);  // png, gif, jpeg, webp
}

// "en-GB" -> "en_GB", as Open Graph writes a locale: the language, then the
// region if the tag has one (the first later subtag of two letters).
std::string og_locale(const std::string& language) {
    auto dash = language.find('-');
    std::string locale = language.substr(0, dash);
    std::transform(locale.begin(), locale.end(), locale.begin(), [](unsigned char c) { return std::tolower(c); });
    while (dash != std::string::npos) {
        auto next = language.find('-', dash + 1);
        std::string subtag = language.substr(dash + 1, next == std::string::npos ? std::string::npos : next - dash - 1);
        if (subtag.size() == 2) {
            std::transform(subtag.begin(), subtag.end(), subtag.begin(), [](unsigned char c) { return std::toupper(c); });
            return locale + "_" + subtag;
        }
        dash = next;
    }
    return locale;
}

// How a page looks when shared: Open Graph, which Twitter's cards read too.
// Addresses must be absolute there, so og:url and og:image need base_url's host.
json share_view(const Site& site, const Page& page, const std::string& description) {
    const auto& c = site.config;
    const Image& image = page.meta.image.empty() ? c.image : page.meta.image;
    const bool absolute = c.has_absolute_base();
    json picture = false;
    if (absolute && !image.empty()) picture = {{"url", encode_url(c.absolute_url("/" + image.src))}, {"alt", image.alt}};
    const bool report = page.kind == PageKind::report || page.kind == PageKind::report_page;
    return {{"type", report ? "article" : "website"},
            {"title", page.kind == PageKind::home ? c.title : page.meta.title},
            {"description", description},
            {"url", absolute ? encode_url(c.absolute_url(page.url)) : ""},
            {"site_name", c.title},
            {"locale", og_locale(c.language)},
            {"image", picture},
            {"card", picture.is_object() ? "summary_large_image" : "summary"}};
}

json site_view(const Site& site, const std::string& root, const RenderOptions& options) {
    const auto& c = site.config;
    auto search = site.pages.find("/search/");
    bool has_search = search != site.pages.end() && search->second.kind == PageKind::search;
    json links = json::array();
    for (const auto& link : site.footer_pages) links.push_back({{"title", link.title}, {"url", href(root, link.url)}});
    for (const auto& link : c.footer_links) {
        bool external = link.url.find("://") != std::string::npos || link.url.rfind("mailto:", 0) == 0;
        links.push_back({{"title", link.title}, {"url", external ? link.url : href(root, link.url)}});
    }
    json logo = false;
    if (!c.logo.empty()) {
        logo = {{"src", root + c.logo}, {"alt", c.logo_alt}};
        if (auto image = site.images.find(c.logo); image != site.images.end() && image->second)
            logo["size"] = {{"width", std::to_string(image->second->width)}, {"height", std::to_string(image->second->height)}};
    }
    json favicon = false;
    if (!c.favicon.empty()) favicon = {{"href", root + c.favicon}, {"type", favicon_type(c.favicon)}};
    json feed = false;
    if (has_feed(site)) feed = {{"href", root + "feed.xml"}, {"title", c.title}};
    return {{"title", c.title},
            {"organisation", c.organisation},
            {"description", c.description},
            {"language", c.language},
            {"logo", logo},
            {"favicon", favicon},
            {"feed", feed},
            {"footer_text", c.footer_text},
            {"footer_links", links},
            {"has_footer_links", !links.empty()},
            {"contact", contact_view(c.contact)},
            {"build_date", date_view(options.build_date)},
            // The header's search box, when the site has Gazette's search page.
            {"search", has_search ? json{{"url", href(root, "/search/")}} : json(false)}};
}

// Every page but the site map itself, each under the page above it as its
// address and breadcrumbs place it (Site::pages_under): each section with
// its reports, newest first, and the pages made from its datasets' rows, in
// row order; each report's further pages under it. Then the pages above
// none, in the navigation's order and then by address.
json site_map_view(const Site& site, const std::string& root) {
    std::set<std::string> listed{"/sitemap/"};
    json sections = json::array();
    json pages = json::array();
    auto add_page = [&](const std::string& url, const std::string& title) {
        if (listed.insert(url).second) pages.push_back({{"title", title}, {"url", href(root, url)}});
    };
    // A page's entry, with the pages under it, down to `depth` levels.
    std::function<json(const std::string&, int)> entry = [&](const std::string& url, int depth) {
        listed.insert(url);
        json view = link_view(site, url, root);
        view["date"] = date_view(site.page(url).meta.date);
        json under = json::array();
        if (depth > 0)
            for (const auto& child : site.pages_under(url)) under.push_back(entry(child, depth - 1));
        view["pages"] = under;
        view["has_pages"] = !under.empty();
        return view;
    };
    for (const auto& link : site.navigation) {
        const Page& page = site.page(link.url);
        if (page.kind != PageKind::section) {
            add_page(link.url, link.title);  // as the navigation names it: "Home"
            continue;
        }
        sections.push_back(entry(link.url, 2));  // section, report, report's page
    }
    for (const auto& [url, page] : site.pages) add_page(url, page.meta.title);
    return {{"sections", sections}, {"pages", pages}, {"pages_heading", sections.empty() ? "Pages" : "Other pages"}};
}

}  // namespace

const nlohmann::json& SharedViews::base(const Page& page, const std::string& root) {
    // Pages at one depth share their links; the navigation differs only in
    // which entry it marks as the reader's place.
    std::string key = root;
    for (const auto& link : site_.navigation)
        key += link.url == page.url ? 'c' : link.url != "/" && page.url.rfind(link.url, 0) == 0 ? 'w' : '-';
    auto it = bases_.find(key);
    if (it == bases_.end())
        it = bases_.emplace(key, json{{"site", site_view(site_, root, options_)},
                                      {"root", root},
                                      {"assets", root + "assets/"},
                                      {"navigation", navigation_view(site_, page.url, root)}})
                 .first;
    return it->second;
}

nlohmann::json print_page_view(const Site& site, const Page& report, const std::vector<const RenderedMarkdown*>& parts,
                               const std::string& root, const RenderOptions& options, const nlohmann::json& base) {
    RenderedMarkdown none;
    json view = page_view(site, PageRender{report, none, root}, options, base);
    auto order = site.reading_order(report.url);
    json sections = json::array();
    std::set<std::string> scripts;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        sections.push_back({{"title", site.page(order[i]).meta.title}, {"content", parts[i]->html}, {"first", i == 0}});
        scripts.insert(parts[i]->scripts.begin(), parts[i]->scripts.end());
    }
    json script_list = json::array();
    for (const auto& name : std::vector<std::string>{"chart.umd.min.js", "charts.js"})
        if (scripts.count(name) != 0) script_list.push_back({{"src", root + "assets/" + name}});
    view["scripts"] = script_list;
    view["parts"] = sections;
    view["page_title"] = report.meta.title;  // the PDF's title
    // On paper (and in the PDF) links to the site must work from anywhere: use
    // the published address when site.json gives one.
    if (site.config.has_absolute_base()) {
        view["root"] = site.config.base_url;
        view["report"]["url"] = site.config.base_url + report.url.substr(1);
    }
    return view;
}

nlohmann::json not_found_view(const Site& site, const RenderOptions& options) {
    // A server shows 404.html in place of whatever address was missing, at any
    // depth, so links relative to the page would lead astray: here they start
    // from the site's own path on its server, "/" or "/community-safety/".
    const std::string root = site.config.base_path();
    return {{"site", site_view(site, root, options)},
            {"root", root},
            {"assets", root + "assets/"},
            {"navigation", navigation_view(site, "", root)},
            {"title", "Page not found"},
            {"page_title", "Page not found – " + site.config.title},
            {"sitemap_url", root + "sitemap/"},
            {"noindex", true},
            {"scripts", json::array()}};
}

nlohmann::json page_view(const Site& site, const PageRender& render, const RenderOptions& options, const nlohmann::json& base) {
    const Page& page = render.page;
    const std::string& root = render.root;
    const auto& m = page.meta;
    json view = {
        {"breadcrumbs", breadcrumbs_view(site, page, root)},
        {"title", m.title},
        {"summary", m.summary},
        {"date", date_view(m.date)},
        {"date_note", m.date_note},
        {"content", render.markdown.html},
        {"toc", toc_view(render.markdown.toc)},
        {"is_home", page.kind == PageKind::home},
        {"is_section", page.kind == PageKind::section},
        {"is_report", page.kind == PageKind::report},
        {"is_report_page", page.kind == PageKind::report_page},
        {"numbered", page.numbering != Numbering::none},
        {"pager", pager_view(site, page, root)},
        {"params", m.params},
    };
    json scripts = json::array();
    for (const auto& name : render.markdown.scripts) scripts.push_back({{"src", root + "assets/" + name}});
    view["scripts"] = scripts;
    view["has_toc"] = !view["toc"].empty();
    view["has_breadcrumbs"] = !view["breadcrumbs"].empty();
    view["page_title"] = page.kind == PageKind::home ? site.config.title : m.title + " – " + site.config.title;
    if (site.config.has_absolute_base()) view["canonical"] = encode_url(site.config.absolute_url(page.url));
    const std::string& description = m.summary.empty() ? site.config.description : m.summary;
    view["description"] = description;
    view["share"] = share_view(site, page, description);
    if (!page.report.empty()) {
        view["report"] = report_view(site, page, root);
        const Page& report = site.page(page.report);
        std::string report_root = root + report.url.substr(1);
        const PaperHead paper = paper_head(report.url);
        view["report"]["paper_css"] = root + paper.sheet;
        view["report"]["paper_page"] = paper.page;
        view["report"]["print_url"] = report_root + "print.html";
        if (auto pdf = options.pdfs.find(report.url); pdf != options.pdfs.end()) {
            std::uintmax_t kb = (pdf->second.bytes + 1023) / 1024;
            view["report"]["pdf"] = {{"url", report_root + "report.pdf"},
                                     {"size", kb >= 1024 ? format_number(static_cast<double>(kb) / 1024.0, 1) + " MB"
                                                         : std::to_string(kb) + " KB"},
                                     {"pages", std::to_string(pdf->second.pages) + (pdf->second.pages == 1 ? " page" : " pages")}};
        }
    }

    json listed = json::array();
    if (page.kind == PageKind::home) {
        // The newest few: a site of thousands of reports lists them all on
        // their sections' pages and the site map, not on its home page.
        constexpr std::size_t home_reports = 10;
        for (std::size_t i = 0; i < site.reports.size() && i < home_reports; ++i)
            listed.push_back(summary_view(site, site.reports[i], root));
        view["more_reports"] = site.reports.size() > home_reports;
        view["reports_heading"] = site.reports.size() > home_reports ? "Recent reports" : "All reports";
        view["sitemap_url"] = href(root, "/sitemap/");
    }
    if (page.kind == PageKind::section) {
        for (const auto& url : page.children) listed.push_back(summary_view(site, url, root));
        view["archive"] = archive_view(site, page.children, root);
    }
    view["reports"] = listed;
    // Pages made from a dataset's rows: listed on their section's page, and
    // each offers the others as plain links (a switcher that needs no script).
    json generated = json::array();
    if (page.kind == PageKind::section) {
        for (const auto& url : site.generated_in(page.url)) generated.push_back(summary_view(site, url, root));
    }
    view["generated"] = generated;
    view["has_generated"] = !generated.empty();
    if (!page.generated_by.empty()) {
        json items = json::array();
        for (const auto& url : site.generated.at(page.generated_by))
            items.push_back({{"label", site.page(url).generated_label}, {"url", href(root, url)}, {"current", url == page.url}});
        view["switcher"] = {{"items", items}, {"label", site.generated_label.at(page.generated_by).empty() ? site.page(page.section).meta.title
                                                                        : site.generated_label.at(page.generated_by)}};
    }
    // The home page leads with the latest report; its headline tiles are added by the renderer.
    if (page.kind == PageKind::home && !site.reports.empty()) view["latest"] = summary_view(site, site.reports.front(), root);
    if (page.kind == PageKind::accessibility) {
        const auto& a = site.config.accessibility;
        const auto& fallback = site.config.contact;
        bool own = !a.contact_email.empty() || !a.contact_phone.empty() || !a.contact_text.empty();
        json issues = json::array();
        for (const auto& issue : a.known_issues) issues.push_back({{"text", issue}});
        static const std::map<std::string, std::pair<std::string, std::string>> enforcement{
            {"england", {"The Equality and Human Rights Commission (EHRC)", "the Equality Advisory and Support Service (EASS)"}},
            {"scotland", {"The Equality and Human Rights Commission (EHRC)", "the Equality Advisory and Support Service (EASS)"}},
            {"wales", {"The Equality and Human Rights Commission (EHRC)", "the Equality Advisory and Support Service (EASS)"}},
            {"northern-ireland", {"The Equality Commission for Northern Ireland (ECNI)", "the Equality Commission for Northern Ireland"}}};
        const auto& body = enforcement.at(a.region);
        view["statement"] = {{"site", site.config.title},
                             {"organisation", site.config.organisation.empty() ? site.config.title : site.config.organisation},
                             {"standard", a.standard},
                             {"email", own ? a.contact_email : fallback.email},
                             {"phone", own ? a.contact_phone : fallback.phone},
                             {"contact", a.contact_text},
                             {"has_contact", own || !fallback.email.empty() || !fallback.phone.empty()},
                             {"last_tested", date_view(a.last_tested)},
                             {"known_issues", issues},
                             {"has_known_issues", !issues.empty()},
                             {"enforcer", body.first},  // it opens a sentence
                             {"advice", body.second}};
    }
    if (page.kind == PageKind::glossary) {
        for (const auto& dataset : site.datasets) {
            const auto* glossary = std::get_if<GlossaryData>(&dataset.content);
            if (glossary == nullptr) continue;
            std::vector<const GlossaryTerm*> sorted;
            for (const auto& t : glossary->terms) sorted.push_back(&t);
            std::sort(sorted.begin(), sorted.end(), [](const GlossaryTerm* a, const GlossaryTerm* b) {
                return a->abbreviation < b->abbreviation;
            });
            json terms = json::array();
            for (const auto* t : sorted)
                terms.push_back({{"abbr", t->abbreviation}, {"expansion", t->expansion}, {"note", t->note},
                                 {"id", "term-" + slugify(t->abbreviation)}});
            view["glossary"] = {{"terms", terms},
                                {"source", dataset.source},
                                {"csv", root + "data/" + dataset.name + ".csv"},
                                {"json", root + "data/" + dataset.name + ".json"}};
            break;
        }
    }
    if (page.kind == PageKind::search) {
        view["search_page"] = {{"index", root + "search-index.json"}, {"root", root}, {"site_map", href(root, "/sitemap/")}};
        view["site"] = base.at("site");
        view["site"]["search"] = false;  // the page's own search box takes the header's place
    }
    if (page.kind == PageKind::site_map) view["site_map"] = site_map_view(site, root);
    view["has_reports"] = !listed.empty();
    view["period"] = page.meta.period;
    return view;
}

}  // namespace gazette
