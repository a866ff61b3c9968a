#include "render/builtin_theme.hpp"
#include "render/mustache.hpp"
#include "render/render.hpp"

#include "load/load.hpp"
#include "text/text.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <set>
#include <tuple>
#include <utility>
#include <variant>

namespace fs = std::filesystem;

namespace gazette {

Theme::Theme(fs::path site_themes, std::string name) {
    if (fs::is_directory(site_themes)) layers_.push_back(site_themes);
    if (!name.empty()) {
        named_ = site_themes / name;
        if (fs::is_directory(named_)) layers_.push_back(named_);
    }
}

bool Theme::named_theme_exists() const { return named_.empty() || fs::is_directory(named_); }

std::optional<Theme::File> Theme::find(const std::string& relative) const {
    for (const auto& layer : layers_) {
        fs::path candidate = layer / relative;
        // A name the file system refuses (too long for a file name) is a file the theme does not have.
        std::error_code refused;
        if (fs::is_regular_file(candidate, refused)) {
            std::string text = read_file(candidate);
            drop_byte_order_mark(text);  // as from every source
            return File{std::move(text), candidate.generic_string()};
        }
    }
    for (const auto& file : builtin_theme_files())
        if (file.path == relative) return File{std::string(file.bytes), "(built-in theme) " + relative};
    return std::nullopt;
}

std::vector<std::pair<std::string, Theme::File>> Theme::assets() const {
    std::set<std::string> names;
    for (const auto& layer : layers_) {
        fs::path dir = layer / "assets";
        if (!fs::is_directory(dir)) continue;
        for (const auto& entry : fs::recursive_directory_iterator(dir))
            if (entry.is_regular_file()) names.insert(("assets" / entry.path().lexically_relative(dir)).generic_string());
    }
    for (const auto& file : builtin_theme_files())
        if (file.path.rfind("assets/", 0) == 0) names.insert(std::string(file.path));
    std::vector<std::pair<std::string, File>> out;
    for (const auto& name : names) out.emplace_back(name, *find(name));
    return out;
}

namespace {

// The next partial tag from `from` on: "{{", then ">" after any white space,
// as the template parser reads "{{> name}}" and "{{ > name }}" alike. Where
// the tag starts and where its name does; npos for both when there is none.
std::pair<std::size_t, std::size_t> next_partial(const std::string& text, std::size_t from) {
    for (std::size_t at = text.find("{{", from); at != std::string::npos; at = text.find("{{", at + 1)) {
        std::size_t sigil = at + 2;
        while (sigil < text.size() && std::isspace(static_cast<unsigned char>(text[sigil])) != 0) ++sigil;
        if (sigil < text.size() && text[sigil] == '>') return {at, sigil + 1};
    }
    return {std::string::npos, std::string::npos};
}

// Where a byte of a theme file is, for diagnostics.
SourceLocation location_in(const Theme::File& file, std::size_t offset) {
    const auto begin = file.text.begin();
    const auto at = begin + static_cast<std::ptrdiff_t>(offset);
    const auto line_start = std::find(std::make_reverse_iterator(at), file.text.rend(), '\n').base();
    return {file.origin, 1 + static_cast<int>(std::count(begin, at, '\n')), 1 + static_cast<int>(at - line_start)};
}

// A template's text with its partials written in, and the file each stretch
// of it came from, so that a syntax error names the file and line it is on.
struct ExpandedText {
    struct Stretch {
        std::size_t at;  // where it starts in `text`
        const Theme::File* file;
        std::size_t from;  // where it starts in the file
    };
    std::string text;
    std::vector<Stretch> stretches;

    void append(const Theme::File& file, std::size_t from, std::size_t to) {
        if (to <= from) return;
        stretches.push_back({text.size(), &file, from});
        text.append(file.text, from, to - from);
    }

    [[nodiscard]] SourceLocation locate(std::size_t offset) const {
        auto after = std::upper_bound(stretches.begin(), stretches.end(), offset,
                                      [](std::size_t at, const Stretch& stretch) { return at < stretch.at; });
        const Stretch& stretch = *(after - 1);
        return location_in(*stretch.file, stretch.from + (offset - stretch.at));
    }
};

}  // namespace

// A partial may include another twice, and that one another twice: each
// level doubles the template, so a theme of a few lines could take a build's
// time and memory. Far beyond any real page template.
constexpr std::size_t max_template_bytes = 1024 * 1024;

// A template with its partials written in, parsed once and rendered many times.
struct Compiled {
    std::optional<MustacheTemplate> tmpl;  // nullopt when the theme has no such template, or it does not parse
    std::vector<std::string> partials;     // theme paths written in, "partials/head.mustache"
    std::vector<Diagnostic> problems;      // found when compiling, reported at every render
    std::size_t last_size = 0;             // of its last output: the next is reserved as much and a quarter
};

struct TemplateRenderer::Impl {
    const Theme& theme;
    std::map<std::string, std::optional<Theme::File>> files;
    std::map<std::string, Compiled> templates;  // by theme path, "templates/page.mustache"
    std::set<std::string>* used = nullptr;

