// Every link and image in the rendered site that stays inside it must land
// on a page or file the site publishes, and on an id that page has.
#include "render/render.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace fs = std::filesystem;

namespace gazette {

namespace {

// "https://...", "mailto:...", "//host/...": anything with a scheme or a host.
bool leaves_site(const std::string& url) {
    if (url.rfind("//", 0) == 0) return true;
    if (url.empty() || std::isalpha(static_cast<unsigned char>(url[0])) == 0) return false;
    for (char c : url) {
        if (c == ':') return true;
        if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '+' && c != '.' && c != '-') return false;
    }
    return false;
}

// "reports/x/index.html" + "../y/#p" -> ("reports/y/index.html", "p")
std::pair<std::string, std::string> resolve(const fs::path& from, const std::string& url) {
    std::string target = url;
    std::string fragment;
    if (auto hash = target.find('#'); hash != std::string::npos) {
        fragment = target.substr(hash + 1);
        target.erase(hash);
    }
    if (auto query = target.find('?'); query != std::string::npos) target.erase(query);
    if (target.empty()) return {from.generic_string(), fragment};
    fs::path path = (from.parent_path() / target).lexically_normal();
    std::string text = path.generic_string();
    if (text.empty() || text == "." || target.back() == '/') text = (text == "." ? "" : text + (text.back() == '/' ? "" : "/")) + "index.html";
    return {text, fragment};
}

// Where in the Markdown an author wrote the link, if it can be found.
SourceLocation where_written(const Page* page, const std::string& url, const std::string& fragment) {
    if (page == nullptr || page->source.empty()) return {};
    std::string needle = fragment.empty() ? url : "#" + fragment;
    auto at = page->body.find(needle);
    if (at == std::string::npos) return {page->source};
    int line = page->body_first_line + static_cast<int>(std::count(page->body.begin(), page->body.begin() + static_cast<long>(at), '\n'));
    return {page->source, line, 0};
}

}  // namespace

// Attributes written name="value" after white space, as the theme writes
// them; a plain scan, as a regular expression takes most of a build's time.
PageLinks extract_links(std::string_view html) {
    PageLinks links;
    std::set<std::string> ids;
    std::set<std::string_view> seen;
    auto preceded_by = [&](std::size_t at, std::string_view name) {
        return at >= name.size() + 1 && html.substr(at - name.size(), name.size()) == name &&
               std::isspace(static_cast<unsigned char>(html[at - name.size() - 1])) != 0;
    };
    for (std::size_t at = html.find("=\""); at != std::string_view::npos; at = html.find("=\"", at + 2)) {
        const bool id = preceded_by(at, "id");
        const bool href = !id && preceded_by(at, "href");
        const bool src = !id && !href && preceded_by(at, "src");
        if (!id && !href && !src) continue;
        auto end = html.find('"', at + 2);
        if (end == std::string_view::npos) break;
        std::string_view value = html.substr(at + 2, end - at - 2);
        if (id) ids.emplace(value);
        else if (!value.empty() && !leaves_site(std::string(value)) && seen.insert(value).second)
            links.references.emplace_back(href ? "href" : "src", std::string(value));
        at = end - 1;
    }
    links.ids.assign(ids.begin(), ids.end());
    return links;
}

void check_links(const Site& site, const std::map<std::string, PageLinks>& pages, const std::set<std::string>& published,
                 Diagnostics& diagnostics) {
    // Report pages first; a print page gathers their content, so it reports
    // only what breaks there alone (such as a link resolved from the wrong folder).
    std::vector<std::string> order;
    for (const auto& [path, links] : pages)
        if (!path.ends_with("print.html")) order.push_back(path);
    for (const auto& [path, links] : pages)
        if (path.ends_with("print.html")) order.push_back(path);
    std::set<std::string> broken;  // resolved targets already reported

    for (const auto& path : order) {
        const Page* page = nullptr;  // the page whose Markdown wrote the links, if any
        if (path.ends_with("index.html")) {
            std::string url = path.substr(0, path.size() - 10);
            url.insert(url.begin(), '/');
            if (auto it = site.pages.find(url); it != site.pages.end()) page = &it->second;
        }
        for (const auto& [attribute, link] : pages.at(path).references) {
            auto [target, fragment] = resolve(path, link);
            std::string key = target + "#" + fragment;
            bool missing = published.count(target) == 0;
            auto target_page = pages.find(target);
            bool no_anchor = !missing && !fragment.empty() && target_page != pages.end() &&
                             !std::binary_search(target_page->second.ids.begin(), target_page->second.ids.end(), fragment);
            if (!missing && !no_anchor) continue;
            if (!broken.insert(key).second) continue;
            // Searched for only now: a page of many links would search its text once for each.
            SourceLocation where = where_written(page, link, fragment);
            if (where.file.empty()) where.file = "(page /" + path + ")";
            if (missing) {
                diagnostics.error(where, "the link " + link + " on /" + path + " leads to nothing the site publishes",
                                  attribute == "src" ? "check the image's file name" : "check the address; pages end in /");
                continue;
            }
            diagnostics.error(where, "the link " + link + " on /" + path + " points to #" + fragment + ", which /" + target +
                                         " does not have",
                              fragment.rfind("para-", 0) == 0 ? "check the paragraph number; they are written #para-3-2"
                                                              : "check the anchor");
        }
    }
}

}  // namespace gazette
