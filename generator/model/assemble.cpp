#include "model/model.hpp"
#include "validate/validate.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>

namespace fs = std::filesystem;

namespace gazette {

namespace {

std::string page_slug(const PageMeta& meta, const fs::path& name) {
    return meta.slug.empty() ? slugify(name.stem().string()) : meta.slug;
}

std::string folder_title(const std::string& folder) {
    std::string title = folder;
    std::replace(title.begin(), title.end(), '-', ' ');
    if (!title.empty()) title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
    return title;
}

// Newest first; undated last; then weight, then title, so the order is total.
bool newer_first(const Page& a, const Page& b) {
    if (a.meta.date != b.meta.date) {
        if (!a.meta.date) return false;
        if (!b.meta.date) return true;
        return *a.meta.date > *b.meta.date;
    }
    if (a.meta.weight != b.meta.weight) return a.meta.weight < b.meta.weight;
    return a.meta.title < b.meta.title;
}

bool by_weight(const Page& a, const Page& b) {
    if (a.meta.weight != b.meta.weight) return a.meta.weight < b.meta.weight;
    if (a.meta.title != b.meta.title) return a.meta.title < b.meta.title;
    return a.url < b.url;
}

class SiteAssembler {
public:
    SiteAssembler(const AssembleOptions& options, Diagnostics& diagnostics)
        : options_(options), diagnostics_(diagnostics) {}

    Site assemble(SiteSources sources) {
        site_.root = sources.root;
        site_.config = validate_config(sources.config, diagnostics_);
        site_.theme_overrides = sources.theme_overrides;
        site_.datasets = validate_datasets(std::move(sources.data), diagnostics_);

        // Reports that are folders first: their pages need the report's URL.
        for (auto& file : sources.content)
            if (depth(file) == 3 && file.relative.filename() == "index.md") add(std::move(file));
        for (auto& file : sources.content)
            if (!file.relative.empty() && !(depth(file) == 3 && file.relative.filename() == "index.md")) add(std::move(file));

        ensure_home();
        add_glossary();
        add_accessibility_statement();
        link_sections();
        add_search_and_site_map();
        link_reports();
        link_series();
        build_navigation();
        place_files(std::move(sources.files));
        check_site_files(sources.config);
        measure_images();
        for (const auto& [url, page] : site_.pages)
            if (!page.source.empty()) site_.made_from[page.source.generic_string()].push_back(url);
        return std::move(site_);
    }

private:
    static std::size_t depth(const ContentFile& file) {
        return static_cast<std::size_t>(std::distance(file.relative.begin(), file.relative.end()));
    }

    void add(ContentFile file) {
        Diagnostics local;
        PageMeta meta = validate_front_matter(file.front_matter, local);
        diagnostics_.append(local);
        if (meta.draft && !options_.include_drafts) {
            if (depth(file) == 3 && file.relative.filename() == "index.md")
                draft_folders_.insert(file.relative.parent_path());
            return;
        }
        if (!meta.image.empty()) named_files_.push_back({meta.image.src, file.front_matter.at("/image/src"), "image"});
        if (meta.generate) {
            generate_pages(file, std::move(meta));
            return;
        }

        std::vector<std::string> parts;
        for (const auto& part : file.relative) parts.push_back(part.string());
        const std::string name = parts.back();

        Page page;
        page.source = file.source;
        page.body = std::move(file.body);
        page.body_read = file.body_read;
        page.body_offset = file.body_offset;
        page.body_first_line = file.body_first_line;
        page.source_hash = file.hash;

        if (parts.size() == 1) {
            if (name == "_index.md") {
                page.kind = PageKind::home;
                page.url = "/";
            } else if (name == "index.md") {
                diagnostics_.error({page.source}, "content/index.md is not a page address",
                                   "name the home page content/_index.md");
                return;
            } else {
                page.kind = PageKind::page;
                page.url = "/" + page_slug(meta, name) + "/";
            }
        } else if (parts.size() == 2) {
            page.section = "/" + slugify(parts[0]) + "/";
            if (name == "_index.md") {
                page.kind = PageKind::section;
                page.url = page.section;
                page.section.clear();
            } else if (name == "index.md") {
                diagnostics_.error({page.source}, "a section's own page is called _index.md, not index.md",
                                   "rename it to _index.md");
                return;
            } else {
                page.kind = PageKind::report;
                page.url = page.section + page_slug(meta, name) + "/";
                page.report = page.url;
            }
        } else if (parts.size() == 3) {
            page.section = "/" + slugify(parts[0]) + "/";
            fs::path folder = file.relative.parent_path();
            if (draft_folders_.count(folder) != 0) return;
            if (name == "index.md") {
                page.kind = PageKind::report;
                page.url = page.section + (meta.slug.empty() ? slugify(parts[1]) : meta.slug) + "/";
                page.report = page.url;
                report_folders_[folder] = page.url;
            } else if (name == "_index.md") {
                diagnostics_.error({page.source}, "a report folder's first page is called index.md",
                                   "rename it to index.md");
                return;
            } else {
                auto it = report_folders_.find(folder);
                if (it == report_folders_.end()) {
                    diagnostics_.error({page.source}, "this page's report folder has no index.md",
                                       "add content/" + folder.generic_string() +
                                           "/index.md with the report's title, date and committee");
                    return;
                }
                page.kind = PageKind::report_page;
                page.report = it->second;
                page.url = page.report + page_slug(meta, name) + "/";
            }
        } else {
            diagnostics_.error({page.source}, "pages may be at most two folders deep in content/",
                               "use content/SECTION/REPORT/page.md");
            return;
        }
        page.meta = std::move(meta);
        page.numbering = page.meta.numbering.value_or(Numbering::none);

        if (auto existing = site_.pages.find(page.url); existing != site_.pages.end()) {
            diagnostics_.error({page.source}, "two pages have the address " + page.url + ": this one and " +
                                                  existing->second.source.generic_string(),
                               "give one of them another file name or `slug`");
            return;
        }
        site_.pages.emplace(page.url, std::move(page));
    }

