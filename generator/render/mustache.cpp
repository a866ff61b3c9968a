#include "render/mustache.hpp"

#include <algorithm>
#include <optional>

namespace gazette {

namespace {

using nlohmann::json;

// What std::isspace means in the C locale: how tags are trimmed.
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

std::string_view trim_tag(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

// "\r\n", "\n" or "\r" when one starts at `at`, else "".
std::string_view newline_at(std::string_view text, std::size_t at) {
    if (text.compare(at, 2, "\r\n") == 0) return text.substr(at, 2);
    if (text[at] == '\n' || text[at] == '\r') return text.substr(at, 1);
    return {};
}

bool is_true(const json* value) {
    if (value == nullptr) return false;
    switch (value->type()) {
        case json::value_t::boolean: return value->get<bool>();
        case json::value_t::string: return !value->get_ref<const std::string&>().empty();
        case json::value_t::array: return !value->empty();
        case json::value_t::object:
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
        case json::value_t::number_float: return true;
        default: return false;  // null, binary
    }
}

// As kainjow::mustache::html_escape, which themes' output was made with: ' is &apos;.
void append_escaped(std::string& html, std::string_view text) {
    std::size_t done = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        std::string_view entity;
        switch (text[i]) {
            case '&': entity = "&amp;"; break;
            case '<': entity = "&lt;"; break;
            case '>': entity = "&gt;"; break;
            case '"': entity = "&quot;"; break;
            case '\'': entity = "&apos;"; break;
            default: continue;
        }
        html.append(text.substr(done, i - done));
        html.append(entity);
        done = i + 1;
    }
    html.append(text.substr(done));
}

void print(const json& value, bool escape, std::string& html) {
    if (value.is_string()) {
        const auto& text = value.get_ref<const std::string&>();
        if (escape) {
            append_escaped(html, text);
        } else {
            html += text;
        }
    } else if (value.is_number()) {
        html += value.dump();  // digits, a sign, a point, an exponent: nothing to escape
    }
}

}  // namespace

struct MustacheTemplate::Parser {
    std::string_view input;
    MustacheTemplate& out;
    std::string open = "{{";
    std::string close = "}}";
    struct OpenSection {
        std::size_t node;
        std::string_view name;
        std::string_view tag;  // as written, "{{#name}}"
        std::size_t offset;
    };
    std::vector<OpenSection> sections{};  // innermost last

    std::optional<MustacheError> parse() {
        std::size_t at = 0;
        while (at < input.size()) {
            if (input.compare(at, open.size(), open) == 0) {
                if (auto error = tag(at)) return error;
                continue;
            }
            if (auto newline = newline_at(input, at); !newline.empty()) {
                add_text(NodeKind::newline, newline);
                at += newline.size();
                continue;
            }
            std::size_t end = at + 1;
            while (end < input.size() && input[end] != '\n' && input[end] != '\r' &&
                   input.compare(end, open.size(), open) != 0)
                ++end;
            add_text(NodeKind::text, input.substr(at, end - at));
            at = end;
        }
        if (!sections.empty()) {
            const OpenSection& section = sections.front();
            return MustacheError{section.offset, "the section " + std::string(section.tag) + " is never closed",
                                 "add " + closing_tag(section.name) + " where the section ends"};
        }
        return std::nullopt;
    }

    // Reads the tag at `at` and moves `at` past it.
    std::optional<MustacheError> tag(std::size_t& at) {
        const std::size_t start = at;
        std::size_t contents = start + open.size();
        const bool triple = open == "{{" && close == "}}" && contents < input.size() && input[contents] == '{';
        const std::string_view closing = triple ? std::string_view("}}}") : std::string_view(close);
        if (triple) ++contents;
        const std::size_t end = input.find(closing, contents);
        if (end == std::string_view::npos)
            return MustacheError{start, "\"" + std::string(input.substr(start, contents - start)) +
                                            "\" opens a tag that is never closed",
                                 "close the tag with " + std::string(closing)};
        at = end + closing.size();
        const std::string_view written = input.substr(start, at - start);
        const std::string_view body = trim_tag(input.substr(contents, end - contents));
        if (!body.empty() && body.front() == '=') return set_delimiters(body, written, start);
        if (triple || body.empty()) {
            add_named(triple ? NodeKind::unescaped : NodeKind::variable, body);
            return std::nullopt;
        }
        const std::string_view name = trim_tag(body.substr(1));
        switch (body.front()) {
            case '#':
            case '^':
                sections.push_back({out.nodes_.size(), name, written, start});
                out.depth_ = std::max(out.depth_, sections.size());
                add_named(body.front() == '#' ? NodeKind::section : NodeKind::inverted, name);
                break;
            case '/': return close_section(name, written, start);
            case '>': out.partial_tags_.push_back({std::string(name), start}); break;
            case '&': add_named(NodeKind::unescaped, name); break;
            case '!': out.nodes_.push_back({NodeKind::silent_tag}); break;
            default: add_named(NodeKind::variable, body);
        }
        return std::nullopt;
    }

    std::optional<MustacheError> close_section(std::string_view name, std::string_view written, std::size_t at) {
        if (sections.empty())
            return MustacheError{at, std::string(written) + " closes a section that is not open",
                                 "remove it, or open the section with " + open + "#" + std::string(name) + close};
        if (sections.back().name != name)
            return MustacheError{at, std::string(written) + " closes a section, but the one open is " +
                                         std::string(sections.back().tag),
                                 "close sections in the reverse of the order they open: " +
                                     closing_tag(sections.back().name) + " first"};
        out.nodes_[sections.back().node].end = out.nodes_.size();
        sections.pop_back();
        return std::nullopt;
    }

