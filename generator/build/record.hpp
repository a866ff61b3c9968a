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
#include <unordered_map>
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
    // Every file Gazette put in the output folder; looked up by the
    // thousand per build, in no order.
    std::unordered_map<std::string, FileStamp> files;
    SpareTree spare;                          // the site before, beside the output folder
    std::map<std::string, PdfRecord> pdfs;    // by report URL
    std::vector<SearchChunkRecord> search_chunks;
    std::vector<std::string> search_buckets;  // paths of the buckets of words, "" for an empty one
    // A fingerprint of every path the site publishes: while it and the ids
    // of the pages rendered since stay the same, no page on record breaks.
    std::uint64_t published_key = 0;
    // The reports' running-header sheets (assets/paper/), made from the page
    // tree alone: while its fingerprint stays `paper_key`, they stay as they are.
    std::uint64_t paper_key = 0;
    std::vector<std::string> paper_sheets;
};

// The record at `path`. Made under another key, it keeps only which files
// Gazette wrote (so they can still be replaced or removed) and the spare
// tree beside the output (which depends on no option); made for another
// output folder, or unreadable, it is empty.
BuildRecord load_record(const std::filesystem::path& path, std::uint64_t key, const std::string& output);
// The key a record was saved with (for a test to read it whole); nullopt when
// the file is no record.
std::optional<std::uint64_t> saved_record_key(const std::filesystem::path& path);
// Written beside and renamed over, so a killed build never leaves half a record.
void save_record(const std::filesystem::path& path, const BuildRecord& record);

// What a build read and wrote, by size, time and inode, and what it said:
// while none of it changes, the next build has nothing to do and says so at
// once, as make and ninja do, reading no page and no record.
struct BuildStamps {
    std::uint64_t key = 0;  // Gazette's own binary and the options, as the record's
    std::string output;     // the output folder, absolute
    // Every file and folder of the site's sources (site.json, content/, data/,
    // static/, themes/), taken before they were read, and every file written.
    std::vector<std::pair<std::string, FileTime>> inputs;
    std::vector<std::pair<std::string, FileTime>> outputs;
    std::vector<Diagnostic> diagnostics;
    std::size_t pages = 0, units = 0, pdfs = 0;
};

// The sources' stamps now, relative to `site`; nullopt when the sources hold
// a symbolic link to a folder, whose contents a stamp of the link would miss.
std::optional<std::vector<std::pair<std::string, FileTime>>> take_input_stamps(const std::filesystem::path& site);
// Every stamp as it is on disk now (inputs below `site`, outputs below `output`).
bool stamps_hold(const BuildStamps& stamps, const std::filesystem::path& site, const std::filesystem::path& output);
std::optional<BuildStamps> load_stamps(const std::filesystem::path& path, std::uint64_t key, const std::string& output);
void save_stamps(const std::filesystem::path& path, const BuildStamps& stamps);

// The content files a build parsed, but for their bodies, keyed by `key`
// (Gazette's own binary, which parses them); empty when none or another's.
SourceCache load_source_cache(const std::filesystem::path& path, std::uint64_t key);
void save_source_cache(const std::filesystem::path& path, std::uint64_t key, const std::vector<ContentFile>& files);

// A file's size and modification time now; nullopt when it is not a regular file.
std::optional<std::pair<std::uintmax_t, long long>> stat_file(const std::filesystem::path& path);

}  // namespace gazette
