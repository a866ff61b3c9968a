#include "render/hosting.hpp"
#include "render/render.hpp"

namespace gazette {

const std::vector<HttpHeader>& security_headers() {
    // The theme loads only the site's own files, with no inline script, style
    // or event handler, so the policy can allow nothing else. A JSON data
    // block (a chart's figures) is never run, so script-src does not touch it.
    static const std::vector<HttpHeader> headers = {
        {"Content-Security-Policy",
         "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
         "base-uri 'none'; form-action 'self'; frame-ancestors 'self'"},
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "SAMEORIGIN"},
        {"Referrer-Policy", "strict-origin-when-cross-origin"},
        {"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"},
        {"Cross-Origin-Opener-Policy", "same-origin"},
    };
    return headers;
}

std::string netlify_headers() {
    std::string text =
        "# Security headers for this site, written by Gazette. Netlify and Cloudflare\n"
        "# Pages read this file and send them with every page and file. The policy\n"
        "# lets pages load only the site's own scripts, stylesheets and images.\n"
        "/*\n";
    for (const auto& header : security_headers()) text += "  " + header.name + ": " + header.value + "\n";
    return text;
}

std::string nginx_headers() {
    std::string text =
        "# Security headers for this site, written by Gazette. Include this file in the\n"
        "# nginx server block that serves the site, for example:\n"
        "#     include /srv/reports/site-output/gazette-headers.conf;\n"
        "# nginx ignores these in a location block that has add_header lines of its\n"
        "# own: include the file in that block too.\n";
    for (const auto& header : security_headers()) text += "add_header " + header.name + " \"" + header.value + "\" always;\n";
    return text;
}

}  // namespace gazette