    // A page for each row of a table dataset, the file being their template:
    // `{{ row.COLUMN }}` in its title, summary and text is the row's value.
    void generate_pages(const ContentFile& file, PageMeta meta) {
        const PageMeta::Generate generate = *meta.generate;
        meta.generate.reset();
        const std::string name = file.relative.filename().string();
        if (depth(file) != 2 || name == "_index.md" || name == "index.md") {
            diagnostics_.error(generate.where, "pages made from a dataset's rows belong in a section folder",
                               "move the file to content/SECTION/NAME.md; the section's _index.md can introduce them");
            return;
        }
        const Dataset* dataset = nullptr;
        std::vector<std::string> names;
        for (const auto& d : site_.datasets) {
            names.push_back(d.name);
            if (d.name == generate.dataset) dataset = &d;
        }
        if (dataset == nullptr) {
            auto suggestion = closest_match(generate.dataset, names);
            diagnostics_.error(generate.where, "there is no dataset \"" + generate.dataset + "\" to make pages from",
                               suggestion ? "did you mean \"" + *suggestion + "\"?" : "name a table dataset in data/");
            return;
        }
        const auto* table = std::get_if<TableData>(&dataset->content);
        if (table == nullptr || table->columns.empty()) {
            diagnostics_.error(generate.where, "pages are made from the rows of a table dataset; " + dataset->name + " is a " +
                                                   std::string(kind_name(*dataset)) + " dataset");
            return;
        }
        std::vector<std::string> columns;
        for (const auto& c : table->columns) columns.push_back(c.key);
        const std::string slug_column = generate.slug_column.empty() ? columns.front() : generate.slug_column;
        if (std::find(columns.begin(), columns.end(), slug_column) == columns.end()) {
            auto suggestion = closest_match(slug_column, columns);
            diagnostics_.error(generate.where, "the dataset " + dataset->name + " has no column \"" + slug_column + "\" to name pages by",
                               suggestion ? "did you mean \"" + *suggestion + "\"?" : "");
            return;
        }

        const std::string section = "/" + slugify(file.relative.begin()->string()) + "/";
        std::vector<std::string> urls;
        for (std::size_t i = 0; i < table->rows.size(); ++i) {
            const TableRow& row = table->rows[i];
            if (row.subtotal) continue;
            std::string label = cell_text(row, slug_column);
            if (slugify(label).empty()) {
                diagnostics_.error(generate.where, "row " + std::to_string(i + 1) + " of " + dataset->name +
                                                       " has nothing in \"" + slug_column + "\" to name its page");
                continue;
            }
            Page page;
            page.kind = PageKind::page;
            page.section = section;
            page.url = section + slugify(label) + "/";
            page.source = file.source;
            page.source_hash = file.hash;
            page.generated_by = file.source.generic_string();
            page.generated_label = label;
            page.meta = meta;
            nlohmann::json cells = nlohmann::json::object();
            for (const auto& column : columns) cells[column] = cell_text(row, column);
            page.meta.params["row"] = cells;
            const bool report_mistakes = urls.empty();  // the template's mistakes once, not once per row
            Diagnostics discard;
            Diagnostics& mistakes = report_mistakes ? diagnostics_ : discard;
            page.meta.title = fill_row(meta.title, row, columns, [&](std::size_t) { return file.front_matter.at("/title"); }, mistakes);
            page.meta.summary = fill_row(meta.summary, row, columns, [&](std::size_t) { return file.front_matter.at("/summary"); }, mistakes);
            page.body = fill_row(file.body, row, columns, [&](std::size_t offset) {
                int line = file.body_first_line + static_cast<int>(std::count(file.body.begin(), file.body.begin() + static_cast<long>(offset), '\n'));
                auto line_start = file.body.rfind('\n', offset == 0 ? 0 : offset - 1);
                int column = static_cast<int>(offset - (line_start == std::string::npos || offset == 0 ? 0 : line_start + 1)) + 1;
                return SourceLocation{file.source, line, column};
            }, mistakes, true);
            page.body_first_line = file.body_first_line;
            if (site_.pages.count(page.url) != 0) {
                diagnostics_.error(generate.where, "two pages have the address " + page.url,
                                   "each row needs its own value in \"" + slug_column + "\"");
                continue;
            }
            urls.push_back(page.url);
            site_.pages.emplace(page.url, std::move(page));
        }
        site_.generated[file.source.generic_string()] = urls;
        site_.generated_from[file.source.generic_string()] = dataset->name;
        site_.generated_label[file.source.generic_string()] = generate.label;
    }

