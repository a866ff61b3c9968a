// Every link and image in the rendered site that stays inside it must land
// on a page or file the site publishes, and on an id that page has.
#include "render/render.hpp"

#include <regex>
#include <set>

namespace fs = std::filesystem;

namespace gazette {

namespace {

bool leaves_site(const std::string& url) {
    static const std::regex scheme(R"(^[a-zA-Z][a-zA-Z0-9+.-]*:)");
    return url.rfind("//", 0) == 0 || std::regex_search(url, scheme);
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

void check_links(const Site& site, const RenderedSite& rendered, Diagnostics& diagnostics) {
    std::map<std::string, const std::string*> html;
    std::set<std::string> published;
    for (const auto& file : rendered.files) {
        published.insert(file.path.generic_string());
        if (file.path.extension() == ".html") html[file.path.generic_string()] = &file.bytes;
    }
    for (const auto& file : site.files) published.insert(file.output.generic_string());
    for (const auto& url : rendered.print_pages) published.insert(url.substr(1) + "report.pdf");  // made by --pdf

    std::map<std::string, std::set<std::string>> ids;
    static const std::regex id_attribute(R"re(\sid="([^"]*)")re");
    for (const auto& [path, bytes] : html)
        for (auto it = std::sregex_iterator(bytes->begin(), bytes->end(), id_attribute); it != std::sregex_iterator(); ++it)
            ids[path].insert((*it)[1].str());

    // Report pages first; a print page gathers their content, so it reports
    // only what breaks there alone (such as a link resolved from the wrong folder).
    std::vector<std::string> order;
    for (const auto& [path, bytes] : html)
        if (!path.ends_with("print.html")) order.push_back(path);
    for (const auto& [path, bytes] : html)
        if (path.ends_with("print.html")) order.push_back(path);
    std::set<std::string> broken;  // resolved targets already reported

    static const std::regex reference(R"re(\s(href|src)="([^"]*)")re");
    for (const auto& path : order) {
        const std::string* bytes = html.at(path);
        std::string url = "/" + path.substr(0, path.size() - std::string("index.html").size());
        auto page_it = site.pages.find(url);
        const Page* page = page_it == site.pages.end() || path.size() < 10 || path.compare(path.size() - 10, 10, "index.html") != 0
                               ? nullptr
                               : &page_it->second;
        std::set<std::string> reported;
        for (auto it = std::sregex_iterator(bytes->begin(), bytes->end(), reference); it != std::sregex_iterator(); ++it) {
            std::string link = (*it)[2].str();
            if (link.empty() || leaves_site(link) || !reported.insert(link).second) continue;
            auto [target, fragment] = resolve(path, link);
            SourceLocation where = where_written(page, link, fragment);
            if (where.file.empty()) where.file = "(page /" + path + ")";
            std::string key = target + "#" + fragment;
            bool missing = published.count(target) == 0;
            bool no_anchor = !missing && !fragment.empty() && html.count(target) != 0 && ids[target].count(fragment) == 0;
            if (!missing && !no_anchor) continue;
            if (!broken.insert(key).second) continue;
            if (missing) {
                diagnostics.error(where, "the link " + link + " on /" + path + " leads to nothing the site publishes",
                                  (*it)[1].str() == "src" ? "check the image's file name" : "check the address; pages end in /");
                continue;
            }
            if (no_anchor)
                diagnostics.error(where, "the link " + link + " on /" + path + " points to #" + fragment + ", which /" + target +
                                             " does not have",
                                  fragment.rfind("para-", 0) == 0 ? "check the paragraph number; they are written #para-3-2"
                                                                  : "check the anchor");
        }
    }
}

}  // namespace gazette
