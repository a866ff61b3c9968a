// A dataset's JSON file, as data/fuzz.json: parsed with positions, checked
// against the schema of its kind (and its references to the example site's
// priorities datasets), then published and shown as a valid one would be.
#include "show_datasets.hpp"
#include "source_text.hpp"

#include "load/load.hpp"
#include "validate/validate.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

using namespace gazette;

namespace {

// Outcomes datasets name a priorities dataset: give them one to find.
const LocatedJson& priorities_document() {
    static const LocatedJson document = [] {
        Diagnostics diagnostics;
        const std::string path = std::string(GAZETTE_SOURCE_DIR) + "/data/bcsp-priorities.json";
        return parse_json(read_file(path), "data/bcsp-priorities.json", diagnostics);
    }();
    return document;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto text = fuzzing::source_text(data, size);
    if (!text) return -1;
    Diagnostics diagnostics;
    std::vector<DataFile> files;
    files.push_back({"bcsp-priorities", priorities_document(), {}});
    files.push_back({"fuzz", parse_json(*text, "data/fuzz.json", diagnostics), *text});
    fuzzing::show_datasets(validate_datasets(std::move(files), diagnostics));
    return 0;
}
