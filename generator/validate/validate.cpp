#include "validate/validate.hpp"
#include "validate/object_reader.hpp"

#include <algorithm>
#include <cmath>
#include <regex>

namespace gazette {

namespace {

using nlohmann::json;
using MetaGenerate = PageMeta::Generate;

Contact read_contact(const LocatedJson& doc, const std::string& pointer, Diagnostics& diagnostics) {
    ObjectReader r(doc, pointer, diagnostics, "\"contact\"");
    Contact c;
    c.name = r.string("name");
    c.role = r.string("role");
    c.email = r.string("email");
    c.phone = r.string("phone");
    c.address = r.string("address");
    if (!c.email.empty() && c.email.find('@') == std::string::npos)
        diagnostics.error(r.at("email"), "\"email\" is not an email address: \"" + c.email + "\"");
    r.finish();
    return c;
}

bool is_hex_colour(const std::string& s) {
    static const std::regex hex("#[0-9a-fA-F]{6}");
    return std::regex_match(s, hex);
}

std::string read_colour(ObjectReader& r, const std::string& key, const std::string& fallback) {
    std::string value = r.string(key);
    if (value.empty()) return fallback;
    if (!is_hex_colour(value)) {
        r.diagnostics().error(r.at(key), "\"" + key + "\" must be a colour written #rrggbb, got \"" + value + "\"",
                              "for example \"#1d4f91\"");
        return fallback;
    }
    std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return std::tolower(c); });
    return value;
}