    static std::string cell_text(const TableRow& row, const std::string& column) {
        auto it = row.cells.find(column);
        if (it == row.cells.end() || it->second.is_null()) return "";
        std::string text = it->second.is_string() ? it->second.get<std::string>() : it->second.dump();
        std::replace(text.begin(), text.end(), '\n', ' ');
        return text;
    }

    // With `in_markdown`, a value the row has is left as {{ row.COLUMN }}, for
    // the Markdown renderer to put in as text: data must never become Markdown
    // or HTML, nor a figure. A default is the template's own words, written in.
    template <typename Where>
    static std::string fill_row(const std::string& text, const TableRow& row, const std::vector<std::string>& columns,
                                Where where, Diagnostics& diagnostics, bool in_markdown = false) {
        std::string out;
        std::size_t done = 0;
        for (auto open = text.find("{{"); open != std::string::npos; open = text.find("{{", open + 2)) {
            std::size_t at = text.find_first_not_of(' ', open + 2);
            if (at == std::string::npos || text.compare(at, 4, "row.") != 0) continue;
            std::size_t name_end = text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", at + 4);
            std::size_t close = name_end == std::string::npos ? name_end : text.find_first_not_of(' ', name_end);
            // `| default "text"`: what to write where the row has no value.
            std::string fallback;
            if (close != std::string::npos && text[close] == '|') {
                std::size_t word = text.find_first_not_of(' ', close + 1);
                std::size_t quote = word == std::string::npos || text.compare(word, 7, "default") != 0
                                        ? std::string::npos
                                        : text.find_first_not_of(' ', word + 7);
                std::size_t end = quote == std::string::npos || text[quote] != '"' ? std::string::npos : text.find('"', quote + 1);
                if (end == std::string::npos || text.substr(quote, end - quote).find('\n') != std::string::npos) {
                    diagnostics.error(where(open), "after \"|\" write default \"TEXT\", the words to use where the row has no value",
                                      "for example {{ row.districts | default \"not named\" }}");
                    continue;
                }
                fallback = text.substr(quote + 1, end - quote - 1);
                close = text.find_first_not_of(' ', end + 1);
            }
            if (close == std::string::npos || text.compare(close, 2, "}}") != 0) {
                diagnostics.error(where(open), "\"{{ row.\" is not closed with \"}}\"", "write {{ row.COLUMN }}");
                continue;
            }
            std::string name = text.substr(at + 4, name_end - at - 4);
            out.append(text, done, open - done);
            if (std::find(columns.begin(), columns.end(), name) == columns.end()) {
                auto suggestion = closest_match(name, columns);
                diagnostics.error(where(open), "the rows have no column \"" + name + "\"",
                                  suggestion ? "did you mean \"" + *suggestion + "\"?" : "");
            } else {
                std::string value = cell_text(row, name);
                out += value.empty() ? fallback : in_markdown ? "{{ row." + name + " }}" : value;
            }
            done = close + 2;
            open = close;
        }
        out.append(text, done, std::string::npos);
        return out;
    }

