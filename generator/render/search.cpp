// The search index: each page's text, read from its rendered HTML, so that
// search finds what a reader sees (the report's cover, the glossary, a
// chart's description and data), whichever templates drew it.
#include "render/render.hpp"
#include "text/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gazette {

namespace {

using nlohmann::json;

// What reading an element needs to know of it, by its name.
enum ElementFlags : unsigned {
    void_element = 1,    // has no end tag
    inline_element = 2,  // inside running text: no word break where it opens or closes
    skipped_element = 4,  // never read: navigation repeats other pages, scripts are not text,
                          // and the <h1> is the page's title, which the index holds on its own
    heading_element = 8,
    raw_text_element = 16,  // its content is never markup
};

constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Element names are matched as HTML does, whatever their case.
bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

// An element's name of up to eight bytes as one integer, in lower case, so that
// finding it among the known elements compares integers, not strings; 0 for a
// longer name.
constexpr std::uint64_t name_key(std::string_view name) {
    if (name.size() > 8) return 0;
    std::uint64_t key = 0;
    for (char c : name) key = key << 8 | static_cast<unsigned char>(ascii_lower(c));
    return key;
}

unsigned flags_of(std::string_view name) {
    // Sorted by key, for a binary search: a page has a thousand tags.
    static constexpr auto elements = [] {
        std::array<std::pair<std::uint64_t, unsigned>, 49> keyed{};
        constexpr std::array<std::pair<std::string_view, unsigned>, 49> named{{
            {"a", inline_element},      {"abbr", inline_element},   {"area", void_element},     {"b", inline_element},
            {"base", void_element},     {"bdi", inline_element},    {"bdo", inline_element},    {"br", void_element},
            {"button", skipped_element}, {"cite", inline_element},  {"code", inline_element},   {"col", void_element},
            {"data", inline_element},   {"del", inline_element},    {"dfn", inline_element},    {"em", inline_element},
            {"embed", void_element},    {"h1", skipped_element},    {"h2", heading_element},    {"h3", heading_element},
            {"h4", heading_element},    {"h5", heading_element},    {"h6", heading_element},    {"hr", void_element},
            {"i", inline_element},      {"img", void_element},      {"input", void_element},    {"ins", inline_element},
            {"kbd", inline_element},    {"link", void_element},     {"mark", inline_element},   {"meta", void_element},
            {"nav", skipped_element},   {"noscript", skipped_element}, {"param", void_element}, {"q", inline_element},
            {"s", inline_element},      {"script", skipped_element | raw_text_element}, {"small", inline_element}, {"source", void_element},
            {"span", inline_element},   {"strong", inline_element}, {"style", skipped_element | raw_text_element}, {"sub", inline_element},
            {"sup", inline_element},    {"svg", skipped_element},   {"template", skipped_element}, {"track", void_element},
            {"wbr", void_element},
        }};
        for (std::size_t i = 0; i < named.size(); ++i) keyed[i] = {name_key(named[i].first), named[i].second};
        std::sort(keyed.begin(), keyed.end());
        return keyed;
    }();
    const std::uint64_t key = name_key(name);
    if (key == 0) return 0;
    auto it = std::lower_bound(elements.begin(), elements.end(), key, [](const auto& e, std::uint64_t k) { return e.first < k; });
    return it != elements.end() && it->first == key ? it->second : 0U;
}

constexpr std::array<bool, 256> space_table = [] {
    std::array<bool, 256> table{};
    for (unsigned char c : {' ', '\n', '\t', '\r', '\f'}) table[c] = true;
    return table;
}();
bool is_space(char c) { return space_table[static_cast<unsigned char>(c)]; }
// As std::isspace, std::isalpha and std::isalnum in the "C" locale, without a call per byte.
bool is_c_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return (c >= '0' && c <= '9') || is_alpha(c); }