// A path that stays below the output folder: no "..", no backslash, no
// %-encoding, no control character, no address of another site.
bool stays_in_site(std::string_view path) {
    if (!path.empty() && path.front() == '/') return false;
    if (path.find_first_of("\\%") != std::string_view::npos || path.find("//") != std::string_view::npos) return false;
    if (std::any_of(path.begin(), path.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) return false;
    for (std::size_t start = 0; start <= path.size();) {
        std::size_t end = std::min(path.find('/', start), path.size());
        std::string_view segment = path.substr(start, end - start);
        if (segment == ".." || segment == ".") return false;
        start = end + 1;
    }
    return true;
}

// A published file's path, as site.json and front matter name it: "/x.png"
// and "x.png" are the same file. One that would lead out of the site is an
// error, and empty.
std::string published_path(ObjectReader& r, const std::string& key, bool required = false) {
    const std::string written = r.string(key, required);
    std::string path = written;
    if (!path.empty() && path.front() == '/') path.erase(0, 1);
    if (path.empty() || stays_in_site(path)) return path;
    r.diagnostics().error(r.at(key), "\"" + key + "\" must be the path of a file the site publishes, such as images/cover.png, got " +
                                         shown(json(written)),
                          "name a file in static/ by its path from there, without \"..\", \"\\\", \"%\" or \"//\"");
    return {};
}

Image read_image(const LocatedJson& doc, const std::string& pointer, Diagnostics& diagnostics) {
    ObjectReader r(doc, pointer, diagnostics, "\"image\"");
    Image image;
    image.src = published_path(r, "src", true);
    image.alt = r.string("alt", true);
    r.finish();
    return image;
}

// A footer link leads to a page of the site (/reports/) or to another site
// over the web or by email; any other scheme (javascript:, data:) could run script.
bool is_footer_address(const std::string& url) {
    if (url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0 || url.rfind("mailto:", 0) == 0) return true;
    return url.size() >= 1 && url[0] == '/' && stays_in_site(url.substr(1));
}

// Formats a browser shows as a tab's icon, told by the file's name.
bool is_favicon_name(const std::string& path) {
    static const std::regex name(".*\\.(svg|png|ico|gif|jpe?g|webp)", std::regex::icase);
    return std::regex_match(path, name);
}

double relative_luminance(const std::string& hex) {
    auto channel = [&](std::size_t at) {
        double c = std::stoi(hex.substr(at, 2), nullptr, 16) / 255.0;
        return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

}  // namespace

double contrast_ratio(const std::string& foreground, const std::string& background) {
    double a = relative_luminance(foreground);
    double b = relative_luminance(background);
    return (std::max(a, b) + 0.05) / (std::min(a, b) + 0.05);
}

SiteConfig validate_config(const LocatedJson& config, Diagnostics& diagnostics) {
    SiteConfig c;
    ObjectReader r(config, "", diagnostics, "site.json");
    c.title = r.string("title", true);
    c.organisation = r.string("organisation");
    c.description = r.string("description");
    if (r.has("base_url")) c.base_url = r.string("base_url");
    if (c.base_url.empty() || c.base_url.back() != '/') c.base_url += '/';
    if (c.base_url != "/" && c.base_url.rfind("https://", 0) != 0 && c.base_url.rfind("http://", 0) != 0)
        diagnostics.error(r.at("base_url"), "\"base_url\" must be \"/\" or a full address, got \"" + c.base_url + "\"",
                          "for example \"https://reports.example.org/\"");
    if (r.has("language")) c.language = r.string("language");
    static const std::regex language_tag("[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*");
    if (!std::regex_match(c.language, language_tag))
        diagnostics.error(r.at("language"), "\"language\" must be a language tag, got \"" + c.language + "\"",
                          "for example \"en-GB\" or \"cy\"");
    c.theme = r.string("theme");

    if (r.has("logo")) {
        ObjectReader logo(config, r.child("logo"), diagnostics, "\"logo\"");
        c.logo = published_path(logo, "src", true);
        c.logo_alt = logo.string("alt", true);
        logo.finish();
    }
    if (r.has("favicon")) {
        c.favicon = published_path(r, "favicon");
        if (!c.favicon.empty() && !is_favicon_name(c.favicon)) {
            diagnostics.error(r.at("favicon"), "\"favicon\" must be an image (.svg, .png, .ico, .gif, .jpg or .webp), got \"" + c.favicon + "\"",
                              "for example \"favicon.svg\", a file in static/");
            c.favicon.clear();
        }
    }
    if (r.has("image")) c.image = read_image(config, "/image", diagnostics);
    if (r.has("colours")) {
        ObjectReader colours(config, r.child("colours"), diagnostics, "\"colours\"");
        c.colours.primary = read_colour(colours, "primary", c.colours.primary);
        c.colours.accent = read_colour(colours, "accent", c.colours.accent);
        colours.finish();
        if (double ratio = contrast_ratio(c.colours.primary, "#ffffff"); ratio < 4.5) {
            char text[160];
            std::snprintf(text, sizeof text,
                          "the primary colour %s has a contrast of %.2f:1 with white; WCAG AA needs 4.5:1",
                          c.colours.primary.c_str(), ratio);
            diagnostics.error(config.at("/colours/primary"), text,
                              "links and the header use it on white: choose a darker shade");
        }
    }
    if (r.has("footer")) {
        ObjectReader footer(config, r.child("footer"), diagnostics, "\"footer\"");
        c.footer_text = footer.string("text");
        if (footer.has("links")) {
            const auto& links = config.value["footer"]["links"];
            if (!links.is_array()) {
                diagnostics.error(config.at("/footer/links"), "\"links\" must be a list of {\"title\", \"url\"}");
            } else {
                for (std::size_t i = 0; i < links.size(); ++i) {
                    ObjectReader link(config, "/footer/links/" + std::to_string(i), diagnostics, "a footer link");
                    Link footer_link{link.string("title", true), link.string("url", true)};
                    if (!footer_link.url.empty() && !is_footer_address(footer_link.url))
                        diagnostics.error(link.at("url"), "a footer link's \"url\" must be a page of the site such as \"/reports/\", "
                                                          "or start with https://, http:// or mailto:, got " + shown(json(footer_link.url)));
                    else c.footer_links.push_back(std::move(footer_link));
                    link.finish();
                }
            }
        }
        footer.finish();
    }
    if (r.has("contact")) c.contact = read_contact(config, "/contact", diagnostics);
    if (r.has("accessibility")) {
        ObjectReader a(config, r.child("accessibility"), diagnostics, "\"accessibility\"");
        auto& s = c.accessibility;
        s.contact_email = a.string("email");
        s.contact_phone = a.string("phone");
        s.contact_text = a.string("contact");
        s.last_tested = a.date("last_tested");
        if (a.has("standard")) s.standard = a.string("standard");
        s.known_issues = a.strings("known_issues");
        s.region = a.choice("region", {"england", "scotland", "wales", "northern-ireland"}, "england");
        a.finish();
    }
    if (r.has("markdown")) {
        ObjectReader markdown(config, r.child("markdown"), diagnostics, "\"markdown\"");
        c.unsafe_html = markdown.boolean("unsafe_html").value_or(false);
        markdown.finish();
    }
    r.finish();
    return c;
}

PageMeta validate_front_matter(const LocatedJson& front_matter, Diagnostics& diagnostics) {
    PageMeta m;
    ObjectReader r(front_matter, "", diagnostics, "front matter");
    m.title = r.string("title", true);
    m.summary = r.string("summary");
    m.date = r.date("date");
    m.date_note = r.string("date_note");
    m.committee = r.string("committee");
    m.meeting_date = r.date("meeting_date");
    m.author = r.string("author");
    m.agenda_item = r.string("agenda_item");
    m.purpose = r.string("purpose");
    m.recommendations = r.strings("recommendations");
    if (r.has("contact")) m.contact = read_contact(front_matter, "/contact", diagnostics);
    if (auto w = r.integer("weight")) m.weight = static_cast<int>(std::clamp<long long>(*w, -1000000, 1000000));
    m.draft = r.boolean("draft").value_or(false);
    m.slug = r.string("slug");
    if (!m.slug.empty() && slugify(m.slug) != m.slug)
        diagnostics.error(r.at("slug"), "\"slug\" must be lower-case letters, digits and hyphens, got \"" + m.slug + "\"",
                          "for example `slug: " + slugify(m.slug) + "`");

    m.period = r.string("period");
    m.type = r.string("type");
    m.series = r.string("series");
    if (!m.series.empty() && slugify(m.series) != m.series)
        diagnostics.error(r.at("series"), "\"series\" must be lower-case letters, digits and hyphens, got \"" + m.series + "\"",
                          "for example `series: " + slugify(m.series) + "`; every report of the series gives the same");

    m.layout = r.string("layout");
    if (!m.layout.empty() && slugify(m.layout) != m.layout)
        diagnostics.error(r.at("layout"), "\"layout\" names a template in the theme's templates/ folder, got \"" + m.layout + "\"",
                          "for example `layout: dashboard`");
    if (r.has("generate")) {
        ObjectReader g(front_matter, "/generate", diagnostics, "\"generate\"");
        MetaGenerate generate{g.string("dataset", true), g.string("slug"), g.string("label"), r.at("generate")};
        g.finish();
        if (!generate.dataset.empty()) m.generate = generate;
    }
    if (r.has("image")) m.image = read_image(front_matter, "/image", diagnostics);

    r.allow("numbering");
    const auto& doc = front_matter.value;
    r.allow("headline");
    if (auto it = doc.find("headline"); it != doc.end() && !it->is_null()) {
        if (!it->is_array()) {
            diagnostics.error(r.at("headline"), "\"headline\" must be a list of tiles, as in a kpi block",
                              "for example:\nheadline:\n  - figure: crime.robbery\n    label: Robberies");
        } else {
            // Kept as a kpi block's `tiles`, with the positions moved along, so
            // that the tiles' mistakes point at their lines here.
            LocatedJson tiles;
            tiles.file = front_matter.file;
            tiles.value = {{"tiles", *it}};
            auto move = [](const std::map<std::string, std::pair<int, int>>& from, std::map<std::string, std::pair<int, int>>& to) {
                for (const auto& [pointer, position] : from)
                    if (pointer.rfind("/headline", 0) == 0) to["/tiles" + pointer.substr(9)] = position;
            };
            move(front_matter.value_positions, tiles.value_positions);
            move(front_matter.key_positions, tiles.key_positions);
            m.headline = std::move(tiles);
        }
    }
    if (auto it = doc.find("numbering"); it != doc.end() && !it->is_null()) {
        if (it->is_boolean()) m.numbering = it->get<bool>() ? Numbering::automatic : Numbering::none;
        else if (*it == "auto") m.numbering = Numbering::automatic;
        else if (*it == "manual") m.numbering = Numbering::manual;
        else if (*it == "none") m.numbering = Numbering::none;
        else
            diagnostics.error(r.at("numbering"), "\"numbering\" must be auto, manual or none, got " + shown(*it),
                              "auto numbers sections and paragraphs; manual keeps the numbers written in the text");
    }
    r.allow("params");
    if (auto it = doc.find("params"); it != doc.end() && !it->is_null()) {
        if (it->is_object()) m.params = *it;
        else diagnostics.error(r.at("params"), "\"params\" must be a set of `key: value` pairs, got " + shown(*it));
    }
    r.finish();
    return m;
}

}  // namespace gazette