    void ensure_home() {
        if (site_.pages.count("/") != 0) return;
        Page home;
        home.kind = PageKind::home;
        home.url = "/";
        home.meta.title = site_.config.title;
        site_.pages.emplace("/", std::move(home));
    }

    // A glossary dataset gets a page of its own at /glossary/, unless the
    // site already has a page there.
    void add_glossary() {
        for (const auto& dataset : site_.datasets) {
            if (!std::holds_alternative<GlossaryData>(dataset.content)) continue;
            if (site_.pages.count("/glossary/") != 0) return;
            Page page;
            page.kind = PageKind::glossary;
            page.url = "/glossary/";
            page.meta.title = dataset.title;
            page.meta.summary = "What the abbreviations in these reports stand for.";
            page.meta.weight = 1000;  // after the site's own pages in the navigation
            site_.pages.emplace(page.url, std::move(page));
            return;
        }
    }

    // Every site states how accessible it is, as UK public bodies must; a
    // site's own content/accessibility.md takes its place.
    void add_accessibility_statement() {
        if (site_.pages.count("/accessibility/") == 0) {
            Page page;
            page.kind = PageKind::accessibility;
            page.url = "/accessibility/";
            page.meta.title = "Accessibility statement";
            page.meta.summary = "How accessible this website is, how to report a problem, and how to get help if we do not fix it.";
            site_.pages.emplace(page.url, std::move(page));
        }
        site_.footer_pages.push_back({site_.pages.at("/accessibility/").meta.title, "/accessibility/"});
    }

    // Every site can be searched and has a map of every page, linked from
    // every footer; a site's own page at either address takes its place.
    // (After the sections, so a content/ folder named like them is reported
    // as the section it is.)
    void add_search_and_site_map() {
        if (site_.pages.count("/search/") == 0) {
            Page page;
            page.kind = PageKind::search;
            page.url = "/search/";
            page.meta.title = "Search";
            page.meta.summary = "Find the reports and pages that use your words.";
            site_.pages.emplace(page.url, std::move(page));
        }
        if (site_.pages.count("/sitemap/") == 0) {
            Page page;
            page.kind = PageKind::site_map;
            page.url = "/sitemap/";
            page.meta.title = "Site map";
            page.meta.summary = "Every page of this website, by section and report.";
            site_.pages.emplace(page.url, std::move(page));
        }
        site_.footer_pages.push_back({site_.pages.at("/sitemap/").meta.title, "/sitemap/"});
    }

    void link_sections() {
        std::set<std::string> sections;
        for (const auto& [url, page] : site_.pages)
            if (!page.section.empty()) sections.insert(page.section);
        for (const auto& section : sections) {
            if (site_.pages.count(section) != 0) {
                if (site_.pages.at(section).kind != PageKind::section)
                    diagnostics_.error({site_.pages.at(section).source},
                                       "this page's address " + section + " is also a section's",
                                       "rename the page or the content/ folder");
                continue;
            }
            Page page;
            page.kind = PageKind::section;
            page.url = section;
            page.meta.title = folder_title(section.substr(1, section.size() - 2));
            site_.pages.emplace(section, std::move(page));
        }
        std::map<std::string, std::vector<const Page*>> reports_in;  // by section, in one pass over the site
        for (const auto& [u, p] : site_.pages)
            if (p.kind == PageKind::report) reports_in[p.section].push_back(&p);
        for (auto& [url, reports] : reports_in) {
            auto section = site_.pages.find(url);
            if (section == site_.pages.end() || section->second.kind != PageKind::section) continue;
            std::sort(reports.begin(), reports.end(), [](const Page* a, const Page* b) { return newer_first(*a, *b); });
            for (const Page* r : reports) section->second.children.push_back(r->url);
        }
        std::vector<const Page*> all;
        for (const auto& [u, p] : site_.pages)
            if (p.kind == PageKind::report) all.push_back(&p);
        std::sort(all.begin(), all.end(), [](const Page* a, const Page* b) { return newer_first(*a, *b); });
        for (const Page* r : all) site_.reports.push_back(r->url);
    }

