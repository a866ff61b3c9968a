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

}  // namespace gazette
