// Gazette's Mustache: a template parsed once into a flat list of nodes, then
// rendered straight from a page's JSON view. Private to render/.
//
// Themes were written against kainjow::mustache, so it renders as that did:
// - false are null, false, empty text and the empty list; every other value,
//   an empty object or the number 0 too, is true;
// - {{name}} prints text and numbers (as JSON writes them), nothing else;
// - a section repeats for each item of a list, and otherwise renders once with
//   its value as the innermost context;
// - a dotted name is looked up whole in each context, innermost first;
// - a line is left out, newline and all, when it printed nothing but spaces
//   and tabs and held a section that rendered. A section that did not render
//   leaves its line, empty.
// Unlike kainjow, and as the Mustache spec says, a comment or delimiter change
// on a line that prints nothing else takes the line with it too.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace gazette {

// A syntax error, at a byte offset of the text parsed.
struct MustacheError {
    std::size_t offset = 0;
    std::string message;
    std::string hint;
};

// A {{> name}} tag. The theme writes the partials it has into a template's
// text before parsing, so the ones left are partials it lacks.
struct PartialTag {
    std::string name;
    std::size_t offset = 0;
};

class MustacheTemplate {
public:
    static std::variant<MustacheTemplate, MustacheError> parse(std::string_view text);

    // `view` is the innermost context; a name it lacks is looked up in `base`
    // when there is one. `expected_size`: room to reserve for the output.
    [[nodiscard]] std::string render(const nlohmann::json& view, const nlohmann::json* base = nullptr,
                                     std::size_t expected_size = 0) const;
    [[nodiscard]] const std::vector<PartialTag>& partial_tags() const { return partial_tags_; }

private:
    enum class NodeKind : unsigned char {
        text,        // bytes without a newline
        newline,     // "\n", "\r\n" or "\r": where a line may be left out
        variable,    // {{name}}, HTML-escaped
        unescaped,   // {{{name}}} and {{& name}}
        section,     // {{#name}}: the nodes up to `end` are its body
        inverted,    // {{^name}}
        silent_tag,  // a comment or delimiter change: prints nothing, but its line may be left out
    };
    // Text nodes hold [first, first + size) of text_, named ones [first,
    // first + size) of names_ (the parts of a dotted name; none for {{.}}).
    struct Node {
        NodeKind kind;
        std::size_t first = 0;
        std::size_t size = 0;
        std::size_t end = 0;
    };
    struct Parser;
    struct Output;

    void render_nodes(std::size_t from, std::size_t to, Output& out) const;
    void render_section(std::size_t from, std::size_t to, const nlohmann::json* value, Output& out) const;
    [[nodiscard]] const nlohmann::json* lookup(const Node& node, const Output& out) const;

    std::vector<Node> nodes_;
    std::string text_;
    std::vector<std::string> names_;
    std::vector<PartialTag> partial_tags_;
    std::size_t depth_ = 0;  // of nested sections, to size the context stack
};

}  // namespace gazette
