// An image's width and height, read from its own header, so that pages can
// give every <img> its size and a browser can lay the page out before the
// image arrives: nothing moves as it loads.
#include "load/load.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>

namespace gazette {

namespace {

unsigned big_endian(std::string_view bytes, std::size_t at, int length) {
    unsigned n = 0;
    for (int i = 0; i < length; ++i) n = n << 8 | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
    return n;
}

unsigned little_endian(std::string_view bytes, std::size_t at, int length) {
    unsigned n = 0;
    for (int i = length - 1; i >= 0; --i) n = n << 8 | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
    return n;
}

std::optional<ImageSize> png_size(std::string_view bytes) {
    if (bytes.size() < 24 || bytes.substr(12, 4) != "IHDR") return std::nullopt;
    return ImageSize{big_endian(bytes, 16, 4), big_endian(bytes, 20, 4)};
}

std::optional<ImageSize> gif_size(std::string_view bytes) {
    if (bytes.size() < 10) return std::nullopt;
    return ImageSize{little_endian(bytes, 6, 2), little_endian(bytes, 8, 2)};
}

// The frame header (SOF0 to SOF15, less DHT, JPG and DAC) holds the size.
std::optional<ImageSize> jpeg_size(std::string_view bytes) {
    std::size_t at = 2;
    while (at + 9 < bytes.size()) {
        if (static_cast<unsigned char>(bytes[at]) != 0xFF) return std::nullopt;
        unsigned marker = static_cast<unsigned char>(bytes[at + 1]);
        if (marker == 0xFF) {
            ++at;
            continue;
        }
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC)
            return ImageSize{big_endian(bytes, at + 7, 2), big_endian(bytes, at + 5, 2)};
        at += 2 + big_endian(bytes, at + 2, 2);
    }
    return std::nullopt;
}

// The value of NAME="..." in an SVG's root element.
std::optional<std::string> svg_attribute(std::string_view root, std::string_view name) {
    for (std::size_t at = root.find(name); at != std::string_view::npos; at = root.find(name, at + 1)) {
        if (at == 0 || std::isspace(static_cast<unsigned char>(root[at - 1])) == 0) continue;
        std::size_t equals = at + name.size();
        while (equals < root.size() && std::isspace(static_cast<unsigned char>(root[equals])) != 0) ++equals;
        if (equals + 1 >= root.size() || root[equals] != '=') continue;
        std::size_t open = equals + 1;
        while (open < root.size() && std::isspace(static_cast<unsigned char>(root[open])) != 0) ++open;
        if (open >= root.size() || (root[open] != '"' && root[open] != '\'')) continue;
        std::size_t close = root.find(root[open], open + 1);
        if (close == std::string_view::npos) return std::nullopt;
        return std::string(root.substr(open + 1, close - open - 1));
    }
    return std::nullopt;
}

// "120", "120px" or "120.5" as whole pixels; percentages and other units say nothing.
std::optional<unsigned> svg_length(const std::optional<std::string>& text) {
    if (!text) return std::nullopt;
    char* end = nullptr;
    double value = std::strtod(text->c_str(), &end);
    std::string_view unit(end);
    if (end == text->c_str() || !(unit.empty() || unit == "px") || !(value > 0) || value > 100000) return std::nullopt;
    return static_cast<unsigned>(std::lround(value));
}

std::optional<ImageSize> svg_size(std::string_view bytes) {
    std::size_t open = bytes.find("<svg");
    if (open == std::string_view::npos) return std::nullopt;
    std::size_t close = bytes.find('>', open);
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view root = bytes.substr(open, close - open);
    auto width = svg_length(svg_attribute(root, "width"));
    auto height = svg_length(svg_attribute(root, "height"));
    if (width && height) return ImageSize{*width, *height};
    if (auto box = svg_attribute(root, "viewBox")) {  // "min-x min-y width height"
        double values[4];
        const char* at = box->c_str();
        for (double& value : values) {
            char* end = nullptr;
            value = std::strtod(at, &end);
            if (end == at) return std::nullopt;
            at = end;
            while (*at == ',' || std::isspace(static_cast<unsigned char>(*at)) != 0) ++at;
        }
        if (values[2] > 0 && values[3] > 0 && values[2] <= 100000 && values[3] <= 100000)
            return ImageSize{static_cast<unsigned>(std::lround(values[2])), static_cast<unsigned>(std::lround(values[3]))};
    }
    return std::nullopt;
}

}  // namespace

std::optional<ImageSize> image_size(std::string_view bytes) {
    std::optional<ImageSize> size;
    if (bytes.substr(0, 8) == "\x89PNG\r\n\x1a\n") size = png_size(bytes);
    else if (bytes.substr(0, 4) == "GIF8") size = gif_size(bytes);
    else if (bytes.substr(0, 3) == "\xFF\xD8\xFF") size = jpeg_size(bytes);
    else if (bytes.find("<svg") != std::string_view::npos) size = svg_size(bytes);
    if (size && (size->width == 0 || size->height == 0)) return std::nullopt;
    return size;
}

}  // namespace gazette