    void link_reports() {
        std::map<std::string, std::vector<Page*>> pages_of;  // by report, in one pass over the site
        for (auto& [u, p] : site_.pages)
            if (p.kind == PageKind::report_page) pages_of[p.report].push_back(&p);
        for (auto& [url, further] : pages_of) {
            auto report = site_.pages.find(url);
            if (report == site_.pages.end() || report->second.kind != PageKind::report) continue;
            Page& page = report->second;
            std::sort(further.begin(), further.end(), [](const Page* a, const Page* b) { return by_weight(*a, *b); });
            for (Page* p : further) {
                page.children.push_back(p->url);
                // A report's pages share its numbering unless they say otherwise.
                if (!p->meta.numbering) p->numbering = page.numbering;
            }
        }
    }

    // Reports of one series, oldest first, each linked to its neighbours.
    void link_series() {
        std::map<std::string, std::vector<Page*>> series;
        for (auto& [url, page] : site_.pages)
            if (page.kind == PageKind::report && !page.meta.series.empty()) series[page.meta.series].push_back(&page);
        for (auto& [name, reports] : series) {
            std::sort(reports.begin(), reports.end(), [](const Page* a, const Page* b) { return newer_first(*b, *a); });
            for (std::size_t i = 0; i < reports.size(); ++i) {
                if (i > 0) reports[i]->series_previous = reports[i - 1]->url;
                if (i + 1 < reports.size()) reports[i]->series_next = reports[i + 1]->url;
            }
        }
    }

    void build_navigation() {
        site_.navigation.push_back({"Home", "/"});
        std::vector<const Page*> items;
        for (const auto& [url, page] : site_.pages)
            if (page.kind == PageKind::section || (page.kind == PageKind::page && page.section.empty()) ||
                page.kind == PageKind::glossary)
                items.push_back(&page);
        std::sort(items.begin(), items.end(), [](const Page* a, const Page* b) {
            if (a->kind != b->kind) return a->kind == PageKind::section;
            return by_weight(*a, *b);
        });
        for (const Page* p : items) site_.navigation.push_back({p->meta.title, p->url});
    }

    // Files beside the Markdown keep their place, following a report folder
    // whose address differs from its folder name.
    void place_files(std::vector<StaticFile> files) {
        for (auto& file : files) {
            if (file.beside_content) {
                auto folder = file.output.parent_path();
                if (draft_folders_.count(folder) != 0) continue;
                if (auto it = report_folders_.find(folder); it != report_folders_.end())
                    file.output = fs::path(it->second.substr(1)) / file.output.filename();
            }
            site_.files.push_back(std::move(file));
        }
        std::sort(site_.files.begin(), site_.files.end(),
                  [](const StaticFile& a, const StaticFile& b) { return a.output < b.output; });
        for (std::size_t i = 1; i < site_.files.size(); ++i)
            if (site_.files[i].output == site_.files[i - 1].output)
                diagnostics_.error({site_.files[i].source.filename()},
                                   "two files would be published as " + site_.files[i].output.generic_string(),
                                   "rename one of " + site_.files[i - 1].source.generic_string() + " and " +
                                       site_.files[i].source.generic_string());
    }