// Calls visit(name, value) for each of an opening tag's attributes, the name
// in lower case: `<p id="a" hidden>` gives ("id", "a") and ("hidden", "").
// Values stay as written (still escaped).
template <typename Visit>
void each_attribute(std::string_view tag, Visit visit) {
    auto space = [&](std::size_t i) { return is_c_space(tag[i]); };
    std::size_t i = 1;
    while (i < tag.size() && !space(i) && tag[i] != '>' && tag[i] != '/') ++i;  // the element's name
    std::string lowered;  // for a name written with capitals
    while (i < tag.size()) {
        while (i < tag.size() && (space(i) || tag[i] == '/')) ++i;
        if (i >= tag.size() || tag[i] == '>') break;
        const std::size_t name_start = i;
        bool capitals = false;
        for (; i < tag.size() && !space(i) && tag[i] != '=' && tag[i] != '>' && tag[i] != '/'; ++i)
            capitals = capitals || (tag[i] >= 'A' && tag[i] <= 'Z');
        std::string_view name = tag.substr(name_start, i - name_start);
        if (capitals) {
            lowered.assign(name);
            for (char& c : lowered) c = ascii_lower(c);
            name = lowered;
        }
        std::string_view value;
        if (i < tag.size() && tag[i] == '=') {
            ++i;
            if (i < tag.size() && (tag[i] == '"' || tag[i] == '\'')) {
                std::size_t close = tag.find(tag[i], i + 1);
                if (close == std::string_view::npos) close = tag.size();
                value = tag.substr(i + 1, close - i - 1);
                i = close + 1;
            } else {
                std::size_t start = i;
                while (i < tag.size() && !space(i) && tag[i] != '>') ++i;
                value = tag.substr(start, i - start);
            }
        }
        visit(name, value);
    }
}

// Text as it is added, each run of white space one space, none at either end.
class CollapsedText {
public:
    void space() { pending_ = true; }
    void add(std::string_view text) {
        std::size_t at = 0;
        while (at < text.size()) {
            if (is_space(text[at])) {
                pending_ = true;
                ++at;
                continue;
            }
            // Words with one plain space between them, as most text is, go in as one piece.
            std::size_t end = at + 1;
            while (end < text.size() &&
                   (!is_space(text[end]) || (text[end] == ' ' && end + 1 < text.size() && !is_space(text[end + 1]))))
                ++end;
            if (pending_ && !text_.empty()) text_ += ' ';
            pending_ = false;
            text_.append(text.substr(at, end - at));
            at = end;
        }
    }
    // A term's end, marked as a reader hears it: "Type: Scrutiny briefing",
    // not "Type Scrutiny briefing" (a <dt> and its <dd>, in a snippet).
    void end_term() {
        if (!text_.empty() && std::ispunct(static_cast<unsigned char>(text_.back())) == 0) text_ += ':';
    }
    std::string take() { return std::move(text_); }
    [[nodiscard]] bool empty() const { return text_.empty(); }

private:
    std::string text_;
    bool pending_ = false;
};

void append_utf8(std::string& out, unsigned long code) {
    if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) code = 0xFFFD;
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

// Text as the reader sees it, given to add() piece by piece: character
// references decoded. Gazette and cmark write only these few; any other is
// kept as written.
template <typename Add>
void decode_text(std::string_view html, Add add) {
    static const std::array<std::pair<std::string_view, std::string_view>, 6> named{
        {{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}}};
    std::size_t done = 0;
    for (std::size_t i = html.find('&'); i != std::string_view::npos; i = html.find('&', i + 1)) {
        std::size_t end = html.find(';', i);
        if (end == std::string_view::npos || end - i > 10) continue;
        std::string_view name = html.substr(i + 1, end - i - 1);
        std::string decoded;
        if (name.size() > 1 && name[0] == '#') {
            bool hex = name[1] == 'x' || name[1] == 'X';
            std::string_view digits = name.substr(hex ? 2 : 1);
            if (!digits.empty() && digits.find_first_not_of(hex ? "0123456789abcdefABCDEF" : "0123456789") == std::string_view::npos)
                append_utf8(decoded, std::stoul(std::string(digits), nullptr, hex ? 16 : 10));
        } else {
            for (const auto& [entity, text] : named)
                if (name == entity) decoded = text;
        }
        if (decoded.empty()) continue;
        add(html.substr(done, i - done));
        add(std::string_view(decoded));
        done = end + 1;
        i = end;
    }
    add(html.substr(done));
}

std::string decoded(std::string_view html) {
    std::string out;
    decode_text(html, [&](std::string_view piece) { out.append(piece); });
    return out;
}