    // {{=<% %>=}}: two delimiters, without white space or "=" in them.
    std::optional<MustacheError> set_delimiters(std::string_view body, std::string_view written, std::size_t at) {
        auto valid = [](std::string_view delimiter) {
            return std::none_of(delimiter.begin(), delimiter.end(), [](char c) { return c == '=' || is_space(c); });
        };
        const std::string_view inner = body.size() >= 5 && body.back() == '=' ? trim_tag(body.substr(1, body.size() - 2)) : "";
        const std::size_t space = inner.find(' ');
        if (space != std::string_view::npos) {
            const std::string_view begin = inner.substr(0, space);
            const std::string_view end = inner.substr(inner.find_first_not_of(' ', space + 1));
            if (valid(begin) && valid(end)) {
                open = begin;
                close = end;
                out.nodes_.push_back({NodeKind::silent_tag});
                return std::nullopt;
            }
        }
        return MustacheError{at, std::string(written) + " does not set two delimiters",
                             "write the new delimiters apart, without spaces or \"=\" in them: " + open + "=<% %>=" + close};
    }

    void add_text(NodeKind kind, std::string_view text) {
        out.nodes_.push_back({kind, out.text_.size(), text.size()});
        out.text_ += text;
    }

    // Splits a dotted name as kainjow did: "a.b" is a then b, a last "." is
    // ignored, and "." alone is the innermost context.
    void add_named(NodeKind kind, std::string_view name) {
        Node node{kind, out.names_.size()};
        if (name != ".") {
            std::size_t start = 0;
            for (std::size_t dot = name.find('.'); dot != std::string_view::npos; dot = name.find('.', start)) {
                out.names_.emplace_back(name.substr(start, dot - start));
                start = dot + 1;
            }
            if (start < name.size() || out.names_.size() == node.first) out.names_.emplace_back(name.substr(start));
        }
        node.size = out.names_.size() - node.first;
        out.nodes_.push_back(node);
    }

    [[nodiscard]] std::string closing_tag(std::string_view name) const { return open + "/" + std::string(name) + close; }
};

std::variant<MustacheTemplate, MustacheError> MustacheTemplate::parse(std::string_view text) {
    MustacheTemplate parsed;
    Parser parser{text, parsed};
    if (auto error = parser.parse()) return *error;
    return parsed;
}

struct MustacheTemplate::Output {
    std::string html;
    std::vector<const json*> contexts;  // innermost last
    std::size_t line_start = 0;
    bool line_may_go = false;  // it held a section that rendered, a comment or a delimiter change

    // Leaves the line out, newline and all, when it may go and printed only spaces and tabs.
    void end_line(std::string_view newline) {
        if (line_may_go && html.find_first_not_of(" \t", line_start) == std::string::npos) {
            html.resize(line_start);
        } else {
            html += newline;
        }
        line_start = html.size();
        line_may_go = false;
    }
};

std::string MustacheTemplate::render(const json& view, const json* base, std::size_t expected_size) const {
    Output out;
    out.html.reserve(expected_size);
    out.contexts.reserve(depth_ + 2);
    if (base != nullptr) out.contexts.push_back(base);
    out.contexts.push_back(&view);
    render_nodes(0, nodes_.size(), out);
    out.end_line("");
    return std::move(out.html);
}

void MustacheTemplate::render_nodes(std::size_t from, std::size_t to, Output& out) const {
    for (std::size_t i = from; i < to; ++i) {
        const Node& node = nodes_[i];
        switch (node.kind) {
            case NodeKind::text: out.html.append(text_, node.first, node.size); break;
            case NodeKind::newline: out.end_line(std::string_view(text_).substr(node.first, node.size)); break;
            case NodeKind::variable:
            case NodeKind::unescaped:
                if (const json* value = lookup(node, out)) print(*value, node.kind == NodeKind::variable, out.html);
                break;
            case NodeKind::section:
            case NodeKind::inverted: {
                const json* value = lookup(node, out);
                if (is_true(value) == (node.kind == NodeKind::section)) render_section(i + 1, node.end, value, out);
                i = node.end - 1;
                break;
            }
            case NodeKind::silent_tag: out.line_may_go = true; break;
        }
    }
}

void MustacheTemplate::render_section(std::size_t from, std::size_t to, const json* value, Output& out) const {
    // The section's tags stand on the lines where each pass starts and ends.
    auto render_with = [&](const json* context) {
        out.line_may_go = true;
        if (context != nullptr) out.contexts.push_back(context);
        render_nodes(from, to, out);
        if (context != nullptr) out.contexts.pop_back();
        out.line_may_go = true;
    };
    if (value != nullptr && value->is_array() && !value->empty()) {
        for (const json& item : *value) render_with(&item);
    } else {
        render_with(value);  // once: a true value, or the false one an inverted section found
    }
}

const json* MustacheTemplate::lookup(const Node& node, const Output& out) const {
    if (node.size == 0) return out.contexts.back();
    for (auto context = out.contexts.rbegin(); context != out.contexts.rend(); ++context) {
        const json* value = *context;
        for (std::size_t part = node.first; part < node.first + node.size && value != nullptr; ++part) {
            auto found = value->is_object() ? value->find(names_[part]) : value->end();
            value = found == value->end() ? nullptr : &*found;
        }
        if (value != nullptr) return value;
    }
    return nullptr;
}

}  // namespace gazette
