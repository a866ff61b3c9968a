// The floor for `make bench`: the least any generator must do with a site's
// Markdown. It reads every .md file under CONTENT_DIR, drops the front
// matter, parses and renders the rest with cmark-gfm alone (the options and
// GFM extensions Gazette uses: table, strikethrough, autolink, tagfilter,
// tasklist, footnotes) and writes one HTML file per page under OUT_DIR, on
// every core through a shared work queue. No templates, data or links.
//
//   gazette_floor CONTENT_DIR OUT_DIR
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

namespace {

constexpr const char* extension_names[] = {"table", "strikethrough", "autolink", "tagfilter", "tasklist"};
constexpr int options = CMARK_OPT_FOOTNOTES | CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8;

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The Markdown after a front matter block of `---` lines, if there is one.
std::string_view body(std::string_view text) {
    if (text.substr(0, 4) != "---\n") return text;
    for (std::size_t at = text.find("\n---", 3); at != std::string_view::npos; at = text.find("\n---", at + 1)) {
        std::size_t end = at + 4;
        if (end == text.size()) return {};
        if (text[end] == '\n') return text.substr(end + 1);
    }
    return text;
}

std::string render(std::string_view markdown) {
    cmark_parser* parser = cmark_parser_new(options);
    for (const char* name : extension_names)
        cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension(name));
    cmark_parser_feed(parser, markdown.data(), markdown.size());
    cmark_node* document = cmark_parser_finish(parser);
    char* html = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser));
    std::string result(html);
    std::free(html);
    cmark_node_free(document);
    cmark_parser_free(parser);
    return result;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: gazette_floor CONTENT_DIR OUT_DIR\n";
        return 2;
    }
    const fs::path content = argv[1], out = argv[2];
    cmark_gfm_core_extensions_ensure_registered();  // once, before the threads

    std::vector<fs::path> pages;
    for (const auto& entry : fs::recursive_directory_iterator(content))
        if (entry.is_regular_file() && entry.path().extension() == ".md") pages.push_back(entry.path().lexically_relative(content));
    std::set<fs::path> folders;
    for (const auto& page : pages) folders.insert((out / page).parent_path());
    for (const auto& folder : folders) fs::create_directories(folder);

    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    auto work = [&] {
        for (std::size_t i = next++; i < pages.size(); i = next++) {
            const std::string text = read_file(content / pages[i]);
            const std::string html = render(body(text));
            fs::path target = out / pages[i];
            target.replace_extension(".html");
            std::ofstream file(target, std::ios::binary | std::ios::trunc);
            file.write(html.data(), static_cast<std::streamsize>(html.size()));
            if (!file) failed = true;
        }
    };
    std::vector<std::thread> threads(std::max(1u, std::thread::hardware_concurrency()));
    for (auto& thread : threads) thread = std::thread(work);
    for (auto& thread : threads) thread.join();

    if (failed) {
        std::cerr << "gazette_floor: could not write every page into " << out << "\n";
        return 1;
    }
    std::cout << "Rendered " << pages.size() << " pages into " << out.string() << "\n";
    return 0;
}
