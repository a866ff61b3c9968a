#include "load/load.hpp"

#include "text/hash.hpp"
#include "text/text.hpp"
#include "text/work_queue.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <optional>
#include <set>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_map>

namespace fs = std::filesystem;

namespace gazette {

std::optional<std::string> read_file_within(const fs::path& path, std::uintmax_t limit, std::uintmax_t& size) {
    // One open, one fstat and reads to the end: a build reads ten thousand of these.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw LoadError("cannot read " + path.string());
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat info {};
    if (::fstat(fd, &info) != 0) throw LoadError("cannot read " + path.string());
    const bool regular = S_ISREG(info.st_mode);
    size = regular ? static_cast<std::uintmax_t>(info.st_size) : 0;
    if (size > limit) return std::nullopt;
    // A regular file is read at once; it may have grown since, and other
    // files (a pipe, /proc) have no size to go by.
    std::string text(regular ? static_cast<std::size_t>(size) + 1 : 64 * 1024, '\0');
    std::size_t done = 0;
    while (true) {
        if (done == text.size()) text.resize(text.size() * 2);
        const ssize_t n = ::read(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw LoadError("cannot read " + path.string() + ": " + std::strerror(errno));
        if (n == 0) break;
        done += static_cast<std::size_t>(n);
    }
    text.resize(done);
    return text;
}

std::string read_file(const fs::path& path) {
    std::uintmax_t size = 0;
    return *read_file_within(path, std::numeric_limits<std::uintmax_t>::max(), size);
}

namespace {

bool is_delimiter(std::string_view line) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    return line == "---";
}

// The site folder as files are read from it: a symbolic link is followed
// only when it leads to a file or folder inside the site, so a site cannot
// publish or read what lies outside it.
class SiteFolder {
public:
    explicit SiteFolder(const fs::path& root) : root_(root), canonical_(fs::weakly_canonical(fs::absolute(root))) {}

    // Every file below `dir`, sorted, so output never depends on directory order.
    std::vector<fs::path> files(const fs::path& dir, Diagnostics& diagnostics) const {
        std::vector<fs::path> files;
        std::error_code ec;
        if (!fs::is_directory(dir, ec)) return files;
        if (fs::is_symlink(dir, ec) && !link_allowed(dir, diagnostics)) return files;
        std::vector<fs::path> open{fs::canonical(dir, ec)};
        walk(dir, files, open, diagnostics);
        std::sort(files.begin(), files.end());
        return files;
    }

    // Reports the links below `dir` that lead out of the site, reading nothing.
    void check_links(const fs::path& dir, Diagnostics& diagnostics) const { files(dir, diagnostics); }

    // False, with a diagnostic, when `path` is a symbolic link that leads
    // out of the site folder or to nothing.
    bool link_allowed(const fs::path& path, Diagnostics& diagnostics) const {
        std::error_code ec;
        if (!fs::is_symlink(path, ec)) return true;
        const fs::path shown = path.lexically_relative(root_);
        const fs::path target = fs::canonical(path, ec);
        if (ec) {
            diagnostics.error({shown}, "is a symbolic link to " + fs::read_symlink(path, ec).generic_string() + ", which does not exist",
                              "correct the link or remove it");
            return false;
        }
        const fs::path inside = target.lexically_relative(canonical_);
        if (inside.empty() || *inside.begin() == "..") {
            diagnostics.error({shown}, "is a symbolic link to " + target.generic_string() + ", outside the site folder",
                              "Gazette follows links only to files and folders inside the site: copy the file into the site instead");
            return false;
        }
        return true;
    }

private:
    void walk(const fs::path& dir, std::vector<fs::path>& files, std::vector<fs::path>& open, Diagnostics& diagnostics) const {
        std::error_code ec;
        for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
            const fs::path& path = it->path();
            const auto name = path.filename().string();
            if (!name.empty() && name.front() == '.') continue;
            std::error_code type_ec;
            if (it->is_symlink(type_ec) && !link_allowed(path, diagnostics)) continue;
            if (it->is_directory(type_ec)) {
                fs::path canonical = fs::canonical(path, type_ec);
                const fs::path back = fs::canonical(dir, type_ec).lexically_relative(canonical);
                if (std::find(open.begin(), open.end(), canonical) != open.end() || (!back.empty() && *back.begin() != "..")) {
                    diagnostics.error({path.lexically_relative(root_)}, "is a symbolic link to a folder that holds it",
                                      "a link inside a folder must not lead back to that folder: remove it");
                    continue;
                }
                open.push_back(std::move(canonical));
                walk(path, files, open, diagnostics);
                open.pop_back();
            } else if (it->is_regular_file(type_ec)) {
                files.push_back(path);
            }
        }
    }

    fs::path root_;       // as given, for the paths diagnostics show
    fs::path canonical_;  // where links must stay
};

std::string megabytes(std::uintmax_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    return text;
}

// A source file's text (Markdown, JSON, CSV): no larger than
// max_source_file_bytes, well-formed UTF-8, a leading byte-order mark
// dropped so it never reaches a page. Otherwise a diagnostic at `shown`.
std::optional<std::string> read_source(const fs::path& path, const fs::path& shown, Diagnostics& diagnostics) {
    std::uintmax_t size = 0;
    std::optional<std::string> within = read_file_within(path, max_source_file_bytes, size);
    if (!within) {
        diagnostics.error({shown}, "the file is " + megabytes(size) + "; Gazette reads Markdown, JSON and CSV files of at most " +
                                       megabytes(max_source_file_bytes),
                          "split it: a long report into several pages, a large dataset into several datasets");
        return std::nullopt;
    }
    std::string text = std::move(*within);
    drop_byte_order_mark(text);
    if (auto at = invalid_utf8_at(text)) {
        const std::size_t line_start = text.rfind('\n', *at == 0 ? 0 : *at - 1);
        const std::size_t from = line_start == std::string::npos || *at == 0 ? 0 : line_start + 1;
        int column = 1;
        for (std::size_t i = from; i < *at; ++i)
            if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
        const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(*at), '\n'));
        diagnostics.error({shown, line, column}, not_utf8_message(text, *at),
                          "save the file as UTF-8 (in Excel, \"CSV UTF-8\"; in most editors, Save As with the encoding UTF-8)");
        return std::nullopt;
    }
    return text;
}

