// Image sizes read from the files' own headers, and every <img> of a built
// page carrying them. The images here are made by the test, a few bytes each.
#include "../site_fixture.hpp"
#include "load/load.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace gazette;
using testing::SiteFixture;
using testing::diagnostics_text;

namespace {

std::string bytes(std::initializer_list<int> values) {
    std::string out;
    for (int v : values) out += static_cast<char>(v);
    return out;
}

// The header of a PNG of width x height (no pixel data: size is all that is read).
std::string png(unsigned width, unsigned height) {
    std::string out = "\x89PNG\r\n\x1a\n" + bytes({0, 0, 0, 13}) + "IHDR";
    for (unsigned n : {width, height})
        out += bytes({static_cast<int>(n >> 24 & 0xff), static_cast<int>(n >> 16 & 0xff), static_cast<int>(n >> 8 & 0xff),
                      static_cast<int>(n & 0xff)});
    return out + bytes({8, 6, 0, 0, 0});
}

bool contains(const std::string& haystack, std::string_view needle) { return haystack.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("image sizes come from PNG, GIF, JPEG and SVG headers") {
    CHECK(image_size(png(640, 480)) == ImageSize{640, 480});
    CHECK(image_size("GIF89a" + bytes({0x40, 0x01, 0xf0, 0x00}) + "rest") == ImageSize{320, 240});
    // A JPEG: start, an APP0 segment of 16 bytes, then the baseline frame header.
    std::string jpeg = bytes({0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10}) + std::string(14, 'x') +
                       bytes({0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0x2c, 0x01, 0x90, 0x03});
    CHECK(image_size(jpeg) == ImageSize{400, 300});
    CHECK(image_size(R"(<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="120px" height="40">)") ==
          ImageSize{120, 40});
    CHECK(image_size(R"(<svg viewBox="0 0 300.4 150" xmlns="http://www.w3.org/2000/svg"><rect/></svg>)") == ImageSize{300, 150});
    CHECK(image_size(R"(<svg width="100%" height="100%" viewBox="0,0,64,32"></svg>)") == ImageSize{64, 32});
    CHECK_FALSE(image_size(R"(<svg width="100%"></svg>)"));  // nothing says how big
    CHECK_FALSE(image_size("RIFF....WEBPVP8 "));               // a format Gazette does not read
    CHECK_FALSE(image_size(png(0, 10)));
    CHECK_FALSE(image_size("\x89PNG\r\n\x1a\n"));  // cut short
}

TEST_CASE("every image on a page has its width and height, the logo too") {
    SiteFixture site(R"(
-- site.json --
{"title": "Synthetic test site", "logo": {"src": "crest.svg", "alt": "Synthetic crest"}}
-- static/crest.svg --
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 60"><rect width="48" height="60"/></svg>
-- content/about.md --
---
title: About
---
![A synthetic map of the areas](/map.png "Areas") and ![A synthetic photo](/photo.webp)
)");
    site.write("static/map.png", png(800, 600));
    site.write("static/photo.webp", "RIFF....WEBPVP8 synthetic");
    auto result = site.build();
    INFO(diagnostics_text(result));
    REQUIRE(result.ok());
    auto page = site.output("about/index.html");
    CHECK(contains(page, R"(<img src="../map.png" alt="A synthetic map of the areas" title="Areas" width="800" height="600" />)"));
    CHECK(contains(page, R"(<img class="site-header__logo" src="../crest.svg" alt="Synthetic crest" width="48" height="60">)"));
    // A WebP's size is not read: the page says so, at the image.
    CHECK(contains(diagnostics_text(result), "content/about.md:4:"));
    CHECK(contains(diagnostics_text(result), "cannot read the size of photo.webp"));

    // A new picture of another size re-renders the pages that show it.
    site.write("static/map.png", png(1024, 768));
    REQUIRE(site.build().ok());
    CHECK(contains(site.output("about/index.html"), R"(width="1024" height="768")"));
}

TEST_CASE("pages rendered on one core and on several are the same, strikethrough and all") {
    std::string files = "-- content/_index.md --\n---\ntitle: Home\n---\nWelcome.\n";
    for (int n = 0; n < 40; ++n)  // synthetic pages, enough for the workers to overlap
        files += "-- content/notes/n" + std::to_string(n) + ".md --\n---\ntitle: Note " + std::to_string(n) +
                 "\ndate: 2020-01-01\n---\nThe plan was ~~draft~~ agreed, **twice**, with a [link](/notes/).\n\n| a | b |\n| - | - |\n| 1 | 2 |\n";
    SiteFixture site(files);
    BuildOptions one;
    one.jobs = 1;
    one.output = site.root() / "one";
    BuildOptions many;
    many.jobs = 4;
    many.output = site.root() / "many";
    REQUIRE(site.build(one).ok());
    REQUIRE(site.build(many).ok());
    for (int n = 0; n < 40; ++n) {
        std::string page = "notes/n" + std::to_string(n) + "/index.html";
        auto a = read_file(site.root() / "one" / page);
        CHECK(a == read_file(site.root() / "many" / page));
        CHECK(contains(a, "<del>draft</del>"));
    }
}
