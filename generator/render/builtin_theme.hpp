// The default theme, compiled into gazette from themes/default/ by CMake.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace gazette {

struct BuiltinFile {
    std::string_view path;  // "templates/page.mustache"
    std::string_view bytes;
};

std::span<const BuiltinFile> builtin_theme_files();

}  // namespace gazette