// Reads and parses the CSV files a dataset names; a name that does not lead
// to a readable file in data/ is an error at the name.
std::map<std::string, CsvTable> read_named_csv_files(const LocatedJson& dataset, const fs::path& root,
                                                     const std::vector<std::string>& csv_names, Diagnostics& diagnostics) {
    std::map<std::string, CsvTable> out;
    if (!dataset.value.is_object()) return out;
    for (const std::string key : {"rows_csv", "series_csv"}) {
        auto it = dataset.value.find(key);
        if (it == dataset.value.end() || !it->is_string()) continue;  // validate reports a wrong type
        const auto name = it->get<std::string>();
        const auto where = dataset.at(json_pointer_append("", key));
        const fs::path relative = fs::path("data") / name;
        if (name.empty() || fs::path(name).filename() != fs::path(name) || fs::path(name).extension() != ".csv") {
            diagnostics.error(where, "\"" + key + "\" must name a .csv file in data/, got \"" + name + "\"",
                              "write the file name alone, for example \"" + key + "\": \"grants.csv\"");
            continue;
        }
        if (!fs::is_regular_file(root / relative)) {
            auto suggestion = closest_match(name, csv_names);
            diagnostics.error(where, "there is no file " + relative.generic_string(),
                              suggestion ? "did you mean \"" + *suggestion + "\"?"
                                         : "put the CSV file in data/ beside " + dataset.file.filename().string() + ", or correct its name");
            continue;
        }
        // A link out of the site is not among the files read, and was reported as such.
        if (fs::is_symlink(root / relative) && std::find(csv_names.begin(), csv_names.end(), name) == csv_names.end()) continue;
        std::optional<std::string> text;
        try {
            text = read_source(root / relative, relative, diagnostics);
        } catch (const LoadError&) {
            diagnostics.error(where, "cannot read " + relative.generic_string(), "check that the file is readable");
            continue;
        }
        if (!text) continue;
        auto& table = out.emplace(key, parse_csv(*text, relative, diagnostics)).first->second;
        table.hash = hash_bytes(*text);
    }
    return out;
}

}  // namespace

