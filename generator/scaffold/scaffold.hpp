// Scaffold: `gazette new DIR` writes a small site that builds at once.
#pragma once

#include <filesystem>
#include <stdexcept>

namespace gazette {

struct ScaffoldError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Throws ScaffoldError when DIR exists and is not empty.
void create_site(const std::filesystem::path& dir);

}  // namespace gazette
