// The build record: what each output of the last build was made from, so the
// next build re-renders only what changed and writes only changed files. It
// lives in the site's .gazette-cache/; without it a build is simply full.
#pragma once

#include "diagnostics/diagnostics.hpp"
#include "render/render.hpp"
#include "write/write.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gazette {

// A file Gazette wrote, as it left it.
struct FileStamp {
    std::uint64_t hash = 0;       // of its bytes
    std::uintmax_t size = 0;
    long long modified = 0;       // nanoseconds since the epoch
    std::string source;           // for a copied file: its source's size and time, "size:ns"
};

// One render unit (a page, or a report with its pages) as last rendered.
struct UnitRecord {
    std::uint64_t fingerprint = 0;  // of everything it was made from
    std::vector<std::string> files;  // paths in the output folder
    std::vector<std::string> scripts;
    std::vector<std::string> datasets;   // names it drew on
    std::vector<std::string> templates;  // theme files it went through
    std::vector<Diagnostic> diagnostics;
    std::map<std::string, PageLinks> links;  // by HTML file
    std::map<std::string, std::vector<BrokenLink>> broken;  // by HTML file, those that have any
};

// One chunk of the search index; its pages' text is in the file itself.
struct SearchChunkRecord {
    std::string path;                // in the output folder, "search-index/0003-1a2b3c4d.json"
    std::vector<std::string> pages;  // the URLs it holds, in order
};

struct PdfRecord {
    std::uint64_t key = 0;  // of the print page and assets it was printed from
    PdfLink link;
};

struct BuildRecord {
    std::uint64_t key = 0;  // Gazette's own binary and the options
    std::string output;     // the output folder, absolute
    std::map<std::string, UnitRecord> units;  // by unit URL
    std::map<std::string, FileStamp> files;   // every file Gazette put in the output folder
    SpareTree spare;                          // the site before, beside the output folder
    std::map<std::string, PdfRecord> pdfs;    // by report URL
    std::vector<SearchChunkRecord> search_chunks;
    // A fingerprint of every path the site publishes: while it and a page's
    // links and the ids it links into stay the same, so do its broken links.
    std::uint64_t published_key = 0;
};

// The record at `path`. Made under another key, it keeps only which files
// Gazette wrote (so they can still be replaced or removed) and the spare
// tree beside the output (which depends on no option); made for another
// output folder, or unreadable, it is empty.
BuildRecord load_record(const std::filesystem::path& path, std::uint64_t key, const std::string& output);
// Written beside and renamed over, so a killed build never leaves half a record.
void save_record(const std::filesystem::path& path, const BuildRecord& record);

// A file's size and modification time now; nullopt when it is not a regular file.
std::optional<std::pair<std::uintmax_t, long long>> stat_file(const std::filesystem::path& path);

}  // namespace gazette