ContentFile parse_content_file(std::string text, const fs::path& relative, const fs::path& source,
                               Diagnostics& diagnostics) {
    ContentFile file;
    file.relative = relative;
    file.source = source;
    file.front_matter.file = source;
    file.hash = hash_bytes(text);
    drop_byte_order_mark(text);

    auto first_end = text.find('\n');
    if (!is_delimiter(std::string_view(text).substr(0, first_end))) {
        diagnostics.error({source, 1, 1}, text.empty() ? "the file is empty" : "the page has no front matter",
                          "start it with its front matter: a line `---`, then `title: The page's title`, then another line `---`");
        file.body = std::move(text);
        return file;
    }
    // Find the closing delimiter line.
    std::size_t line_start = first_end == std::string::npos ? text.size() : first_end + 1;
    int line = 2;
    while (line_start < text.size()) {
        auto line_end = text.find('\n', line_start);
        auto length = (line_end == std::string::npos ? text.size() : line_end) - line_start;
        if (is_delimiter(std::string_view(text).substr(line_start, length))) {
            auto yaml = std::string_view(text).substr(first_end + 1, line_start - first_end - 1);
            file.front_matter = parse_yaml(yaml, source, 2, diagnostics);
            file.front_matter_hash = hash_bytes(file.front_matter.value.dump());
            file.body_offset = line_end == std::string::npos ? text.size() : line_end + 1;
            file.head_hash = hash_bytes(std::string_view(text).substr(0, file.body_offset));
            file.body = text.substr(file.body_offset);
            file.body_first_line = line + 1;
            return file;
        }
        if (line_end == std::string::npos) break;
        line_start = line_end + 1;
        ++line;
    }
    diagnostics.error({source, 1, 1}, "front matter is not closed",
                      "add a line with only `---` after the last front matter line");
    return file;
}

std::optional<FileTime> file_time(const fs::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return std::nullopt;
    return FileTime{static_cast<std::uintmax_t>(info.st_size),
                    static_cast<long long>(info.st_mtim.tv_sec) * 1'000'000'000LL + info.st_mtim.tv_nsec,
                    static_cast<std::uint64_t>(info.st_ino)};
}

void release_body(ContentFile& file) {
    std::string().swap(file.body);  // (clear() would keep its memory)
    file.body_read = false;
}

std::string read_body(const fs::path& root, const fs::path& source, std::size_t offset) {
    std::string text = read_file(root / source);
    drop_byte_order_mark(text);
    text.erase(0, std::min(offset, text.size()));  // in place: every page's Markdown comes this way when rendered
    return text;
}

namespace {

std::vector<DataFile> load_datasets(const fs::path& root, const SiteFolder& folder, Diagnostics& diagnostics) {
    std::vector<DataFile> data;
    const fs::path data_dir = root / "data";
    std::vector<std::string> csv_names;  // file names in data/, for datasets to name
    for (const auto& path : folder.files(data_dir, diagnostics)) {
        auto relative = fs::path("data") / path.lexically_relative(data_dir);
        const bool csv = path.extension() == ".csv";
        if (path.extension() != ".json" && !csv) {
            diagnostics.warning({relative}, "only JSON datasets are read; this file is ignored",
                                "convert it to JSON, or move it out of data/");
            continue;
        }
        if (path.parent_path() != data_dir) {
            diagnostics.warning({relative}, "datasets in sub-folders of data/ are not read",
                                "move the file directly into data/");
            continue;
        }
        if (csv) {
            csv_names.push_back(path.filename().string());
            continue;
        }
        std::optional<std::string> text = read_source(path, relative, diagnostics);
        if (!text) continue;
        LocatedJson document = parse_json(*text, relative, diagnostics);
        data.push_back({path.stem().string(), std::move(document), std::move(*text)});
    }
    std::set<std::string> named;
    for (auto& file : data) {
        file.csv = read_named_csv_files(file.document, root, csv_names, diagnostics);
        Hasher hash;
        hash.add(file.text);
        for (const auto& [key, csv] : file.csv) {
            named.insert(csv.file.filename().string());
            hash.add(key).add(csv.hash);
        }
        file.hash = hash.digest();
    }
    for (const auto& name : csv_names)
        if (named.count(name) == 0)
            diagnostics.warning({fs::path("data") / name}, "no dataset names this CSV file",
                                "name it in a dataset's \"rows_csv\" or \"series_csv\"");

    return data;
}

}  // namespace

