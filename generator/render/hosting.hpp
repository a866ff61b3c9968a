// What web hosts read: the headers to serve a site with, as files. Private to render/.
#pragma once

#include <string>

namespace gazette {

// _headers, read by Netlify and Cloudflare Pages: every address gets security_headers().
std::string netlify_headers();
// gazette-headers.conf: the same as nginx add_header lines, to include where the site is served.
std::string nginx_headers();

}  // namespace gazette
