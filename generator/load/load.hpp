// Load: read a site folder into memory. Syntax errors (JSON, YAML, front matter
// delimiters) become diagnostics here; meaning is checked by validate/.
#pragma once

#include "diagnostics/diagnostics.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gazette {

// A parsed JSON or YAML document that remembers where each value came from,
// keyed by JSON Pointer ("/contact/email"), so validation can point at a line.
struct LocatedJson {
    nlohmann::json value = nlohmann::json::object();
    std::filesystem::path file;
    std::map<std::string, std::pair<int, int>> value_positions;  // pointer -> (line, column)
    std::map<std::string, std::pair<int, int>> key_positions;    // object member pointer -> its key

    // The value's position; falls back to its parent, then the file itself.
    [[nodiscard]] SourceLocation at(const std::string& pointer) const;
    // The member's key position (for "unknown key"); falls back to at().
    [[nodiscard]] SourceLocation key_at(const std::string& pointer) const;
};

std::string json_pointer_append(const std::string& pointer, std::string_view key);

// The most values (JSON values, CSV fields) a dataset's file may hold: a
// table of them all still builds in about a second and 150 MB.
inline constexpr std::size_t max_dataset_values = 100000;

// The error at the first value past max_dataset_values.
void report_too_many_values(const SourceLocation& where, Diagnostics& diagnostics);

// The largest magnitude Gazette keeps exactly: 2^53 - 1, the largest whole
// number a double (and JavaScript, which draws the charts) holds unrounded.
inline constexpr double largest_exact_number = 9007199254740991.0;
// False, with an error at `where`, when the number `written` is beyond
// largest_exact_number (or beyond a double altogether).
bool check_number_range(std::string_view written, const SourceLocation& where, Diagnostics& diagnostics);

// Parses JSON text; syntax errors, duplicate keys and more than
// max_dataset_values values are diagnostics.
LocatedJson parse_json(std::string_view text, const std::filesystem::path& file, Diagnostics& diagnostics);
// Parses YAML text, whose first line is line `first_line` of `file`.
LocatedJson parse_yaml(std::string_view text, const std::filesystem::path& file, int first_line,
                       Diagnostics& diagnostics);

// A file's size, modification time and inode: while all three hold, its
// bytes are taken to be the same.
struct FileTime {
    std::uintmax_t size = 0;
    long long modified = 0;  // nanoseconds since the epoch
    std::uint64_t inode = 0;
    friend bool operator==(const FileTime&, const FileTime&) = default;
};
// The file's, following symbolic links; nullopt when there is none.
std::optional<FileTime> file_time(const std::filesystem::path& path);

struct ContentFile {
    std::filesystem::path relative;  // to content/, e.g. reports/2019-20/index.md
    std::filesystem::path source;    // to the site root, for diagnostics
    LocatedJson front_matter;
    std::uint64_t front_matter_hash = 0;  // of its value, for the page tree's fingerprint
    std::uint64_t head_hash = 0;  // of the bytes before the body: the front matter as written, positions and all
    std::string body;
    bool body_read = true;     // false once let go of (release_body) or when it came from the source cache: read_body() has it
    bool from_cache = false;   // taken from the source cache by load_site, not read and parsed now
    std::size_t body_offset = 0;  // where the body starts in the file, past a byte-order mark
    int body_first_line = 1;   // line of `source` on which the body starts
    std::uint64_t hash = 0;    // of the file as read, for incremental builds
    FileTime stamp;            // of the file when read
};

// Lets go of a content file's body, which read_body() reads again when it is needed.
void release_body(ContentFile& file);
// A content file's body, read again: the file at `root / source`, from `offset`.
std::string read_body(const std::filesystem::path& root, const std::filesystem::path& source, std::size_t offset);

// Content files as parsed by an earlier build, by relative path: one whose
// stamp still holds is not read or parsed again, only its body when needed.
using SourceCache = std::map<std::string, ContentFile>;

// Splits "---\nyaml\n---\nbody"; a file without front matter is all body.
ContentFile parse_content_file(std::string text, const std::filesystem::path& relative,
                               const std::filesystem::path& source, Diagnostics& diagnostics);

