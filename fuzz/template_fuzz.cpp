// Templates from a site: the input is a site's themes/ folder written as
//
//   the template (themes/templates/fuzz.mustache)
//   -- site-header --
//   a partial (themes/partials/site-header.mustache), as many as wanted
//
// rendered through TemplateRenderer with a page's view, so the built-in
// theme's partials are there for any the input does not give.
#include "render/render.hpp"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

using namespace gazette;
namespace fs = std::filesystem;

namespace {

// What a page template sees, in the shape views.cpp gives it: text with
// markup to escape, empty text (false), lists, nested objects and numbers.
const nlohmann::json& page_view() {
    static const nlohmann::json view = nlohmann::json::parse(R"({
      "site": {"title": "Safer <Town> & Partners", "organisation": "Town \"Council\"", "language": "en-GB",
               "search": true, "footer_text": "", "contact": {"name": "Sam Lee", "email": "sam@example.org"},
               "footer_links": [{"title": "Accessibility", "url": "../accessibility/"}]},
      "root": "../", "assets": "../assets/",
      "navigation": [{"title": "Home", "url": "../", "current": false}, {"title": "Reports", "url": "./", "current": true}],
      "breadcrumbs": [{"title": "Home", "url": "../"}],
      "title": "Annual report 2019-20", "summary": "", "date": {"iso": "2020-10-22", "text": "22 October 2020"},
      "content": "<h2 id=\"s1\">1. Summary</h2><p id=\"para-1-1\">{{not a tag}}</p>",
      "toc": [{"id": "s1", "number": "1", "title": "Summary", "children": [{"id": "s1-1", "number": "1.1", "title": "Why"}]}],
      "is_report": true, "numbered": true, "has_toc": true, "scripts": [{"src": "../assets/charts.js"}],
      "params": {"count": 3, "ratio": 0.5, "empty": [], "nested": {"deeper": {"deepest": "{{{x}}}"}}},
      "reports": [{"title": "A", "url": "a/", "date": {"text": "2020"}}, {"title": "B", "url": "b/", "date": null}]
    })");
    return view;
}

// A scratch themes/ folder of this process's own, removed when it exits.
struct ScratchFolder {
    fs::path root = fs::temp_directory_path() / ("gazette-template-fuzz-" + std::to_string(getpid()));
    ~ScratchFolder() {
        std::error_code ignored;
        fs::remove_all(root, ignored);
    }
};

const fs::path& themes_folder() {
    static const ScratchFolder scratch;
    static const fs::path folder = scratch.root / "themes";
    return folder;
}

bool is_partial_name(std::string_view name) {
    if (name.empty() || name.size() > 40) return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

void write(const fs::path& path, std::string_view text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary).write(text.data(), static_cast<std::streamsize>(text.size()));
}

// Writes the input's files; each "-- name --" line starts a partial.
void write_theme(std::string_view input) {
    fs::remove_all(themes_folder());
    fs::path current = themes_folder() / "templates" / "fuzz.mustache";
    std::string text;
    std::size_t at = 0;
    while (at <= input.size()) {
        std::size_t end = input.find('\n', at);
        std::string_view line = input.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
        if (line.size() > 6 && line.substr(0, 3) == "-- " && line.substr(line.size() - 3) == " --" &&
            is_partial_name(line.substr(3, line.size() - 6))) {
            write(current, text);
            current = themes_folder() / "partials" / (std::string(line.substr(3, line.size() - 6)) + ".mustache");
            text.clear();
        } else {
            text.append(line);
            if (end != std::string_view::npos) text += '\n';
        }
        if (end == std::string_view::npos) break;
        at = end + 1;
    }
    write(current, text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    write_theme(std::string_view(reinterpret_cast<const char*>(data), size));
    Theme theme(themes_folder(), "");
    TemplateRenderer templates(theme);
    Diagnostics diagnostics;
    templates.render("templates/fuzz", page_view(), diagnostics);
    return 0;
}