// Reads the HTML tag by tag. A part starts at each element with an id (a
// heading, a numbered paragraph, a figure, a glossary term) unless it lies
// within the element that started the current part, so a paragraph's
// table stays in the paragraph.
class PartReader {
public:
    std::vector<SearchPart> read(std::string_view html) {
        start_part("");
        std::size_t at = 0;
        while (at < html.size()) {
            std::size_t open = html.find('<', at);
            text(html.substr(at, open == std::string_view::npos ? std::string_view::npos : open - at));
            if (open == std::string_view::npos) break;
            if (html.substr(open, 4) == "<!--") {
                std::size_t end = html.find("-->", open + 4);
                at = end == std::string_view::npos ? html.size() : end + 3;
                continue;
            }
            std::size_t close = html.find('>', open);
            if (close == std::string_view::npos) break;
            std::string_view tag = html.substr(open, close - open + 1);
            at = close + 1;
            if (tag.size() > 2 && tag[1] == '/') end_tag(name_of(tag.substr(2)));
            else if (tag.size() > 1 && is_alpha(tag[1])) {
                const std::string_view name = name_of(tag.substr(1));
                const unsigned flags = flags_of(name);
                start_tag(tag, name, flags);
                if ((flags & raw_text_element) != 0) {
                    std::string closing = "</";
                    for (char c : name) closing += ascii_lower(c);
                    std::size_t end = html.find(closing, at);
                    at = end == std::string_view::npos ? html.size() : end;
                }
            }
        }
        finish_part();
        return std::move(out_);
    }

private:
    struct Open {
        std::string_view name;  // as written, in the page's HTML
        unsigned flags = 0;
        bool skipped = false;
    };

    // The element's name as written, up to the first byte that cannot be in one.
    static std::string_view name_of(std::string_view rest) {
        std::size_t length = 0;
        while (length < rest.size() && (is_alnum(rest[length]) || rest[length] == '-')) ++length;
        return rest.substr(0, length);
    }

    CollapsedText& current() { return in_heading_ ? heading_ : text_; }

    void start_part(std::string id) {
        finish_part();
        id_ = std::move(id);
    }
    void finish_part() {
        if (!heading_.empty() || !text_.empty()) out_.push_back({std::move(id_), heading_.take(), text_.take()});
        heading_ = {};
        text_ = {};
    }

    void text(std::string_view html) {
        if (skipping_ > 0 || html.empty()) return;
        decode_text(html, [this](std::string_view piece) { current().add(piece); });
    }

    void space() {
        if (skipping_ == 0) current().space();
    }

    void start_tag(std::string_view tag, std::string_view name, unsigned flags) {
        const bool inline_element = (flags & ElementFlags::inline_element) != 0;
        if ((flags & void_element) != 0 || tag.ends_with("/>")) {
            if (same_name(name, "img")) {
                each_attribute(tag, [&](std::string_view attribute, std::string_view value) {
                    if (attribute != "alt") return;
                    space();
                    text(value);
                    space();
                });
            } else if (!inline_element) {
                space();
            }
            return;
        }
        std::string_view id;
        bool skipped = (flags & skipped_element) != 0;
        each_attribute(tag, [&](std::string_view attribute, std::string_view value) {
            if (attribute == "id") id = value;
            // What the theme leaves out, and what neither eyes nor screen readers meet.
            if (attribute == "data-search-ignore" || attribute == "hidden" || (attribute == "aria-hidden" && value == "true"))
                skipped = true;
        });
        open_.push_back({name, flags, skipped});
        if (skipped) {
            ++skipping_;
            return;
        }
        if (skipping_ > 0) return;
        if (!id.empty() && !anchor_ && !inline_element) {  // not a footnote mark mid-sentence
            start_part(decoded(id));
            anchor_ = open_.size() - 1;
            in_heading_ = (flags & heading_element) != 0;
        }
        if (!inline_element) space();
    }

    void end_tag(std::string_view name) {
        auto match = std::find_if(open_.rbegin(), open_.rend(), [&](const Open& o) { return same_name(o.name, name); });
        if (match == open_.rend()) return;  // a stray end tag
        const unsigned flags = match->flags;
        if (skipping_ == 0 && same_name(match->name, "dt")) current().end_term();
        std::size_t keep = open_.size() - 1 - static_cast<std::size_t>(match - open_.rbegin());
        while (open_.size() > keep) {
            if (open_.back().skipped) --skipping_;
            open_.pop_back();
            if (anchor_ && *anchor_ == open_.size()) {
                anchor_.reset();
                in_heading_ = false;
            }
        }
        if ((flags & inline_element) == 0) space();
    }

    std::vector<SearchPart> out_;
    std::string id_;
    CollapsedText heading_;
    CollapsedText text_;
    std::vector<Open> open_;
    int skipping_ = 0;
    std::optional<std::size_t> anchor_;  // in open_, the element that started the current part
    bool in_heading_ = false;
};

}  // namespace