    const std::optional<Theme::File>& file(const std::string& relative) {
        auto it = files.find(relative);
        if (it == files.end()) it = files.emplace(relative, theme.find(relative)).first;
        return it->second;
    }

    // Writes each {{> name}} the theme has into the text, so that a template
    // is parsed once with its partials, as one text. A partial the theme lacks
    // stays a tag, which the parser lists.
    void expand(const Theme::File& source, Compiled& out, ExpandedText& into, std::vector<std::string>& stack) {
        const std::string& text = source.text;
        std::size_t written = 0;  // text before it is in `into`
        std::size_t next = 0;
        for (auto [at, named] = next_partial(text, 0); at != std::string::npos; std::tie(at, named) = next_partial(text, next)) {
            if (into.text.size() > max_template_bytes) return;  // compile reports it
            std::size_t end = text.find("}}", named);
            if (end == std::string::npos) break;
            next = end + 2;
            std::string name = trim(std::string_view(text).substr(named, end - named));
            const std::string relative = "partials/" + name + ".mustache";
            const auto& partial = file(relative);
            if (!partial) continue;
            into.append(source, written, at);
            written = next;
            if (std::find(stack.begin(), stack.end(), name) != stack.end()) {
                out.problems.push_back({location_in(source, at), Severity::error,
                                        "the partial \"" + name + "\" includes itself, so it was left out",
                                        "remove this {{> " + name + "}}"});
                continue;
            }
            if (std::find(out.partials.begin(), out.partials.end(), relative) == out.partials.end())
                out.partials.push_back(relative);
            stack.push_back(name);
            expand(*partial, out, into, stack);
            stack.pop_back();
        }
        into.append(source, written, text.size());
    }

    Compiled& compile(const std::string& relative) {
        auto it = templates.find(relative);
        if (it != templates.end()) return it->second;
        Compiled& out = templates[relative];
        const auto& source = file(relative);
        if (!source) {
            out.problems.push_back({{"themes/" + relative}, Severity::error, "the theme has no template " + relative,
                                    "add themes/" + relative + ", or remove the site's theme setting to use the built-in theme"});
            return out;
        }
        ExpandedText expanded;
        std::vector<std::string> stack;
        expand(*source, out, expanded, stack);
        if (expanded.text.size() > max_template_bytes) {
            out.problems.push_back({{source->origin}, Severity::error, "the template is more than 1 MB with its partials written in",
                                    "a partial that includes another twice, which includes another twice, doubles it each time: "
                                    "include each partial once, and repeat with a {{#list}} section"});
            return out;
        }
        // The pages say they are UTF-8: so must every byte the theme gives them.
        if (auto bad = invalid_utf8_at(expanded.text)) {
            out.problems.push_back({expanded.locate(*bad), Severity::error, not_utf8_message(expanded.text, *bad),
                                    "save the template as UTF-8 (in most editors, Save As with the encoding UTF-8)"});
            return out;
        }
        auto parsed = MustacheTemplate::parse(expanded.text);
        if (const auto* error = std::get_if<MustacheError>(&parsed)) {
            out.problems.push_back(
                {expanded.locate(error->offset), Severity::error, "template error: " + error->message, error->hint});
            return out;
        }
        out.tmpl = std::move(std::get<MustacheTemplate>(parsed));
        for (const auto& tag : out.tmpl->partial_tags())
            out.problems.push_back({expanded.locate(tag.offset), Severity::error,
                                    "the template uses a partial \"" + tag.name + "\" that no theme layer has",
                                    "add themes/partials/" + tag.name + ".mustache"});
        return out;
    }

    std::string render(const std::string& name, const nlohmann::json& view, const nlohmann::json* base,
                       Diagnostics& diagnostics) {
        const std::string relative = name + ".mustache";
        Compiled& compiled = compile(relative);
        if (used != nullptr) {
            used->insert(relative);
            used->insert(compiled.partials.begin(), compiled.partials.end());
        }
        for (const auto& problem : compiled.problems) diagnostics.add(problem);
        if (!compiled.tmpl) return {};
        std::string html = compiled.tmpl->render(view, base, compiled.last_size + compiled.last_size / 4);
        compiled.last_size = html.size();
        return html;
    }
};

TemplateRenderer::TemplateRenderer(const Theme& theme) : impl_(std::make_unique<Impl>(Impl{theme, {}, {}, nullptr})) {}

void TemplateRenderer::record(std::set<std::string>* used) { impl_->used = used; }
TemplateRenderer::~TemplateRenderer() = default;

std::string TemplateRenderer::render(const std::string& name, const nlohmann::json& view, Diagnostics& diagnostics) {
    return impl_->render(name, view, nullptr, diagnostics);
}

std::string TemplateRenderer::render(const std::string& name, const nlohmann::json& view, const nlohmann::json& base,
                                     Diagnostics& diagnostics) {
    return impl_->render(name, view, &base, diagnostics);
}

}  // namespace gazette
