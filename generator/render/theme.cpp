#include "render/builtin_theme.hpp"
#include "render/render.hpp"

#include "load/load.hpp"
#include "text/text.hpp"

#include <kainjow/mustache.hpp>

#include <algorithm>
#include <set>

namespace fs = std::filesystem;
namespace mustache = kainjow::mustache;

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
        if (fs::is_regular_file(candidate, refused)) return File{read_file(candidate), candidate.generic_string()};
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

mustache::data to_data(const nlohmann::json& value) {
    switch (value.type()) {
        case nlohmann::json::value_t::object: {
            mustache::data object{mustache::data::type::object};
            for (const auto& [key, item] : value.items()) object.set(key, to_data(item));
            return object;
        }
        case nlohmann::json::value_t::array: {
            mustache::data list{mustache::data::type::list};
            for (const auto& item : value) list.push_back(to_data(item));
            return list;
        }
        case nlohmann::json::value_t::string: {
            const auto& text = value.get_ref<const std::string&>();
            // Empty text is false, so {{#summary}} sections skip it.
            return text.empty() ? mustache::data{mustache::data::type::bool_false} : mustache::data{text};
        }
        case nlohmann::json::value_t::boolean:
            return mustache::data{value.get<bool>() ? mustache::data::type::bool_true : mustache::data::type::bool_false};
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned:
        case nlohmann::json::value_t::number_float: return mustache::data{value.dump()};
        default: return mustache::data{mustache::data::type::bool_false};
    }
}

}  // namespace

// A template with its partials written in, parsed once and rendered many times.
struct Compiled {
    std::optional<mustache::mustache> tmpl;  // nullopt when the theme has no such template
    std::string origin;
    std::vector<std::string> partials;  // theme paths written in, "partials/head.mustache"
    std::vector<std::string> problems;  // partials that include themselves
    bool too_large = false;  // past max_template_bytes with its partials written in
};

// A partial may include another twice, and that one another twice: each
// level doubles the template, so a theme of a few lines could take a build's
// time and memory. Far beyond any real page template.
constexpr std::size_t max_template_bytes = 1024 * 1024;

struct TemplateRenderer::Impl {
    const Theme& theme;
    std::map<std::string, std::optional<Theme::File>> files;
    std::map<std::string, Compiled> compiled;
    std::set<std::string>* used = nullptr;

    const std::optional<Theme::File>& file(const std::string& relative) {
        auto it = files.find(relative);
        if (it == files.end()) it = files.emplace(relative, theme.find(relative)).first;
        return it->second;
    }

    // Writes each {{> name}} the theme has into the text, so that a template
    // is parsed once; the Mustache library would parse a partial again at
    // every use. A partial the theme lacks stays a tag, reported when used.
    std::string expand(const std::string& text, Compiled& out, std::vector<std::string>& stack) {
        std::string result;
        std::size_t done = 0;
        for (std::size_t at = text.find("{{>"); at != std::string::npos; at = text.find("{{>", done)) {
            if (result.size() > max_template_bytes) out.too_large = true;
            if (out.too_large) return result;
            std::size_t end = text.find("}}", at);
            if (end == std::string::npos) break;
            std::string name = trim(std::string_view(text).substr(at + 3, end - at - 3));
            const std::string relative = "partials/" + name + ".mustache";
            const auto& partial = file(relative);
            result.append(text, done, at - done);
            done = end + 2;
            if (!partial) {
                result.append(text, at, done - at);
                continue;
            }
            if (std::find(stack.begin(), stack.end(), name) != stack.end()) {
                out.problems.push_back(name);
                continue;
            }
            if (std::find(out.partials.begin(), out.partials.end(), relative) == out.partials.end())
                out.partials.push_back(relative);
            stack.push_back(name);
            result += expand(partial->text, out, stack);
            stack.pop_back();
        }
        result.append(text, done, std::string::npos);
        return result;
    }

    Compiled& compile(const std::string& relative) {
        auto it = compiled.find(relative);
        if (it != compiled.end()) return it->second;
        Compiled& out = compiled[relative];
        if (const auto& source = file(relative)) {
            std::vector<std::string> stack;
            out.origin = source->origin;
            std::string expanded = expand(source->text, out, stack);
            if (!out.too_large) out.tmpl.emplace(std::move(expanded));
        }
        return out;
    }
};

namespace {

// Partials are written into their templates when compiled, so the Mustache
// library asks for one only when no theme layer has it: noted, and left out.
class ThemeContext : public mustache::context<std::string> {
public:
    ThemeContext(const mustache::data* data, std::vector<std::string>& missing)
        : mustache::context<std::string>(data), missing_(missing) {}

    const mustache::data* get_partial(const std::string& name) const override {
        missing_.push_back(name);
        return nullptr;
    }

private:
    std::vector<std::string>& missing_;
};

}  // namespace

TemplateRenderer::TemplateRenderer(const Theme& theme) : impl_(std::make_unique<Impl>(Impl{theme, {}, {}, nullptr})) {}

void TemplateRenderer::record(std::set<std::string>* used) { impl_->used = used; }
TemplateRenderer::~TemplateRenderer() = default;

std::string TemplateRenderer::render(const std::string& name, const nlohmann::json& view, Diagnostics& diagnostics) {
    const std::string relative = name + ".mustache";
    Compiled& compiled = impl_->compile(relative);
    if (impl_->used != nullptr) {
        impl_->used->insert(relative);
        impl_->used->insert(compiled.partials.begin(), compiled.partials.end());
    }
    if (compiled.too_large) {
        diagnostics.error({compiled.origin}, "the template is more than 1 MB with its partials written in",
                          "a partial that includes another twice, which includes another twice, doubles it each time: "
                          "include each partial once, and repeat with a {{#list}} section");
        return {};
    }
    if (!compiled.tmpl) {
        diagnostics.error({"themes/" + relative}, "the theme has no template " + relative,
                          "add themes/" + relative + ", or remove the site's theme setting to use the built-in theme");
        return {};
    }
    mustache::mustache& tmpl = *compiled.tmpl;
    for (const auto& partial : compiled.problems)
        diagnostics.error({compiled.origin}, "the partial \"" + partial + "\" includes itself, so it was left out",
                          "remove the {{> " + partial + "}} inside partials/" + partial + ".mustache");
    if (!tmpl.is_valid()) {
        diagnostics.error({compiled.origin}, "template error: " + tmpl.error_message(), "check the {{ }} tags are balanced");
        return {};
    }
    mustache::data data = to_data(view);
    std::vector<std::string> missing;
    ThemeContext context(&data, missing);
    std::string html = tmpl.render(context);
    if (!tmpl.is_valid())
        diagnostics.error({compiled.origin}, "template error: " + tmpl.error_message(), "check the {{ }} tags in its partials");
    for (const auto& partial : missing)
        diagnostics.error({compiled.origin}, "the template uses a partial \"" + partial + "\" that no theme layer has",
                          "add themes/partials/" + partial + ".mustache");
    return html;
}

}  // namespace gazette
