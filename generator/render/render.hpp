// Render: Markdown to HTML (with committee numbering), then pages through the
// theme's Mustache templates. Pure functions of their inputs.
#pragma once

#include "diagnostics/diagnostics.hpp"
#include "model/model.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gazette {

struct MarkdownOptions {
    bool unsafe_html = false;
    Numbering numbering = Numbering::none;
    int sections_before = 0;     // a report's later pages continue its section numbers
    std::string root = "./";     // relative path from the page to the site root
    std::filesystem::path source;  // for diagnostics
    int first_line = 1;            // line of `source` where the Markdown starts
};

struct TocEntry {
    int level = 2;
    std::string id;
    std::string number;  // "3" or "3.1" when numbered
    std::string title;   // plain text
};

struct RenderedMarkdown {
    std::string html;
    std::vector<TocEntry> toc;
    int last_section = 0;
    Diagnostics diagnostics;
};

RenderedMarkdown render_markdown(std::string_view markdown, const MarkdownOptions& options);

// "./" for "/", "../../" for "/reports/x/".
std::string relative_root(std::string_view url);

// Template lookup: the site's themes/ folder, then the named theme in
// themes/NAME/, then the theme built into gazette.
class Theme {
public:
    Theme(std::filesystem::path site_themes, std::string name);

    struct File {
        std::string text;
        std::string origin;  // where it came from, for diagnostics
    };
    [[nodiscard]] std::optional<File> find(const std::string& relative) const;
    // Every file under assets/ across the layers (site wins), sorted by name.
    [[nodiscard]] std::vector<std::pair<std::string, File>> assets() const;
    [[nodiscard]] bool named_theme_exists() const;

private:
    std::vector<std::filesystem::path> layers_;
    std::filesystem::path named_;
};

// Parses each template once per build; an explicit cache, passed in.
class TemplateRenderer {
public:
    explicit TemplateRenderer(const Theme& theme);
    ~TemplateRenderer();
    TemplateRenderer(const TemplateRenderer&) = delete;
    TemplateRenderer& operator=(const TemplateRenderer&) = delete;

    // Renders templates/NAME.mustache with `view`; template errors become diagnostics.
    std::string render(const std::string& name, const nlohmann::json& view, Diagnostics& diagnostics);

    struct Impl;  // the template cache, defined in theme.cpp

private:
    std::unique_ptr<Impl> impl_;
};

struct OutputFile {
    std::filesystem::path path;  // relative to the output folder
    std::string bytes;
};

struct RenderedSite {
    std::vector<OutputFile> files;  // pages, assets and the brand stylesheet
    std::size_t page_count = 0;
};

struct RenderOptions {
    std::optional<Date> build_date;  // from SOURCE_DATE_EPOCH only, so builds repeat
};

RenderedSite render_site(const Site& site, const RenderOptions& options, Diagnostics& diagnostics);

}  // namespace gazette
