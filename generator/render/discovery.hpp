// What search engines and feed readers read: sitemap.xml, robots.txt and an
// Atom feed of the reports. Private to render/.
#pragma once

#include "model/model.hpp"

#include <string>
#include <vector>

namespace gazette {

// A report as the feed carries it: dated by its date, else its meeting date.
struct FeedEntry {
    std::string url;
    Date updated;
};

// The reports a feed carries, newest first: those with a date, drafts left out.
std::vector<FeedEntry> feed_entries(const Site& site);
// A feed needs absolute addresses (base_url with a host) and a report to carry.
bool has_feed(const Site& site);

// Needs an absolute base_url.
std::string sitemap_xml(const Site& site);
// Only when has_feed(site).
std::string atom_feed(const Site& site);
// Allows every page; names the sitemap when there is one.
std::string robots_txt(const Site& site);

}  // namespace gazette
