// Markdown to HTML through cmark-gfm, with the transforms Gazette adds on the
// syntax tree: committee numbering, heading anchors, table captions and
// header scopes, and site-root links made relative.
#include "render/cmark_handles.hpp"
#include "render/render.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <mutex>
#include <regex>
#include <set>

namespace gazette {

namespace {

using cmark::NodePtr;
using cmark::ParserPtr;

constexpr const char* extension_names[] = {"table", "strikethrough", "autolink", "tagfilter", "tasklist"};

std::string plain_text(cmark_node* node) {
    std::string text;
    for (cmark_node* child = cmark_node_first_child(node); child != nullptr; child = cmark_node_next(child)) {
        switch (cmark_node_get_type(child)) {
            case CMARK_NODE_TEXT:
            case CMARK_NODE_CODE: text += cmark_node_get_literal(child); break;
            case CMARK_NODE_SOFTBREAK:
            case CMARK_NODE_LINEBREAK: text += ' '; break;
            default: text += plain_text(child);
        }
    }
    return text;
}

// The first text node of a block, descending into leading emphasis, so
// "**1. Summary**" yields "1. Summary".
cmark_node* leading_text(cmark_node* node) {
    for (cmark_node* child = cmark_node_first_child(node); child != nullptr; child = cmark_node_first_child(child)) {
        if (cmark_node_get_type(child) == CMARK_NODE_TEXT) return child;
    }
    return nullptr;
}

// The first figure in `text` from `from` on: "{{", anything but braces, "}}".
// Its start and its end (one past the "}}"); nullopt when there is none.
std::optional<std::pair<std::size_t, std::size_t>> next_figure(std::string_view text, std::size_t from) {
    for (std::size_t open = text.find("{{", from); open != std::string_view::npos; open = text.find("{{", open + 1)) {
        const std::size_t close = text.find_first_of("{}", open + 2);
        if (close == std::string_view::npos) return std::nullopt;  // no brace after this one, so none after any
        if (text.compare(close, 2, "}}") == 0) return std::make_pair(open, close + 2);
    }
    return std::nullopt;
}

struct WrittenNumber {
    int section = 0;
    int paragraph = 0;  // 0 for a section number
};

// Reads up to three digits at `at`, moving past them.
std::optional<int> read_number(std::string_view text, std::size_t& at) {
    std::size_t start = at;
    while (at < text.size() && at - start < 4 && std::isdigit(static_cast<unsigned char>(text[at])) != 0) ++at;
    if (at == start || at - start > 3) return std::nullopt;
    return std::stoi(std::string(text.substr(start, at - start)));
}

// Reads and removes a number the author wrote at the start of a block:
// "3. Title" (a section) when `section_form`, else "3.2 Text" or "3.2. Text"
// (a paragraph). White space must follow the number.
std::optional<WrittenNumber> take_written_number(cmark_node* block, bool section_form) {
    cmark_node* text = leading_text(block);
    if (text == nullptr) return std::nullopt;
    std::string_view literal = cmark_node_get_literal(text);
    std::size_t at = 0;
    WrittenNumber n;
    auto section = read_number(literal, at);
    if (!section || at >= literal.size() || literal[at] != '.') return std::nullopt;
    n.section = *section;
    ++at;
    if (!section_form) {
        auto paragraph = read_number(literal, at);
        if (!paragraph) return std::nullopt;
        n.paragraph = *paragraph;
        if (at < literal.size() && literal[at] == '.') ++at;
    }
    std::size_t words = at;
    while (words < literal.size() && std::isspace(static_cast<unsigned char>(literal[words])) != 0) ++words;
    if (words == at) return std::nullopt;
    cmark_node_set_literal(text, std::string(literal.substr(words)).c_str());
    return n;
}

cmark_node* new_custom_block(const std::string& enter, const std::string& exit) {
    cmark_node* block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
    cmark_node_set_on_enter(block, enter.c_str());
    cmark_node_set_on_exit(block, exit.c_str());
    return block;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

class MarkdownRenderer {
public:
    explicit MarkdownRenderer(const MarkdownOptions& options) : options_(options) {
        // The registry and the table of special characters are global: filled
        // once, before any thread reads them.
        static std::once_flag registered;
        std::call_once(registered, [] {
            cmark_gfm_core_extensions_ensure_registered();
            cmark::fill_special_characters(new_parser(0).get());
        });
        flags_ = CMARK_OPT_FOOTNOTES | CMARK_OPT_SMART | (options.unsafe_html ? CMARK_OPT_UNSAFE : 0);
    }

    RenderedMarkdown render(std::string_view markdown) {
        if (!tables_within_limit(markdown)) return std::move(result_);
        // cmark's check copies the text a byte at a time to put U+FFFD for
        // bytes that are not UTF-8; text that is well-formed, as sources are, needs none.
        parser_ = new_parser(invalid_utf8_at(markdown) ? flags_ | CMARK_OPT_VALIDATE_UTF8 : flags_);
        cmark_parser_feed(parser_.get(), markdown.data(), markdown.size());
        NodePtr document(cmark_parser_finish(parser_.get()));
        if (!nesting_within_limit(document.get())) return std::move(result_);

        section_ = options_.sections_before;
        if (options_.components != nullptr) {
            render_components(document.get());
            render_figures(document.get());
        }
        rewrite_links_and_check_html(document.get());
        if (options_.abbreviations != nullptr) expand_abbreviations(document.get());
        caption_tables(document.get());
        number_blocks(document.get());

        result_.html = cmark::take_string(cmark_render_html(document.get(), flags_, extensions()));
        label_footnotes(result_.html);
        result_.last_section = section_;
        return std::move(result_);
    }

private:
    // Every parser has the same extensions, which cmark_threads.cpp relies on.
    static ParserPtr new_parser(int flags) {
        ParserPtr parser(cmark_parser_new(flags));
        for (const char* name : extension_names)
            cmark_parser_attach_syntax_extension(parser.get(), cmark_find_syntax_extension(name));
        return parser;
    }

    cmark_llist* extensions() { return cmark_parser_get_syntax_extensions(parser_.get()); }

    SourceLocation at(cmark_node* node) const {
        return {options_.source, options_.first_line + cmark_node_get_start_line(node) - 1,
                cmark_node_get_start_column(node)};
    }

    // cmark-gfm reads a table row in time that grows with the square of its
    // cells, so rows wider than max_table_cells are refused before parsing.
    // A table's rows are its header line, its delimiter row (| --- | --- |)
    // and the lines after it up to a blank line.
    bool tables_within_limit(std::string_view markdown) {
        auto is_delimiter_row = [](std::string_view line) {
            line.remove_prefix(std::min(line.find_first_not_of(" \t>"), line.size()));
            return line.find('|') != std::string_view::npos && line.find('-') != std::string_view::npos &&
                   line.find_first_not_of("|-: \t") == std::string_view::npos;
        };
        bool ok = true;
        auto check = [&](std::string_view line, int number) {
            std::size_t pipes = 0;
            for (std::size_t i = 0; i < line.size(); ++i) {
                if (line[i] == '\\') ++i;
                else if (line[i] == '|' && ++pipes > max_table_cells + 1) {
                    result_.diagnostics.error({options_.source, options_.first_line + number - 1, 1},
                                              "this table row has more than " + std::to_string(max_table_cells) +
                                                  " cells; a table in Markdown may have at most " + std::to_string(max_table_cells),
                                              "put a wider table in a dataset in data/ and show it with a ```table block");
                    ok = false;
                    return;
                }
            }
        };
        bool in_table = false;
        std::string_view previous;
        int number = 0;
        for (std::size_t start = 0; start < markdown.size();) {
            std::size_t end = std::min(markdown.find('\n', start), markdown.size());
            std::string_view line = markdown.substr(start, end - start);
            start = end + 1;
            ++number;
            if (line.find_first_not_of(" \t\r>") == std::string_view::npos) {
                in_table = false;
                continue;
            }
            if (!in_table && is_delimiter_row(line)) {
                in_table = true;
                check(previous, number - 1);
            }
            if (in_table) check(line, number);
            if (!ok) return false;  // once is enough: the table's other rows are likely as wide
            previous = line;
        }
        return true;
    }

    // Quotations, lists, emphasis and links nested thousands deep would
    // exhaust the stack of whatever walks the tree; past the limit the page
    // is an error instead. (cmark's iterator itself keeps no stack.)
    bool nesting_within_limit(cmark_node* document) {
        std::vector<cmark_node*> open;  // containers entered and not yet left
        cmark::IterPtr iter(cmark_iter_new(document));
        for (auto event = cmark_iter_next(iter.get()); event != CMARK_EVENT_DONE; event = cmark_iter_next(iter.get())) {
            cmark_node* node = cmark_iter_get_node(iter.get());
            if (event == CMARK_EVENT_EXIT) {
                if (!open.empty() && open.back() == node) open.pop_back();
                continue;
            }
            if (cmark_node_first_child(node) == nullptr) continue;
            open.push_back(node);
            if (open.size() > static_cast<std::size_t>(max_markdown_nesting) + 1) {  // the document itself is not nesting
                result_.diagnostics.error(at(node), "the Markdown is nested more than " + std::to_string(max_markdown_nesting) +
                                                        " levels deep (quotations, lists, emphasis or links inside each other)",
                                          "flatten it; no report needs this much nesting");
                return false;
            }
        }
        return true;
    }

    template <typename Visit>
    static void each_node(cmark_node* root, Visit visit) {
        std::vector<cmark_node*> nodes;
        cmark_iter* iter = cmark_iter_new(root);
        for (auto event = cmark_iter_next(iter); event != CMARK_EVENT_DONE; event = cmark_iter_next(iter))
            if (event == CMARK_EVENT_ENTER) nodes.push_back(cmark_iter_get_node(iter));
        cmark_iter_free(iter);
        for (cmark_node* node : nodes) visit(node);
    }

    void rewrite_links_and_check_html(cmark_node* document) {
        std::vector<cmark_node*> images;  // sized once the walk is done, as sizing replaces them
        each_node(document, [&](cmark_node* node) {
            auto type = cmark_node_get_type(node);
            if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
                std::string url = cmark_node_get_url(node);
                // "/reports/x/" means the site's root wherever the site is published.
                if (url.size() > 1 && url[0] == '/' && url[1] != '/')
                    cmark_node_set_url(node, (options_.root + url.substr(1)).c_str());
                else if (url == "/")
                    cmark_node_set_url(node, options_.root.c_str());
                if (type == CMARK_NODE_IMAGE && plain_text(node).empty())
                    result_.diagnostics.warning(at(node), "image has no text alternative",
                                                "write what it shows between the brackets: ![Map of the six areas](map.png)");
                if (type == CMARK_NODE_IMAGE && options_.images != nullptr) images.push_back(node);
            } else if ((type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE) && !options_.unsafe_html) {
                result_.diagnostics.warning(at(node), "raw HTML is switched off, so it was left out of the page",
                                            "write it in Markdown, or set \"markdown\": {\"unsafe_html\": true} in site.json");
            }
        });
        for (cmark_node* image : images) give_size(image);
    }

    // An image of the site becomes an <img> with its width and height, so
    // the page keeps its layout while the image loads.
    void give_size(cmark_node* image) {
        std::string url = cmark_node_get_url(image);
        if (url.find(':') != std::string::npos || url.rfind("//", 0) == 0) return;  // not the site's
        url = url.substr(0, url.find_first_of("?#"));
        std::vector<std::string> parts;
        std::string joined = options_.folder + url;
        for (std::size_t start = 0; start <= joined.size();) {
            std::size_t end = std::min(joined.find('/', start), joined.size());
            std::string part = joined.substr(start, end - start);
            if (part == "..") {
                if (parts.empty()) return;  // above the site: the link check reports it
                parts.pop_back();
            } else if (!part.empty() && part != ".") {
                parts.push_back(part);
            }
            start = end + 1;
        }
        std::string path;
        for (const auto& part : parts) path += (path.empty() ? "" : "/") + part;
        auto found = options_.images->find(path);
        if (found == options_.images->end()) return;  // missing: the link check reports it
        if (!found->second) {
            result_.diagnostics.warning(at(image), "Gazette cannot read the size of " + path + ", so the page will move as it loads",
                                        "use a PNG, JPEG, GIF, or an SVG with width and height or a viewBox");
            return;
        }
        std::string html = "<img src=\"" + escape_html(cmark_node_get_url(image)) + "\" alt=\"" + escape_html(plain_text(image)) + "\"";
        if (std::string title = cmark_node_get_title(image); !title.empty()) html += " title=\"" + escape_html(title) + "\"";
        html += " width=\"" + std::to_string(found->second->width) + "\" height=\"" + std::to_string(found->second->height) + "\" />";
        insert_html(image, html);
        cmark_node_free(image);
    }

    // ```table (or chart, kpi...) blocks become the component's HTML.
    void render_components(cmark_node* document) {
        std::vector<cmark_node*> blocks;
        each_node(document, [&](cmark_node* node) {
            if (cmark_node_get_type(node) != CMARK_NODE_CODE_BLOCK) return;
            std::string name = trim(cmark_node_get_fence_info(node));
            if (options_.components->is_component(name)) blocks.push_back(node);
            else check_not_a_component(node, name);
        });
        for (cmark_node* node : blocks) {
            std::string name = trim(cmark_node_get_fence_info(node));
            SourceLocation where = at(node);
            std::string html = options_.components->component(name, cmark_node_get_literal(node), where, result_.diagnostics);
            cmark_node* block = new_custom_block(html, "");
            cmark_node_insert_before(node, block);
            cmark_node_free(node);
        }
    }

    // A block named like a component ("kpis", "Chart") and written like one
    // (`key: value` lines) is a misspelt component, not code to show.
    void check_not_a_component(cmark_node* node, const std::string& name) {
        static const std::regex yaml_key(R"(\s*[A-Za-z_]+:(\s.*)?)");
        if (name.empty()) return;
        std::string_view body = cmark_node_get_literal(node);
        std::string_view first_line = body.substr(0, body.find('\n'));
        const std::vector<std::string> names = options_.components->names();
        std::string lower = name;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        // A short name leaves room for one slip only: ```ini is code, not a kpi.
        auto suggestion = closest_match(lower, names, lower.size() <= 4 ? 1 : 2);
        if (!suggestion || !std::regex_match(first_line.begin(), first_line.end(), yaml_key)) return;
        std::string list;
        for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
        result_.diagnostics.error(at(node), "unknown component \"" + name + "\"",
                                  "did you mean \"" + *suggestion + "\"? The components are " + list +
                                      "; other fenced blocks are shown as code");
    }

    // {{ dataset.key.field | format }} in text becomes the figure itself.
    void render_figures(cmark_node* document) {
        std::vector<cmark_node*> texts;
        each_node(document, [&](cmark_node* node) {
            if (cmark_node_get_type(node) == CMARK_NODE_TEXT && std::strstr(cmark_node_get_literal(node), "{{") != nullptr)
                texts.push_back(node);
        });
        for (cmark_node* node : texts) {
            std::string literal = cmark_node_get_literal(node);
            SourceLocation where = at(cmark_node_parent(node));
            std::size_t done = 0;
            for (auto figure = next_figure(literal, 0); figure; figure = next_figure(literal, done)) {
                const auto [start, end] = *figure;
                insert_text(node, literal.substr(done, start - done));
                const std::string expression = trim(literal.substr(start + 2, end - start - 4));
                std::string html = options_.row != nullptr && expression.rfind("row.", 0) == 0
                                       ? escape_html(options_.row->value(expression.substr(4), std::string()))
                                       : options_.components->figure(expression, where, result_.diagnostics);
                insert_html(node, html);
                done = end;
            }
            insert_text(node, literal.substr(done));
            cmark_node_free(node);
        }
    }

    // The first use of each glossary abbreviation on the page gets its
    // expansion in <abbr title>. Headings are left alone: their plain text
    // makes the contents list.
    void expand_abbreviations(cmark_node* document) {
        std::vector<cmark_node*> texts;
        each_node(document, [&](cmark_node* node) {
            if (cmark_node_get_type(node) != CMARK_NODE_TEXT) return;
            for (cmark_node* up = cmark_node_parent(node); up != nullptr; up = cmark_node_parent(up))
                if (cmark_node_get_type(up) == CMARK_NODE_HEADING) return;
            texts.push_back(node);
        });
        // The terms not yet expanded on this page, in the glossary's order.
        std::vector<const GlossaryTerm*> remaining;
        for (const auto& t : *options_.abbreviations)
            if (!t.abbreviation.empty()) remaining.push_back(&t);
        for (cmark_node* node : texts) {
            if (remaining.empty()) break;  // each is expanded once a page
            std::string_view literal = cmark_node_get_literal(node);
            // Earliest unexpanded abbreviation in this text, one at a time.
            while (true) {
                std::size_t best = std::string::npos;
                auto term = remaining.end();
                for (auto t = remaining.begin(); t != remaining.end(); ++t) {
                    const std::string& abbreviation = (*t)->abbreviation;
                    for (std::size_t at = literal.find(abbreviation); at != std::string::npos;
                         at = literal.find(abbreviation, at + 1)) {
                        auto word = [&](std::size_t i) { return std::isalnum(static_cast<unsigned char>(literal[i])) != 0; };
                        std::size_t end = at + abbreviation.size();
                        if ((at > 0 && word(at - 1)) || (end < literal.size() && word(end))) continue;
                        if (at < best) best = at, term = t;
                        break;
                    }
                }
                if (term == remaining.end()) break;
                const GlossaryTerm& found = **term;
                remaining.erase(term);
                insert_text(node, std::string(literal.substr(0, best)));
                insert_html(node, "<abbr title=\"" + escape_html(found.expansion) + "\">" + escape_html(found.abbreviation) + "</abbr>");
                // The node's own copy goes as its literal is set, so the rest is copied first.
                cmark_node_set_literal(node, std::string(literal.substr(best + found.abbreviation.size())).c_str());
                literal = cmark_node_get_literal(node);
            }
        }
    }

    // HTML that Gazette made (a figure, an <abbr>, a sized <img>) goes in
    // before `node`. A GFM table cell takes no custom node, so there it goes
    // in as a marker that caption_tables replaces with the HTML; byte 0xFF
    // never occurs in parsed text (valid UTF-8), so no text can forge one.
    void insert_html(cmark_node* before, const std::string& html) {
        cmark_node* node = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
        cmark_node_set_on_enter(node, html.c_str());
        cmark_node_set_on_exit(node, "");
        if (cmark_node_insert_before(before, node) != 0) return;
        cmark_node_free(node);
        insert_text(before, cell_marker(cell_html_.size()));
        cell_html_.push_back(html);
    }

    // Not "\xFF" + std::to_string(n): GCC 12 warns falsely (-Wrestrict) on that.
    static std::string cell_marker(std::size_t n) {
        std::string marker(1, '\xFF');
        marker += std::to_string(n);
        marker += '\xFF';
        return marker;
    }

    static void insert_text(cmark_node* before, const std::string& text) {
        if (text.empty()) return;
        cmark_node* node = cmark_node_new(CMARK_NODE_TEXT);
        cmark_node_set_literal(node, text.c_str());
        cmark_node_insert_before(before, node);
    }

    // "Table: What it shows" just before a table becomes its caption.
    void caption_tables(cmark_node* document) {
        std::vector<cmark_node*> tables;
        each_node(document, [&](cmark_node* node) {
            if (std::string_view(cmark_node_get_type_string(node)) == "table") tables.push_back(node);
        });
        for (cmark_node* table : tables) {
            ++table_count_;
            std::string caption_html;
            cmark_node* previous = cmark_node_previous(table);
            if (previous != nullptr && cmark_node_get_type(previous) == CMARK_NODE_PARAGRAPH) {
                cmark_node* text = cmark_node_first_child(previous);
                if (text != nullptr && cmark_node_get_type(text) == CMARK_NODE_TEXT &&
                    std::string_view(cmark_node_get_literal(text)).rfind("Table: ", 0) == 0) {
                    cmark_node_set_literal(text, cmark_node_get_literal(text) + 7);
                    caption_html = inner_html(previous);
                    cmark_node_free(previous);
                }
            }
            if (caption_html.empty())
                result_.diagnostics.warning(at(table), "table has no caption",
                                            "add a line `Table: what the table shows` just before the table");
            std::string id = "table-" + std::to_string(table_count_);
            std::string html = cmark::take_string(cmark_render_html(table, flags_, extensions()));
            for (std::size_t i = 0; i < cell_html_.size(); ++i)
                replace_all(html, cell_marker(i), cell_html_[i]);
            replace_all(html, "<th>", "<th scope=\"col\">");
            replace_all(html, "<th align=\"", "<th scope=\"col\" class=\"align-");
            replace_all(html, "<td align=\"", "<td class=\"align-");
            std::string open = "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\"";
            if (!caption_html.empty()) {
                open += " aria-labelledby=\"" + id + "-caption\">\n";
                html.replace(html.find("<table>") + 7, 0, "\n<caption id=\"" + id + "-caption\">" + caption_html + "</caption>");
            } else {
                open += " aria-label=\"Table " + std::to_string(table_count_) + "\">\n";
            }
            cmark_node* block = new_custom_block(open + html + "</div>", "");
            cmark_node_insert_before(table, block);
            cmark_node_free(table);
        }
    }

    // The HTML of a paragraph's or heading's inline content, without the
    // element around it: "<h2>Text</h2>\n" -> "Text".
    std::string inner_html(cmark_node* block) {
        std::string html = cmark::take_string(cmark_render_html(block, flags_, extensions()));
        auto open_end = html.find('>');
        auto close_start = html.rfind("</");
        if (open_end == std::string::npos || close_start == std::string::npos || close_start <= open_end) return {};
        return html.substr(open_end + 1, close_start - open_end - 1);
    }

    std::string unique_id(std::string id, cmark_node* node) {
        if (id.empty()) id = "section";
        std::string candidate = id;
        for (int n = 2; used_ids_.count(candidate) != 0; ++n) candidate = id + "-" + std::to_string(n);
        if (candidate != id && (id.rfind("para-", 0) == 0 || id.rfind("section-", 0) == 0))
            result_.diagnostics.warning(at(node), "number " + id.substr(id.find('-') + 1) + " is used twice",
                                        "each section and paragraph number should appear once");
        used_ids_.insert(candidate);
        return candidate;
    }

    void number_blocks(cmark_node* document) {
        std::vector<cmark_node*> blocks;
        for (cmark_node* n = cmark_node_first_child(document); n != nullptr; n = cmark_node_next(n)) blocks.push_back(n);
        cmark_node* group = nullptr;  // the numbered paragraph that following lists belong to
        for (cmark_node* node : blocks) {
            switch (cmark_node_get_type(node)) {
                case CMARK_NODE_HEADING:
                    heading(node);
                    group = nullptr;
                    break;
                case CMARK_NODE_PARAGRAPH:
                    group = paragraph(node);
                    break;
                case CMARK_NODE_LIST:
                case CMARK_NODE_BLOCK_QUOTE:
                case CMARK_NODE_CODE_BLOCK:
                case CMARK_NODE_CUSTOM_BLOCK:
                    if (group != nullptr) cmark_node_append_child(group, node);
                    break;
                default:
                    group = nullptr;
            }
        }
    }

    void heading(cmark_node* node) {
        int level = cmark_node_get_heading_level(node);
        if (level == 1) {
            result_.diagnostics.warning(at(node), "the page title is its only level-1 heading; this one is shown as level 2",
                                        "start section headings with ##");
            level = 2;
        }
        std::string number;
        std::string id;
        if (options_.numbering != Numbering::none && level == 2) {
            auto written = take_written_number(node, true);
            if (written) check_sequence(node, written->section, section_ + 1, "section");
            if (written || options_.numbering == Numbering::automatic) {
                section_ = written ? written->section : section_ + 1;
                paragraph_ = 0;
                number = std::to_string(section_);
                id = "section-" + number;
            }
        } else if (options_.numbering != Numbering::none && level >= 3) {
            if (auto written = take_written_number(node, false)) {
                accept_paragraph_number(node, *written);
                number = std::to_string(written->section) + "." + std::to_string(written->paragraph);
                id = "para-" + std::to_string(written->section) + "-" + std::to_string(written->paragraph);
            }
        }
        std::string title = trim(plain_text(node));
        if (id.empty()) id = slugify(title);
        id = unique_id(id, node);

        std::string tag = "h" + std::to_string(level);
        std::string html = "<" + tag + " id=\"" + id + "\">";
        if (!number.empty())
            html += "<span class=\"" + std::string(level == 2 ? "section-number" : "para-number") + "\">" + number + "</span> ";
        html += inner_html(node) + "</" + tag + ">";
        cmark_node* block = new_custom_block(html, "");
        cmark_node_insert_before(node, block);
        cmark_node_free(node);
        if (level <= 3) result_.toc.push_back({level, id, number, title});
    }

    cmark_node* paragraph(cmark_node* node) {
        if (options_.numbering == Numbering::none || section_ == 0) return nullptr;
        auto written = take_written_number(node, false);
        if (!written && options_.numbering == Numbering::manual) return nullptr;
        WrittenNumber number = written ? *written : WrittenNumber{section_, paragraph_ + 1};
        if (written) accept_paragraph_number(node, number);
        else paragraph_ = number.paragraph;

        std::string label = std::to_string(number.section) + "." + std::to_string(number.paragraph);
        std::string id = unique_id("para-" + std::to_string(number.section) + "-" + std::to_string(number.paragraph), node);
        cmark_node* group = new_custom_block("<div class=\"numbered\" id=\"" + id + "\">", "</div>");
        cmark_node_insert_before(node, group);
        cmark_node_append_child(group, node);
        cmark_node* link = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
        std::string anchor = "<a class=\"para-number\" href=\"#" + id + "\" aria-label=\"Paragraph " + label + "\">" +
                             label + "</a> ";
        cmark_node_set_on_enter(link, anchor.c_str());
        cmark_node_set_on_exit(link, "");
        cmark_node_prepend_child(node, link);
        return group;
    }

    void accept_paragraph_number(cmark_node* node, const WrittenNumber& n) {
        std::string label = std::to_string(n.section) + "." + std::to_string(n.paragraph);
        if (n.section != section_) {
            result_.diagnostics.warning(at(node), "paragraph " + label + " is in section " + std::to_string(section_),
                                        "correct the number, or the section heading's number");
        } else {
            check_sequence(node, n.paragraph, paragraph_ + 1, "paragraph " + std::to_string(section_) + ".");
        }
        paragraph_ = n.paragraph;
    }

    void check_sequence(cmark_node* node, int got, int expected, const std::string& what) {
        if (got == expected) return;
        bool dotted = what.back() == '.';
        std::string name = dotted ? what + std::to_string(got) : what + " " + std::to_string(got);
        std::string want = dotted ? what + std::to_string(expected) : what + " " + std::to_string(expected);
        result_.diagnostics.warning(at(node), name + " is out of sequence: expected " + want,
                                    "numbers run 1, 2, 3 and 1.1, 1.2, 1.3 within each section");
    }

    static void label_footnotes(std::string& html) {
        replace_all(html, "<section class=\"footnotes\" data-footnotes>",
                    "<section class=\"footnotes\" aria-labelledby=\"footnotes-heading\">\n<h2 id=\"footnotes-heading\">Notes</h2>");
    }

    const MarkdownOptions& options_;
    int flags_ = 0;
    ParserPtr parser_;
    RenderedMarkdown result_;
    std::set<std::string> used_ids_{"main", "footnotes-heading", "contents-heading"};
    int section_ = 0;
    int paragraph_ = 0;
    int table_count_ = 0;
    std::vector<std::string> cell_html_;  // what insert_html put in table cells, by marker number
};

}  // namespace

RenderedMarkdown render_markdown(std::string_view markdown, const MarkdownOptions& options) {
    return MarkdownRenderer(options).render(markdown);
}

std::string relative_root(std::string_view url) {
    std::string root;
    for (std::size_t i = 1; i < url.size(); ++i)
        if (url[i] == '/') root += "../";
    return root.empty() ? "./" : root;
}

}  // namespace gazette
