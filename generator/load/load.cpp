#include "load/load.hpp"

#include "text/hash.hpp"
#include "text/text.hpp"
#include "text/work_queue.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace gazette {

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw LoadError("cannot read " + path.string());
    std::string text;
    auto size = in.tellg();
    if (size > 0) {  // a regular file: read it at once
        text.resize(static_cast<std::size_t>(size));
        in.seekg(0);
        in.read(text.data(), size);
        text.resize(static_cast<std::size_t>(in.gcount()));
        if (in.peek() == std::ifstream::traits_type::eof()) return text;
        in.clear();
    } else {
        in.seekg(0);
    }
    std::ostringstream rest;  // it grew while read, or is not a regular file
    rest << in.rdbuf();
    return text + std::move(rest).str();
}

namespace {

bool is_delimiter(std::string_view line) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    return line == "---";
}

// Every file below `dir`, sorted, so output never depends on directory order.
std::vector<fs::path> sorted_files(const fs::path& dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return files;
    for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::none, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        const auto name = it->path().filename().string();
        if (!name.empty() && name.front() == '.') {
            if (it->is_directory()) it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file()) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
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
        std::string text;
        try {
            text = read_file(root / relative);
        } catch (const LoadError&) {
            diagnostics.error(where, "cannot read " + relative.generic_string(), "check that the file is readable");
            continue;
        }
        auto& table = out.emplace(key, parse_csv(text, relative, diagnostics)).first->second;
        table.hash = hash_bytes(text);
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
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);

    auto first_end = text.find('\n');
    if (!is_delimiter(std::string_view(text).substr(0, first_end))) {
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
            file.body = line_end == std::string::npos ? std::string() : text.substr(line_end + 1);
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

SiteSources load_site(const fs::path& root, Diagnostics& diagnostics) {
    SiteSources site;
    site.root = root;
    site.theme_overrides = root / "themes";

    const fs::path config_path = root / "site.json";
    if (!fs::exists(config_path)) {
        diagnostics.error({"site.json"}, "no site.json in " + root.string(),
                          "run the command in a site folder, or create one with `gazette new DIR`");
        return site;
    }
    std::string config_text = read_file(config_path);
    site.config_hash = hash_bytes(config_text);
    site.config = parse_json(config_text, "site.json", diagnostics);

    const fs::path content_dir = root / "content";
    if (!fs::is_directory(content_dir))
        diagnostics.error({"content"}, "the site has no content/ folder", "put the site's Markdown pages in content/");
    std::vector<fs::path> pages;
    for (const auto& path : sorted_files(content_dir)) {
        if (path.extension() == ".md") pages.push_back(path);
        else site.files.push_back({path, path.lexically_relative(content_dir), true});
    }
    // Read and parse on every core; the diagnostics keep the files' order.
    site.content.resize(pages.size());
    std::vector<Diagnostics> found(pages.size());
    parallel_for(pages.size(), worker_count(0), [] { return 0; }, [&](int, std::size_t i) {
        auto relative = pages[i].lexically_relative(content_dir);
        site.content[i] = parse_content_file(read_file(pages[i]), relative, fs::path("content") / relative, found[i]);
    });
    for (const auto& file : found) diagnostics.append(file);

    const fs::path data_dir = root / "data";
    std::vector<std::string> csv_names;  // file names in data/, for datasets to name
    for (const auto& path : sorted_files(data_dir)) {
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
        std::string text = read_file(path);
        LocatedJson document = parse_json(text, relative, diagnostics);
        site.data.push_back({path.stem().string(), std::move(document), std::move(text)});
    }
    std::set<std::string> named;
    for (auto& file : site.data) {
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

    const fs::path static_dir = root / "static";
    for (const auto& path : sorted_files(static_dir)) site.files.push_back({path, path.lexically_relative(static_dir), false});
    std::sort(site.files.begin(), site.files.end(),
              [](const StaticFile& a, const StaticFile& b) { return a.output < b.output; });
    return site;
}

}  // namespace gazette