SiteSources load_site(const fs::path& root, Diagnostics& diagnostics, SourceCache* cache,
                      const std::vector<std::pair<std::string, FileTime>>* stamps) {
    SiteSources site;
    site.root = root;
    site.theme_overrides = root / "themes";
    const SiteFolder folder(root);

    const fs::path config_path = root / "site.json";
    if (!fs::exists(config_path)) {
        diagnostics.error({"site.json"}, "no site.json in " + root.string(),
                          "run the command in a site folder, or create one with `gazette new DIR`");
        return site;
    }
    if (!folder.link_allowed(config_path, diagnostics)) return site;
    std::optional<std::string> config_text = read_source(config_path, "site.json", diagnostics);
    if (!config_text) return site;
    site.config_hash = hash_bytes(*config_text);
    site.config = parse_json(*config_text, "site.json", diagnostics);

    const fs::path content_dir = root / "content";
    if (!fs::is_directory(content_dir))
        diagnostics.error({"content"}, "the site has no content/ folder", "put the site's Markdown pages in content/");
    std::vector<fs::path> pages;
    for (const auto& path : folder.files(content_dir, diagnostics)) {
        if (path.extension() == ".md") pages.push_back(path);
        else site.files.push_back({path, path.lexically_relative(content_dir), true});
    }
    // Read and parse on every core; the diagnostics keep the files' order.
    std::vector<std::optional<ContentFile>> parsed(pages.size());
    std::vector<Diagnostics> found(pages.size());
    std::unordered_map<std::string_view, const FileTime*> taken;  // "content/..." -> its stamp
    if (stamps != nullptr) {
        taken.reserve(stamps->size());
        for (const auto& [name, time] : *stamps)
            if (name.starts_with("content/")) taken.emplace(name, &time);
    }
    parallel_for(pages.size(), worker_count(0), [] { return 0; }, [&](int, std::size_t i) {
        auto relative = pages[i].lexically_relative(content_dir);
        // Taken before the file is read, so an edit made meanwhile shows next time.
        std::optional<FileTime> stamp;
        if (auto it = taken.find("content/" + relative.generic_string()); it != taken.end()) stamp = *it->second;
        else stamp = file_time(pages[i]);
        if (cache != nullptr && stamp) {
            auto before = cache->find(relative.generic_string());
            // Pages made from a dataset's rows are filled in from the body as the site is put together.
            if (before != cache->end() && before->second.stamp == *stamp && !before->second.front_matter.value.contains("generate")) {
                parsed[i] = std::move(before->second);  // each entry is taken once, by one worker
                parsed[i]->from_cache = true;
                return;
            }
        }
        if (auto text = read_source(pages[i], fs::path("content") / relative, found[i])) {
            parsed[i] = parse_content_file(std::move(*text), relative, fs::path("content") / relative, found[i]);
            if (stamp) parsed[i]->stamp = *stamp;
            // Read again when its page is rendered (Site::page_body), as a page
            // from the source cache is: a build holds the Markdown of the pages
            // its workers are rendering, not the whole site's (70 MB at 10,000
            // pages). Pages made from a dataset's rows are filled in from it
            // as the site is put together, and keep it.
            if (!parsed[i]->front_matter.value.contains("generate")) release_body(*parsed[i]);
        }
    });
    for (auto& file : parsed)
        if (file) site.content.push_back(std::move(*file));
    for (const auto& file : found) diagnostics.append(file);

    site.data = load_datasets(root, folder, diagnostics);

    const fs::path static_dir = root / "static";
    for (const auto& path : folder.files(static_dir, diagnostics))
        site.files.push_back({path, path.lexically_relative(static_dir), false});
    std::sort(site.files.begin(), site.files.end(),
              [](const StaticFile& a, const StaticFile& b) { return a.output < b.output; });
    // The theme reads its own files later; a link out of the site is refused here, before anything is read.
    folder.check_links(site.theme_overrides, diagnostics);
    return site;
}

std::vector<DataFile> load_datasets(const fs::path& root, Diagnostics& diagnostics) {
    return load_datasets(root, SiteFolder(root), diagnostics);
}

std::optional<ContentFile> reload_content_file(const fs::path& root, const fs::path& relative, Diagnostics& diagnostics) {
    const fs::path path = root / "content" / relative;
    std::error_code ec;
    if (fs::is_symlink(path, ec) || !fs::is_regular_file(path, ec) || relative.extension() != ".md") return std::nullopt;
    auto stamp = file_time(path);  // before the file is read, as load_site takes it
    auto text = read_source(path, fs::path("content") / relative, diagnostics);
    if (!stamp || !text) return std::nullopt;
    ContentFile file = parse_content_file(std::move(*text), relative, fs::path("content") / relative, diagnostics);
    file.stamp = *stamp;
    return file;
}

}  // namespace gazette
