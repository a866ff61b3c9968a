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

nlohmann::json page_view(const Site& site, const PageRender& render, const RenderOptions& options);
// The whole report on one page, for print and PDF: its cover, then each page's content.
nlohmann::json print_page_view(const Site& site, const Page& report, const std::vector<const RenderedMarkdown*>& parts,
                               const std::string& root, const RenderOptions& options);

// The page a server shows for an address the site does not have (404.html).
nlohmann::json not_found_view(const Site& site, const RenderOptions& options);

}  // namespace gazette
