#include "render/builtin_theme.hpp"
#include "render/render.hpp"

#include "load/load.hpp"

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
        if (fs::is_regular_file(candidate)) return File{read_file(candidate), candidate.generic_string()};
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

struct TemplateRenderer::Impl {
    const Theme& theme;
    std::map<std::string, std::optional<Theme::File>> files;
    std::set<std::string>* used = nullptr;

    const std::optional<Theme::File>& file(const std::string& relative) {
        auto it = files.find(relative);
        if (it == files.end()) it = files.emplace(relative, theme.find(relative)).first;
        return it->second;
    }
};

namespace {

// Resolves {{> name}} to partials/name.mustache through the theme's layers.
class ThemeContext : public mustache::context<std::string> {
public:
    ThemeContext(const mustache::data* data, TemplateRenderer::Impl& impl, std::vector<std::string>& missing)
        : mustache::context<std::string>(data), impl_(impl), missing_(missing) {}

    const mustache::data* get_partial(const std::string& name) const override {
        if (auto it = partials_.find(name); it != partials_.end()) return &it->second;
        const std::string relative = "partials/" + name + ".mustache";
        if (impl_.used != nullptr) impl_.used->insert(relative);
        const auto& file = impl_.file(relative);
        if (!file) {
            missing_.push_back(name);
            return nullptr;
        }
        std::string text = file->text;
        return &partials_.emplace(name, mustache::data{mustache::partial{[text] { return text; }}}).first->second;
    }

private:
    TemplateRenderer::Impl& impl_;
    std::vector<std::string>& missing_;
    mutable std::map<std::string, mustache::data> partials_;
};

}  // namespace

TemplateRenderer::TemplateRenderer(const Theme& theme) : impl_(std::make_unique<Impl>(Impl{theme, {}, nullptr})) {}

void TemplateRenderer::record(std::set<std::string>* used) { impl_->used = used; }
TemplateRenderer::~TemplateRenderer() = default;

std::string TemplateRenderer::render(const std::string& name, const nlohmann::json& view, Diagnostics& diagnostics) {
    const std::string relative = name + ".mustache";
    if (impl_->used != nullptr) impl_->used->insert(relative);
    const auto& file = impl_->file(relative);
    if (!file) {
        diagnostics.error({"themes/" + relative}, "the theme has no template " + relative,
                          "add themes/" + relative + ", or remove the site's theme setting to use the built-in theme");
        return {};
    }
    mustache::mustache tmpl{file->text};
    if (!tmpl.is_valid()) {
        diagnostics.error({file->origin}, "template error: " + tmpl.error_message(), "check the {{ }} tags are balanced");
        return {};
    }
    mustache::data data = to_data(view);
    std::vector<std::string> missing;
    ThemeContext context(&data, *impl_, missing);
    std::string html = tmpl.render(context);
    if (!tmpl.is_valid())
        diagnostics.error({file->origin}, "template error: " + tmpl.error_message(), "check the {{ }} tags in its partials");
    for (const auto& partial : missing)
        diagnostics.error({file->origin}, "the template uses a partial \"" + partial + "\" that no theme layer has",
                          "add themes/partials/" + partial + ".mustache");
    return html;
}

}  // namespace gazette
