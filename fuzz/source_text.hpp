// A Markdown, JSON or CSV file's text as load/ hands it on: a build reads
// these files only through its UTF-8 check (an error at the first bad byte,
// tested in tests/build/bad_input_test.cpp) and drops a byte-order mark, so
// the targets fuzz what lies past that check.
#pragma once

#include "text/text.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace gazette::fuzzing {

inline std::optional<std::string> source_text(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    if (invalid_utf8_at(text)) return std::nullopt;
    return text;
}

}  // namespace gazette::fuzzing