    // Reads the size of every image the site publishes from its first bytes
    // (a JPEG may put a large preview before its size).
    void measure_images() {
        for (const auto& file : site_.files) {
            std::string extension = file.output.extension().string();
            for (auto& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            static const std::set<std::string> images{".png", ".gif", ".jpg", ".jpeg", ".svg", ".webp", ".avif"};
            if (images.count(extension) == 0) continue;
            std::ifstream in(file.source, std::ios::binary);
            std::string head(256 * 1024, '\0');
            in.read(head.data(), static_cast<std::streamsize>(head.size()));
            head.resize(static_cast<std::size_t>(in.gcount()));
            site_.images[file.output.generic_string()] = image_size(head);
        }
    }

    // Files that site.json and front matter name must be files the site publishes.
    void check_site_files(const LocatedJson& config) {
        if (!site_.config.logo.empty()) named_files_.push_back({site_.config.logo, config.at("/logo/src"), "logo"});
        if (!site_.config.favicon.empty()) named_files_.push_back({site_.config.favicon, config.at("/favicon"), "favicon"});
        if (!site_.config.image.empty()) named_files_.push_back({site_.config.image.src, config.at("/image/src"), "image"});
        std::set<std::string> published;
        for (const auto& file : site_.files) published.insert(file.output.generic_string());
        for (const auto& named : named_files_)
            if (published.count(named.path) == 0)
                diagnostics_.error(named.where, "the " + named.what + " \"" + named.path + "\" is not a file the site publishes",
                                   "put it at static/" + named.path);
    }

    const AssembleOptions& options_;
    Diagnostics& diagnostics_;
    Site site_;
    std::map<fs::path, std::string> report_folders_;
    std::set<fs::path> draft_folders_;
    struct NamedFile {
        std::string path;  // as published
        SourceLocation where;
        std::string what;  // "logo", "favicon", "image"
    };
    std::vector<NamedFile> named_files_;
};

}  // namespace

std::string SiteConfig::base_path() const {
    auto scheme = base_url.find("://");
    if (scheme == std::string::npos) return base_url;
    auto path = base_url.find('/', scheme + 3);
    return path == std::string::npos ? "/" : base_url.substr(path);
}

std::string_view Site::page_body(const Page& page, std::string& storage) const {
    if (page.body_read) return page.body;
    storage = read_body(root, page.source, page.body_offset);
    return storage;
}

std::vector<std::string> Site::reading_order(const std::string& report_url) const {
    std::vector<std::string> order{report_url};
    const Page& report = page(report_url);
    order.insert(order.end(), report.children.begin(), report.children.end());
    return order;
}

std::vector<std::string> Site::generated_in(const std::string& section_url) const {
    std::vector<std::string> urls;
    for (const auto& [source, made] : generated)
        if (!made.empty() && page(made.front()).section == section_url) urls.insert(urls.end(), made.begin(), made.end());
    return urls;
}

std::vector<std::string> Site::pages_under(const std::string& url) const {
    const Page& p = page(url);
    std::vector<std::string> under = p.children;
    if (p.kind == PageKind::section) {
        auto made = generated_in(url);
        under.insert(under.end(), made.begin(), made.end());
    }
    return under;
}

Site assemble_site(SiteSources sources, const AssembleOptions& options, Diagnostics& diagnostics) {
    return SiteAssembler(options, diagnostics).assemble(std::move(sources));
}

std::optional<SitePatch> patch_site(Site& site, SourceCache& parsed, SiteEdit edit) {
    // Each edited file's pages; a file with none is a draft left out.
    std::map<std::string, std::vector<Page*>> pages_of;
    for (const auto& file : edit.content) {
        auto& pages = pages_of[file.source.generic_string()];
        auto made = site.made_from.find(file.source.generic_string());
        if (made != site.made_from.end())
            for (const auto& url : made->second) pages.push_back(&site.pages.at(url));
    }
    for (const auto& file : edit.content) {
        auto before = parsed.find(file.relative.generic_string());
        if (before == parsed.end() || before->second.head_hash == 0 || before->second.head_hash != file.head_hash) return std::nullopt;
        if (file.front_matter.value.contains("generate")) return std::nullopt;  // its pages' text comes from rows as well
        for (const Page* page : pages_of[file.source.generic_string()])
            if (!page->generated_by.empty()) return std::nullopt;
    }
    SitePatch patch;
    if (edit.datasets) {
        std::set<std::string> make_pages;
        for (const auto& [file, dataset] : site.generated_from) make_pages.insert(dataset);
        if (edit.datasets->size() != site.datasets.size()) return std::nullopt;
        for (std::size_t i = 0; i < site.datasets.size(); ++i) {
            const Dataset& before = site.datasets[i];
            const Dataset& now = (*edit.datasets)[i];
            if (now.name != before.name) return std::nullopt;
            if (now.hash == before.hash) continue;
            if (make_pages.count(now.name) != 0 || std::holds_alternative<GlossaryData>(before.content) ||
                std::holds_alternative<GlossaryData>(now.content))
                return std::nullopt;
            patch.datasets.insert(now.name);
        }
    }

    for (auto& file : edit.content) {
        for (Page* page : pages_of[file.source.generic_string()]) {
            if (page->source_hash != file.hash) patch.pages.insert(page->url);
            page->body = file.body;
            page->body_read = true;
            page->body_offset = file.body_offset;
            page->body_first_line = file.body_first_line;
            page->source_hash = file.hash;
        }
        release_body(file);
        parsed[file.relative.generic_string()] = std::move(file);
    }
    if (edit.datasets) site.datasets = std::move(*edit.datasets);
    return patch;
}

}  // namespace gazette