std::vector<SearchPart> search_parts(std::string_view html) {
    // The page's main content; a theme without <main> is read from <body>.
    std::size_t start = html.find("<main");
    std::string_view end_tag = "</main>";
    if (start == std::string_view::npos) {
        start = html.find("<body");
        end_tag = "</body>";
    }
    if (start == std::string_view::npos) return {};
    start = html.find('>', start);
    if (start == std::string_view::npos) return {};
    std::size_t end = html.find(end_tag, start);
    return PartReader().read(html.substr(start + 1, end == std::string_view::npos ? std::string_view::npos : end - start - 1));
}

bool is_searchable(const Page& page) { return page.kind != PageKind::search && page.kind != PageKind::site_map; }

namespace {

// A JSON string, as nlohmann's dump() writes it (UTF-8 kept, control
// characters escaped), but straight into `out`: a chunk holds a hundred
// pages' text, and building a JSON tree of it first took as long again.
// Whether any of eight bytes, read as one integer, is one a JSON string must
// escape: a control character, '"' or '\\'. (A byte is below n when taking n
// from it borrows into its high bit, which was clear.)
bool any_json_escape(std::uint64_t eight) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    auto any_below = [](std::uint64_t bytes, std::uint64_t n) { return ((bytes - ones * n) & ~bytes & highs) != 0; };
    return any_below(eight, 0x20) || any_below(eight ^ (ones * '"'), 1) || any_below(eight ^ (ones * '\\'), 1);
}

void append_json_string(std::string& out, std::string_view text) {
    if (invalid_utf8_at(text)) {  // not from Gazette's own UTF-8 checked sources: let nlohmann replace the bytes
        out += json(text).dump(-1, ' ', false, json::error_handler_t::replace);
        return;
    }
    out += '"';
    std::size_t done = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        // Eight bytes at a time past those written as they are, as nearly all are.
        for (std::uint64_t eight = 0; i + 8 <= text.size(); i += 8) {
            std::memcpy(&eight, text.data() + i, sizeof eight);
            if (any_json_escape(eight)) break;
        }
        if (i >= text.size()) break;
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(text.substr(done, i - done));
        done = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default: {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
                out += escaped;
            }
        }
    }
    out.append(text.substr(done));
    out += '"';
}

}  // namespace

std::string search_chunk_line(const SearchEntry& entry) {
    // Keys in the order nlohmann writes them; addresses relative to the site
    // root, so the site works from any folder. JSON strings hold no line break.
    std::string out = "{\"parts\":[";
    for (const auto& part : entry.parts) {
        if (&part != &entry.parts.front()) out += ',';
        out += '[';
        append_json_string(out, part.id);
        out += ',';
        append_json_string(out, part.text);
        if (!part.heading.empty()) {
            out += ',';
            append_json_string(out, part.heading);
        }
        out += ']';
    }
    out += "],\"title\":";
    append_json_string(out, entry.title);
    out += ",\"url\":";
    append_json_string(out, std::string_view(entry.url).substr(1));
    out += ",\"where\":";
    append_json_string(out, entry.where);
    return out + '}';
}

namespace {
constexpr std::string_view chunk_head = "{\"pages\":[\n";
constexpr std::string_view chunk_tail = "\n]}\n";
}  // namespace

std::string search_chunk(const std::vector<std::string_view>& lines) {
    std::string out(chunk_head);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i > 0) out += ",\n";
        out += lines[i];
    }
    return out.append(chunk_tail);
}

std::optional<std::vector<std::string_view>> search_chunk_lines(std::string_view chunk) {
    if (!chunk.starts_with(chunk_head) || !chunk.ends_with(chunk_tail)) return std::nullopt;
    std::string_view body = chunk.substr(chunk_head.size(), chunk.size() - chunk_head.size() - chunk_tail.size());
    std::vector<std::string_view> lines;
    if (body.empty()) return lines;
    for (std::size_t at = 0;;) {
        std::size_t end = body.find('\n', at);
        std::string_view line = body.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
        if (end != std::string_view::npos) {
            if (!line.ends_with(',')) return std::nullopt;
            line.remove_suffix(1);
        }
        if (!line.starts_with("{\"parts\":[") || !line.ends_with('}')) return std::nullopt;
        lines.push_back(line);
        if (end == std::string_view::npos) return lines;
        at = end + 1;
    }
}

std::string search_manifest(const std::vector<std::string>& chunks, const std::vector<std::string>& buckets) {
    json words = json::array();
    for (const auto& path : buckets) words.push_back(path.empty() ? json(nullptr) : json(path));
    return json{{"chunks", chunks}, {"pages", search_chunk_pages}, {"words", words}}.dump() + "\n";
}

}  // namespace gazette
