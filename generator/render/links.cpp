// Every link and image in the rendered site that stays inside it must land
// on a page or file the site publishes, and on an id that page has.
#include "render/render.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <unordered_set>
#include <string_view>
#include <vector>

namespace gazette {

namespace {

// "https://...", "mailto:...", "//host/...": anything with a scheme or a host.
bool leaves_site(std::string_view url) {
    if (url.rfind("//", 0) == 0) return true;
    if (url.empty() || std::isalpha(static_cast<unsigned char>(url[0])) == 0) return false;
    for (char c : url) {
        if (c == ':') return true;
        if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '+' && c != '.' && c != '-') return false;
    }
    return false;
}

// "reports/x/index.html" + "../y/#p" -> ("reports/y/index.html", "p"). By
// hand rather than through std::filesystem: a site checks every link of
// every page, and most pages link to every section.
std::pair<std::string, std::string> resolve(std::string_view from, std::string_view url) {
    std::string_view target = url;
    std::string fragment;
    if (auto hash = target.find('#'); hash != std::string_view::npos) {
        fragment = target.substr(hash + 1);
        target = target.substr(0, hash);
    }
    if (auto query = target.find('?'); query != std::string_view::npos) target = target.substr(0, query);
    if (target.empty()) return {std::string(from), fragment};
    std::vector<std::string_view> parts;
    std::string above;  // "../" for each step out of the site: such a link leads nowhere
    auto add = [&](std::string_view text) {
        for (std::size_t start = 0; start <= text.size();) {
            std::size_t end = std::min(text.find('/', start), text.size());
            std::string_view part = text.substr(start, end - start);
            if (part == "..") {
                if (!parts.empty()) parts.pop_back();
                else above += "../";
            } else if (!part.empty() && part != ".") {
                parts.push_back(part);
            }
            start = end + 1;
        }
    };
    if (target.front() != '/') add(from.substr(0, from.rfind('/') == std::string_view::npos ? 0 : from.rfind('/')));
    add(target);
    std::string text = target.front() == '/' ? "/" : above;  // root-absolute: not a path in the output
    for (const auto& part : parts) text.append(part).append("/");
    if (target.back() == '/' || target == "." || target == ".." || target.ends_with("/.") || target.ends_with("/..") ||
        parts.empty())
        text += "index.html";
    else
        text.pop_back();
    return {text, fragment};
}

// Where in the Markdown an author wrote the link, if it can be found.
SourceLocation where_written(const Site& site, const Page* page, const std::string& url, const std::string& fragment) {
    if (page == nullptr || page->source.empty()) return {};
    std::string needle = fragment.empty() ? url : "#" + fragment;
    std::string storage;
    const std::string_view body = site.page_body(*page, storage);
    auto at = body.find(needle);
    if (at == std::string::npos) return {page->source};
    int line = page->body_first_line + static_cast<int>(std::count(body.begin(), body.begin() + static_cast<long>(at), '\n'));
    return {page->source, line, 0};
}

}  // namespace

// Attributes written name="value" after white space, as the theme writes
// them; a plain scan, as a regular expression takes most of a build's time.
PageLinks extract_links(std::string_view html) {
    PageLinks links;
    std::vector<std::string_view> ids;  // sorted and each kept once at the end
    std::unordered_set<std::string_view> seen;
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
        if (id) ids.push_back(value);
        else if (!value.empty() && !leaves_site(value) && seen.insert(value).second)
            links.add_reference(src, value);
        at = end - 1;
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    links.set_ids(ids);
    return links;
}

void PageLinks::set_ids(const std::vector<std::string_view>& sorted) {
    id_text.clear();
    id_ends.clear();
    id_ends.reserve(sorted.size());
    for (std::string_view id : sorted) {
        id_text += id;
        id_ends.push_back(static_cast<std::uint32_t>(id_text.size()));
    }
}

bool PageLinks::has_id(std::string_view id) const {
    auto nth = [&](std::size_t i) {
        const std::uint32_t start = i == 0 ? 0 : id_ends[i - 1];
        return std::string_view(id_text).substr(start, id_ends[i] - start);
    };
    std::size_t low = 0, high = id_ends.size();  // binary search, as the ids are sorted
    while (low < high) {
        const std::size_t middle = low + (high - low) / 2;
        const std::string_view there = nth(middle);
        if (there == id) return true;
        if (there < id) low = middle + 1;
        else high = middle;
    }
    return false;
}

void PageLinks::add_reference(bool src, std::string_view address) {
    reference_text += address;
    reference_ends.push_back(static_cast<std::uint32_t>(reference_text.size()) | (src ? src_flag : 0U));
}

std::vector<PageLinks::Reference> PageLinks::references() const {
    std::vector<Reference> out;
    out.reserve(reference_ends.size());
    std::uint32_t start = 0;
    for (std::uint32_t end : reference_ends) {
        const std::uint32_t at = end & ~src_flag;
        out.push_back({(end & src_flag) != 0 ? "src" : "href", std::string_view(reference_text).substr(start, at - start)});
        start = at;
    }
    return out;
}

std::vector<BrokenLink> broken_links(const Site& site, const std::string& path, const PageLinks& links, const LinkTargets& targets) {
    std::vector<BrokenLink> broken;
    const Page* page = nullptr;  // the page whose Markdown wrote the links, if any
    if (path.ends_with("index.html")) {
        std::string url = path.substr(0, path.size() - 10);
        url.insert(url.begin(), '/');
        if (auto it = site.pages.find(url); it != site.pages.end()) page = &it->second;
    }
    for (const auto& [attribute, address] : links.references()) {
        auto [target, fragment] = resolve(path, address);
        bool missing = !targets.publishes(target);
        const PageLinks* target_page = missing || fragment.empty() ? nullptr : targets.page(target);
        bool no_anchor = target_page && !target_page->has_id(fragment);
        if (!missing && !no_anchor) continue;
        const std::string link(address);  // for the message, once a link is broken
        SourceLocation where = where_written(site, page, link, fragment);
        if (where.file.empty()) where.file = "(page /" + path + ")";
        Diagnostic d;
        d.where = where;
        d.severity = Severity::error;
        if (missing) {
            d.message = "the link " + link + " on /" + path + " leads to nothing the site publishes";
            d.hint = attribute == "src" ? "check the image's file name" : "check the address; pages end in /";
        } else {
            d.message = "the link " + link + " on /" + path + " points to #" + fragment + ", which /" + target + " does not have";
            d.hint = fragment.rfind("para-", 0) == 0 ? "check the paragraph number; they are written #para-3-2" : "check the anchor";
        }
        broken.push_back({target + "#" + fragment, std::move(d)});
    }
    return broken;
}

void report_broken_links(const std::map<std::string, std::vector<BrokenLink>>& by_page, Diagnostics& diagnostics) {
    // Report pages first; a print page gathers their content, so it reports
    // only what breaks there alone (such as a link resolved from the wrong folder).
    std::vector<const std::vector<BrokenLink>*> order;
    for (const auto& [path, broken] : by_page)
        if (!path.ends_with("print.html")) order.push_back(&broken);
    for (const auto& [path, broken] : by_page)
        if (path.ends_with("print.html")) order.push_back(&broken);
    std::set<std::string> reported;  // each missing place once
    for (const auto* broken : order)
        for (const auto& link : *broken)
            if (reported.insert(link.target).second) diagnostics.add(link.diagnostic);
}

}  // namespace gazette
