// View objects: what templates see, built from the model. Templates never see
// the model itself. Private to render/.
#pragma once

#include "render/render.hpp"

namespace gazette {

struct PageRender {
    const Page& page;
    const RenderedMarkdown& markdown;
    std::string root;  // relative path to the site root
};

// The parts of a page's view that many pages share: the site, the root and
// the navigation as seen from one folder depth and place in the site. Built
// once for each and kept, an explicit cache of one worker's; templates look
// a name up here when the page's own view lacks it.
class SharedViews {
public:
    SharedViews(const Site& site, std::optional<Date> build_date) : site_(site) { options_.build_date = build_date; }
    const nlohmann::json& base(const Page& page, const std::string& root);
    [[nodiscard]] const std::optional<Date>& build_date() const { return options_.build_date; }

private:
    const Site& site_;
    RenderOptions options_;  // what the shared parts depend on: the build date
    std::map<std::string, nlohmann::json> bases_;  // by root and what the navigation marks
};

// A page's own view, to render over `base` (SharedViews::base).
nlohmann::json page_view(const Site& site, const PageRender& render, const RenderOptions& options, const nlohmann::json& base);
// The whole report on one page, for print and PDF: its cover, then each page's content.
nlohmann::json print_page_view(const Site& site, const Page& report, const std::vector<const RenderedMarkdown*>& parts,
                               const std::string& root, const RenderOptions& options, const nlohmann::json& base);

// The page a server shows for an address the site does not have (404.html).
nlohmann::json not_found_view(const Site& site, const RenderOptions& options);

}  // namespace gazette
