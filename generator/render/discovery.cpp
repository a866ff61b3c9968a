#include "render/discovery.hpp"

#include <algorithm>
#include <cstdio>

namespace gazette {

namespace {

std::string absolute(const Site& site, const std::string& url) {
    return escape_xml(encode_url(site.config.absolute_url(url)));
}

// RFC 3339, as Atom asks: a month or a year stands for its first day.
std::string atom_date(const Date& date) {
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT00:00:00Z", date.year, std::max(date.month, 1), std::max(date.day, 1));
    return text;
}

}  // namespace

std::vector<FeedEntry> feed_entries(const Site& site) {
    std::vector<FeedEntry> entries;
    for (const auto& url : site.reports) {
        const auto& meta = site.page(url).meta;
        if (meta.draft) continue;
        if (auto date = meta.date ? meta.date : meta.meeting_date) entries.push_back({url, *date});
    }
    // site.reports is newest first by date; a meeting date can move a report up.
    std::stable_sort(entries.begin(), entries.end(), [](const FeedEntry& a, const FeedEntry& b) { return a.updated > b.updated; });
    return entries;
}

bool has_feed(const Site& site) { return site.config.has_absolute_base() && !feed_entries(site).empty(); }

std::string sitemap_xml(const Site& site) {
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    for (const auto& [url, page] : site.pages) {
        if (page.meta.draft) continue;  // a --drafts build is a preview, not for search engines
        xml += "  <url>\n    <loc>" + absolute(site, url) + "</loc>\n";
        // W3C Datetime, which allows a year or a month alone, as a paper may give.
        if (page.meta.date) xml += "    <lastmod>" + iso_date(*page.meta.date) + "</lastmod>\n";
        xml += "  </url>\n";
    }
    return xml + "</urlset>\n";
}

std::string robots_txt(const Site& site) {
    std::string text = "User-agent: *\nAllow: /\n";
    if (site.config.has_absolute_base()) text += "\nSitemap: " + encode_url(site.config.absolute_url("/sitemap.xml")) + "\n";
    return text;
}

std::string atom_feed(const Site& site) {
    const auto& c = site.config;
    const auto entries = feed_entries(site);
    const std::string self = absolute(site, "/feed.xml");
    std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"" + escape_xml(c.language) + "\">\n";
    xml += "  <title>" + escape_xml(c.title) + "</title>\n";
    if (!c.description.empty()) xml += "  <subtitle>" + escape_xml(c.description) + "</subtitle>\n";
    xml += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" + self + "\"/>\n";
    xml += "  <link rel=\"alternate\" type=\"text/html\" href=\"" + absolute(site, "/") + "\"/>\n";
    xml += "  <id>" + self + "</id>\n";
    // The newest report's date, so the feed is the same on every build of the same site.
    xml += "  <updated>" + atom_date(entries.front().updated) + "</updated>\n";
    xml += "  <author><name>" + escape_xml(c.organisation.empty() ? c.title : c.organisation) + "</name></author>\n";
    if (!c.favicon.empty()) xml += "  <icon>" + absolute(site, "/" + c.favicon) + "</icon>\n";
    xml += "  <generator>Gazette</generator>\n";
    for (const auto& entry : entries) {
        const auto& meta = site.page(entry.url).meta;
        const std::string link = absolute(site, entry.url);
        xml += "  <entry>\n";
        xml += "    <title>" + escape_xml(meta.title) + "</title>\n";
        xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"" + link + "\"/>\n";
        xml += "    <id>" + link + "</id>\n";
        xml += "    <updated>" + atom_date(entry.updated) + "</updated>\n";
        const std::string& summary = meta.summary.empty() ? meta.purpose : meta.summary;
        if (!summary.empty()) xml += "    <summary>" + escape_xml(summary) + "</summary>\n";
        if (!meta.committee.empty()) xml += "    <category term=\"" + escape_xml(meta.committee) + "\"/>\n";
        xml += "  </entry>\n";
    }
    return xml + "</feed>\n";
}

}  // namespace gazette