// One field of a CSV file, with the line and column where it starts.
struct CsvField {
    std::string text;
    int line = 0;
    int column = 0;
};

// A CSV file (RFC 4180): a header row, then rows with as many fields each.
struct CsvTable {
    std::filesystem::path file;  // relative to the site root, for diagnostics
    std::vector<CsvField> header;
    std::vector<std::vector<CsvField>> rows;
    std::uint64_t hash = 0;  // of the file as read

    [[nodiscard]] SourceLocation at(const CsvField& field) const { return {file, field.line, field.column}; }
};

// Parses CSV text; malformed CSV, rows of the wrong length and more than
// max_dataset_values fields are diagnostics.
CsvTable parse_csv(std::string_view text, const std::filesystem::path& file, Diagnostics& diagnostics);

struct DataFile {
    std::string name;  // file stem: data/crime.json -> "crime"
    LocatedJson document;
    std::string text;  // as written, for publishing
    // The CSV files it names, by the key that names them ("rows_csv", "series_csv").
    std::map<std::string, CsvTable> csv = {};
    std::uint64_t hash = 0;  // of the JSON and its CSV files, as read
};

// An image's size in pixels, as its own header gives it.
struct ImageSize {
    unsigned width = 0;
    unsigned height = 0;
    friend bool operator==(const ImageSize&, const ImageSize&) = default;
};
// The size of a PNG, GIF, JPEG or SVG (with width and height or a viewBox)
// from its first bytes; nullopt for any other image.
std::optional<ImageSize> image_size(std::string_view bytes);

struct StaticFile {
    std::filesystem::path source;  // absolute
    std::filesystem::path output;  // relative to the output folder
    bool beside_content = false;   // from content/, so it follows its page's address
};

struct SiteSources {
    std::filesystem::path root;
    LocatedJson config;
    std::uint64_t config_hash = 0;  // of site.json as read
    std::vector<ContentFile> content;  // sorted by relative path
    std::vector<DataFile> data;        // sorted by name
    std::vector<StaticFile> files;     // static/ and non-Markdown files in content/, sorted
    std::filesystem::path theme_overrides;  // root/themes, which may not exist
};

// The largest Markdown, JSON or CSV file a site may have: far beyond any
// report, and small enough that a build's time and memory stay bounded.
inline constexpr std::uintmax_t max_source_file_bytes = 10 * 1024 * 1024;

// Reads every source of the site. Symbolic links are followed only to files
// and folders inside the site; a link that leads out of it is an error.
// `cache`: content files parsed before; the entries used are moved out of it.
// `stamps`: the sources' stamps, taken already before anything was read
// (take_input_stamps, names relative to `root`): a page's is taken from there,
// not from a stat of its own.
SiteSources load_site(const std::filesystem::path& root, Diagnostics& diagnostics, SourceCache* cache = nullptr,
                      const std::vector<std::pair<std::string, FileTime>>* stamps = nullptr);

// For a rebuild that knows which files changed (gazette serve): the datasets
// of data/ alone, as load_site reads them, ...
std::vector<DataFile> load_datasets(const std::filesystem::path& root, Diagnostics& diagnostics);
// ... and one content file (`relative` to content/), read and parsed again;
// nullopt when it is no longer a Markdown file of its own (gone, a folder, a
// symbolic link), which only loading the whole site can judge.
std::optional<ContentFile> reload_content_file(const std::filesystem::path& root, const std::filesystem::path& relative,
                                               Diagnostics& diagnostics);

// Reads a whole file; throws LoadError when it cannot.
std::string read_file(const std::filesystem::path& path);
// The same, unless the file holds more than `limit` bytes: then nothing is
// read and the answer is nullopt. `size` is set to the file's size either way
// (0 for one that is not a regular file, read to its end all the same).
std::optional<std::string> read_file_within(const std::filesystem::path& path, std::uintmax_t limit, std::uintmax_t& size);

struct LoadError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace gazette
