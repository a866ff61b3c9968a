#include "build/build.hpp"

#include "build/link_index.hpp"
#include "build/placer.hpp"
#include "build/search_index.hpp"
#include "build/record.hpp"
#include "text/work_queue.hpp"
#include "load/load.hpp"
#include "model/model.hpp"
#include "pdf/pdf.hpp"
#include "render/render.hpp"
#include "text/hash.hpp"
#include "validate/validate.hpp"
#include "write/write.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <future>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace fs = std::filesystem;

namespace gazette {

namespace {

// Gazette itself: a different binary may render differently, so it starts afresh.
std::uint64_t own_binary() {
    static const std::uint64_t hash = [] {
        try {
            return hash_bytes(read_file("/proc/self/exe"));
        } catch (const std::exception&) {
            return hash_bytes(GAZETTE_VERSION);
        }
    }();
    return hash;
}

std::uint64_t record_key(const BuildOptions& options, const std::string& chromium) {
    Hasher key;
    key.add(own_binary());
    key.add(options.include_drafts ? 1 : 0).add(options.pdf ? 1 : 0).add(chromium);
    key.add(options.source_date_epoch ? std::to_string(*options.source_date_epoch) : "none");
    key.add(options.build_date ? long_date(*options.build_date) : "none");
    return key.digest();
}

// What every page is made from: site.json and the page tree, which is every
// content file's place and front matter (titles, dates and order feed the
// navigation, lists and neighbours of other pages).
std::uint64_t site_fingerprint(const SiteSources& sources) {
    Hasher hash;
    hash.add(sources.config_hash);
    for (const auto& file : sources.content) hash.add(file.relative.generic_string()).add(file.front_matter_hash);
    return hash.digest();
}

std::string stamp_text(const std::optional<std::pair<std::uintmax_t, long long>>& stat) {
    return stat ? std::to_string(stat->first) + ":" + std::to_string(stat->second) : "";
}

// Fingerprints of a unit's inputs, each looked up once per build.
class Fingerprints {
public:
    Fingerprints(const Site& site, const Theme& theme, std::uint64_t global) : site_(site), theme_(theme), global_(global) {
        for (const auto& d : site.datasets) datasets_[d.name] = d.hash;
    }

    std::uint64_t of(const RenderUnit& unit, const std::vector<std::string>& datasets, const std::vector<std::string>& templates,
                     const std::optional<PdfLink>& pdf) {
        Hasher hash;
        hash.add(global_);
        for (std::size_t i = 0; i < unit.pages.size(); ++i) hash.add(unit.pages[i]).add(unit.held[i]->source_hash);
        for (const auto& name : datasets) {
            auto it = datasets_.find(name);
            hash.add(name).add(it == datasets_.end() ? 0 : it->second);
        }
        for (const auto& name : templates) hash.add(name).add(template_hash(name));
        if (pdf) hash.add(pdf->bytes).add(static_cast<std::uint64_t>(pdf->pages));
        return hash.digest();
    }

private:
    std::uint64_t template_hash(const std::string& name) {
        auto it = templates_.find(name);
        if (it != templates_.end()) return it->second;
        auto file = theme_.find(name);
        return templates_[name] = file ? hash_bytes(file->text) : 0;
    }

    const Site& site_;
    const Theme& theme_;
    std::uint64_t global_;
    std::unordered_map<std::string, std::uint64_t> datasets_;
    std::unordered_map<std::string, std::uint64_t> templates_;
};

template <typename Set>
std::vector<std::string> sorted(const Set& set) {
    return {set.begin(), set.end()};
}

// The tree beside the output is as the record says: the last build to swap a
// site in left it, and no build has touched it since.
bool spare_trusted(const BuildRecord& previous, const fs::path& marker) {
    if (previous.spare.generation == 0) return false;
    std::ifstream in(marker);
    std::uint64_t generation = 0;
    return in >> generation && generation == previous.spare.generation;
}

// The process's peak resident memory so far, from Linux's /proc; 0 elsewhere.
std::size_t peak_memory_kb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::strtoull(line.c_str() + 6, nullptr, 10);
    return 0;
}

// The stage under way, named in a failure; each stage's time goes to --timings.
class Stages {
public:
    explicit Stages(std::vector<BuildResult::StageTime>& timings) : timings_(timings) {}
    void enter(std::string name) {
        finish();
        current_ = std::move(name);
    }
    [[nodiscard]] const std::string& current() const { return current_; }
    // Adds the time since the last stage began to the current stage's total.
    void finish() {
        auto now = std::chrono::steady_clock::now();
        double ms = std::chrono::duration<double, std::milli>(now - started_).count();
        started_ = now;
        if (current_.empty()) return;
        auto it = std::find_if(timings_.begin(), timings_.end(), [&](const auto& t) { return t.stage == current_; });
        if (it == timings_.end()) it = timings_.insert(timings_.end(), {current_, 0, 0});
        it->ms += ms;
        it->peak_kb = peak_memory_kb();
    }

private:
    std::vector<BuildResult::StageTime>& timings_;
    std::string current_;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

using ChangedFiles = std::optional<std::set<fs::path>>;

void build(const BuildOptions& options, BuildResult& result, Stages& stages, BuildSession::Memory* memory,
           const ChangedFiles& changed);

BuildResult run_build(const BuildOptions& options, BuildSession::Memory* memory, const ChangedFiles& changed);

}  // namespace

// What a session keeps between builds; each part is as the last build left
// it, or empty, when that build failed before it knew, and comes from disk.
struct BuildSession::Memory {
    std::uint64_t key = 0;  // the record key it was all made under
    bool parsed_held = false;
    SourceCache parsed;  // the content files as last parsed, without their bodies
    bool parsed_unsaved = false;
    std::optional<BuildRecord> record;  // the last build's
    // The paths in the record's files that belong to no unit: the shared
    // assets, static files, search index and PDFs, which every build places.
    std::vector<std::string> site_files;
    bool record_unsaved = false;
    // The record was made from the site as held, which a patch may follow,
    // but for `unbuilt`: what the patches of builds that failed since changed.
    bool in_step = false;
    SitePatch unbuilt;
    // The output and the spare beside it are as this session's last build
    // left them, having looked at them once: later builds trust them.
    bool made_output = false;
    // The site as last assembled or patched, with what loading it said
    // (warnings: a site with errors is not kept), and the fingerprint of
    // what all its pages are made from.
    std::optional<Site> site;
    std::vector<Diagnostic> said;
    std::uint64_t global = 0;
    std::vector<RenderUnit> units;  // of that site, once known
    std::optional<SearchLayout> search_layout;  // and its search index's chunks
    std::optional<LinkIndex> links;  // of the record, when it is known to hold it as it is
    bool stamps_removed = false;

    void forget_site() {
        links.reset();
        site.reset();
        units.clear();
        search_layout.reset();
        said.clear();
        in_step = false;
        unbuilt = {};
    }
};

BuildResult build_site(const BuildOptions& options) { return run_build(options, nullptr, std::nullopt); }

void print_timings(std::ostream& out, const BuildResult& result) {
    out << "Timings:";
    double total = 0;
    std::size_t peak_kb = 0;
    for (const auto& [stage, ms, stage_peak_kb] : result.timings) {
        out << ' ' << stage << ' ' << static_cast<long long>(ms + 0.5) << " ms,";
        total += ms;
        peak_kb = std::max(peak_kb, stage_peak_kb);
    }
    out << " in all " << static_cast<long long>(total + 0.5) << " ms\n";
    out << "Peak memory by the end of each stage:";
    for (const auto& [stage, ms, stage_peak_kb] : result.timings) out << ' ' << stage << ' ' << (stage_peak_kb + 512) / 1024 << " MB,";
    out << " in all " << (peak_kb + 512) / 1024 << " MB\n";
}

BuildSession::BuildSession(BuildOptions options) : options_(std::move(options)), memory_(std::make_unique<Memory>()) {}

BuildSession::~BuildSession() {
    try {
        save();
    } catch (const std::exception&) {
        // The next gazette build finds the older record, and renders more.
    }
}

BuildResult BuildSession::build(const ChangedFiles& changed) { return run_build(options_, memory_.get(), changed); }

bool BuildSession::unsaved() const { return memory_->parsed_unsaved || (memory_->record && memory_->record_unsaved); }

void BuildSession::save() {
    const fs::path cache = options_.site / ".gazette-cache";
    if (memory_->parsed_unsaved) {
        std::vector<ContentFile> files;
        files.reserve(memory_->parsed.size());
        for (const auto& [relative, file] : memory_->parsed) files.push_back(file);
        save_source_cache(cache / "sources", memory_->key, files);
        memory_->parsed_unsaved = false;
    }
    if (memory_->record && memory_->record_unsaved) {
        read_folder_times(memory_->record->spare, options_.output.value_or(options_.site / "site-output"));
        save_record(cache / "build.record", *memory_->record);
        memory_->record_unsaved = false;
    }
}

namespace {

BuildResult run_build(const BuildOptions& options, BuildSession::Memory* memory, const ChangedFiles& changed) {
    BuildResult result;
    result.output = options.output.value_or(options.site / "site-output");
    Stages stages(result.timings);
    try {
        build(options, result, stages, memory, changed);
    } catch (const std::exception& e) {
        result.failure = stages.current() + ": " + e.what();
        if (memory) memory->forget_site();  // it may be half patched
    }
    stages.finish();
    return result;
}

}  // namespace

namespace {

// One unit rendered and placed: its record, less the fingerprint, and the
// stamps of its files. Its bytes are on disk by now, not in memory.
struct PlacedUnit {
    UnitRecord record;
    std::vector<std::pair<std::string, FileStamp>> stamps;
    std::vector<std::string> written;
    std::vector<SearchEntry> search;  // for the search index, which writes them
};

// `staged`: paths the new site already holds, from an earlier render.
PlacedUnit render_and_place(SiteRenderer& renderer, const RenderUnit& unit, const RenderOptions& options,
                            const Placer& placer, const std::set<std::string>& staged = {}) {
    UnitOutput out = renderer.render(unit, options);
    PlacedUnit placed;
    placed.record.datasets = sorted(out.datasets);
    placed.record.templates = sorted(out.templates);
    placed.record.scripts = sorted(out.scripts);
    placed.record.diagnostics = out.diagnostics.all();
    placed.search = std::move(out.search);
    for (auto& file : out.files) {
        std::string path = file.path.generic_string();
        placed.record.files.push_back(path);
        if (file.path.extension() == ".html") placed.record.links[path] = extract_links(file.bytes);
        auto [stamp, written] = placer.place(path, file.bytes, staged.count(path) != 0);
        placed.stamps.emplace_back(path, stamp);
        if (written) placed.written.push_back(path);
    }
    return placed;
}

// Link checking, as little as the build allows. A build with a broken link
// fails and keeps no record, so every page on record had none: only the
// pages rendered now are checked, unless what the site publishes changed or
// a page rendered now has other ids, when every page is.
void check_site_links(const Site& site, const BuildRecord& previous, const std::set<std::string>& rendered_units,
                      const LinkIndex& index, unsigned jobs, BuildRecord& next, Diagnostics& diagnostics) {
    next.published_key = index.key();
    bool everything = !previous.published_key || next.published_key != previous.published_key;
    for (auto url = rendered_units.begin(); !everything && url != rendered_units.end(); ++url) {
        auto before = previous.units.find(*url);
        const auto& now = next.units.at(*url).links;
        everything = before == previous.units.end() || before->second.links.size() != now.size() ||
                     !std::equal(now.begin(), now.end(), before->second.links.begin(), [](const auto& a, const auto& b) {
                         return a.first == b.first && a.second.same_ids(b.second);
                     });
    }
    std::vector<std::pair<const std::string*, const PageLinks*>> check;  // HTML files to check
    auto check_unit = [&](const UnitRecord& unit) {
        for (const auto& [path, links] : unit.links) check.emplace_back(&path, &links);
    };
    if (everything)
        for (const auto& [url, unit] : next.units) check_unit(unit);
    else
        for (const auto& url : rendered_units) check_unit(next.units.at(url));
    std::vector<std::vector<BrokenLink>> found(check.size());
    parallel_for(check.size(), worker_count(jobs), [] { return 0; }, [&](int, std::size_t i) {
        found[i] = broken_links(site, *check[i].first, *check[i].second, index);
    });
    std::map<std::string, std::vector<BrokenLink>> by_page;
    for (std::size_t i = 0; i < check.size(); ++i)
        if (!found[i].empty()) by_page.emplace(*check[i].first, std::move(found[i]));
    report_broken_links(by_page, diagnostics);
}

// What every page is made from besides its own sources: `tree`, the page
// tree's fingerprint, the datasets that make pages or abbreviate terms on
// any page, and the size of every image.
std::uint64_t global_fingerprint(std::uint64_t tree, const Site& site) {
    Hasher global;
    global.add(tree);
    std::set<std::string> tree_datasets;  // a glossary (any page may abbreviate a term), datasets that make pages
    for (const auto& d : site.datasets)
        if (std::holds_alternative<GlossaryData>(d.content)) tree_datasets.insert(d.name);
    for (const auto& [source, dataset] : site.generated_from) tree_datasets.insert(dataset);
    for (const auto& d : site.datasets)
        if (tree_datasets.count(d.name) != 0) global.add(d.name).add(d.hash);
    for (const auto& [path, size] : site.images)  // every <img> carries its image's size
        global.add(path).add(std::uint64_t{size ? size->width : 0U}).add(std::uint64_t{size ? size->height : 0U});
    return global.digest();
}

// The changed files applied to the session's site, when they are page
// bodies and datasets that patch_site can take, and all of them read and
// validated without an error; false when the site must be loaded again.
// What reading them said takes the place of what loading them said before.
std::optional<SitePatch> patch_session_site(BuildSession::Memory& memory, const fs::path& root, const std::set<fs::path>& changed) {
    SiteEdit edit;
    Diagnostics said;
    std::set<fs::path> read;  // the files read again
    bool data = false;
    for (const auto& path : changed) {
        const fs::path top = *path.begin();
        // Made and gone again between two looks, and never part of the site
        // (vim's test file "4913", say): nothing to do.
        std::error_code none;
        const bool gone = !fs::exists(fs::symlink_status(root / path, none));
        const auto& files = memory.site->files;
        if (top == "content" && gone && memory.parsed.count(path.lexically_relative("content").generic_string()) == 0 &&
            std::none_of(files.begin(), files.end(), [&](const StaticFile& f) { return f.source == root / path; }))
            continue;
        if (top == "content") {
            auto file = reload_content_file(root, path.lexically_relative("content"), said);
            if (!file) return std::nullopt;
            read.insert(path);
            edit.content.push_back(std::move(*file));
        } else if (top == "data") {
            data = true;
        } else {
            return std::nullopt;  // site.json, the theme, static files: their effects reach everywhere
        }
    }
    if (data) {
        std::vector<DataFile> files = load_datasets(root, said);
        if (!said.has_errors()) edit.datasets = validate_datasets(std::move(files), said);
    }
    if (said.has_errors()) return std::nullopt;
    auto patch = patch_site(*memory.site, memory.parsed, std::move(edit));
    if (patch) {
        // (Everything loading says of data/ comes from reading the whole folder.)
        auto read_again = [&](const Diagnostic& d) { return read.count(d.where.file) != 0 || (data && !d.where.file.empty() && *d.where.file.begin() == "data"); };
        std::erase_if(memory.said, read_again);
        memory.said.insert(memory.said.end(), said.all().begin(), said.all().end());
    }
    return patch;
}

void build(const BuildOptions& options, BuildResult& result, Stages& stages, BuildSession::Memory* memory,
           const ChangedFiles& changed) {
    const fs::path output = result.output;
    stages.enter("load");
    if (options.write) check_output_folder(options.site, output);
    std::optional<fs::path> chromium;
    if (options.pdf) {
        chromium = find_chromium(options.chromium);
        if (!chromium) {
            result.failure = "pdf: " + (options.chromium.empty() ? std::string("no Chromium on PATH")
                                                                  : "cannot run " + options.chromium) +
                             ", and --pdf needs it to print the reports\n  hint: install it with "
                             "`apt-get install chromium`, or give its path with --chromium PATH";
            return;
        }
    }

    // Nothing read or written since the last build changed: nothing to do.
    const fs::path cache = options.site / ".gazette-cache";
    const fs::path stamps_file = cache / "stamps";
    const std::uint64_t key = record_key(options, chromium ? chromium->string() : std::string());
    const std::string output_path = fs::weakly_canonical(fs::absolute(output)).string();
    if (memory && memory->key != key) {
        *memory = BuildSession::Memory{};
        memory->key = key;
    }
    std::optional<std::vector<std::pair<std::string, FileTime>>> inputs;
    if (memory && !memory->stamps_removed) {
        // A session is told what changed, and keeps no stamps: the next
        // `gazette build` after it must look at the files.
        std::error_code none;
        fs::remove(stamps_file, none);
        memory->stamps_removed = true;
    }
    if (options.write && !memory) {
        if (auto last = load_stamps(stamps_file, key, output_path); last && stamps_hold(*last, options.site, output)) {
            for (const auto& d : last->diagnostics) result.diagnostics.add(d);
            result.pages = last->pages;
            result.units = last->units;
            result.pdfs = last->pdfs;
            return;
        }
        inputs = take_input_stamps(options.site);  // before anything is read, so an edit made during the build counts
    }
    // The last build's record (a session keeps its own), read on another core
    // while this one loads and assembles the site: after a small edit that is
    // one core's work.
    const fs::path record_file = cache / "build.record";
    std::future<BuildRecord> saved_record;
    if (!memory) saved_record = std::async(std::launch::async, [&record_file, key, &output_path] { return load_record(record_file, key, output_path); });

    // The site: the session's, patched, when it knows what changed and the
    // edit allows; otherwise loaded, with the pages unchanged since the last
    // build parsed already, and assembled.
    Site assembled;
    Site* model = nullptr;
    std::uint64_t global = 0;
    // With the record in step with the site before the patch, what the patch
    // changed is all that changed since the last build.
    std::optional<SitePatch> patched;
    const bool in_step = memory && memory->in_step && memory->record;
    if (memory) memory->in_step = false;  // until this build ends well
    if (memory && memory->site && changed && (patched = patch_session_site(*memory, options.site, *changed))) {
        model = &*memory->site;
        global = memory->global;
        memory->parsed_unsaved = true;  // the edited files' new stamps, for the next gazette build
        for (const auto& d : memory->said) result.diagnostics.add(d);
        if (!in_step) patched.reset();
        if (patched) {  // and what the builds since the record failed to render
            patched->pages.merge(memory->unbuilt.pages);
            patched->datasets.merge(memory->unbuilt.datasets);
        }
        memory->unbuilt = {};
    } else {
        if (memory) memory->forget_site();
        const fs::path sources_file = cache / "sources";
        SourceCache parsed = memory && memory->parsed_held ? std::move(memory->parsed)
                             : options.write           ? load_source_cache(sources_file, key)
                                                       : SourceCache{};
        const std::size_t cached = parsed.size();
        SiteSources sources = load_site(options.site, result.diagnostics, &parsed, inputs ? &*inputs : nullptr);
        if (result.diagnostics.has_errors()) return;
        // Kept now, whatever becomes of the build: parsing depends on each file alone.
        const auto fresh = static_cast<std::size_t>(std::count_if(sources.content.begin(), sources.content.end(), [](const ContentFile& f) { return !f.from_cache; }));
        const bool parsed_changed = !(fresh == 0 && sources.content.size() == cached);
        // The whole cache is written again (6 MB at 10,000 pages) only once a
        // few dozen files are parsed afresh: till then the next build parses
        // those few again, which costs less.
        constexpr std::size_t fresh_worth_saving = 32;
        if (memory) {
            memory->parsed.clear();
            for (const auto& file : sources.content) {
                ContentFile& kept = memory->parsed[file.relative.generic_string()] = file;
                release_body(kept);
            }
            memory->parsed_held = true;
            memory->parsed_unsaved = memory->parsed_unsaved || parsed_changed;
        } else if (options.write && (fresh >= fresh_worth_saving || (parsed_changed && cached == 0))) {
            save_source_cache(sources_file, key, sources.content);
        }
        const std::uint64_t tree = site_fingerprint(sources);

        stages.enter("assemble");
        assembled = assemble_site(std::move(sources), {options.include_drafts}, result.diagnostics);
        if (result.diagnostics.has_errors()) return;
        global = global_fingerprint(tree, assembled);
        model = &assembled;
        if (memory) {
            memory->site = std::move(assembled);
            memory->said = result.diagnostics.all();
            memory->global = global;
            model = &*memory->site;
        }
    }
    const Site& site = *model;
    result.pages = site.pages.size();

    SiteRenderer renderer(site);
    if (!renderer.check_theme(result.diagnostics)) return;
    stages.enter("record");
    // Not const: a clean unit's record moves into the next one.
    BuildRecord previous = memory && memory->record ? std::move(*memory->record)
                           : saved_record.valid()     ? saved_record.get()
                                                      : load_record(record_file, key, output_path);
    if (memory) memory->record.reset();  // until this build ends well
    const bool had_record = !previous.units.empty();
    // Files added to or deleted from the output by hand before the session
    // began are honoured by its first build that writes, which looks.
    const bool own_output = memory && memory->made_output;
    if (memory) memory->made_output = false;  // until this build ends well
    BuildRecord next;
    next.key = previous.key;
    next.output = previous.output;

    // Render each unit whose inputs changed since the last build, on every
    // core, placing its files in the new site as it goes; take the rest
    // (files, diagnostics, links) from the build record.
    stages.enter("render");
    Fingerprints fingerprints(site, renderer.theme(), global);
    std::unique_ptr<StagedOutput> staged;  // the new site, beside the old one
    const fs::path spare_marker = cache / "spare";
    if (options.write)
        staged = std::make_unique<StagedOutput>(output, spare_marker, spare_trusted(previous, spare_marker) ? &previous.spare : nullptr,
                                                own_output);
    const Placer placer(output, previous, staged.get());
    std::set<std::string> written;  // into the new site

    auto pdf_used = [&](const RenderUnit& unit) -> std::optional<PdfLink> {
        if (!options.pdf || !unit.is_report) return std::nullopt;
        auto it = previous.pdfs.find(unit.url);
        return it == previous.pdfs.end() ? PdfLink{} : it->second.link;
    };
    RenderOptions render_options;
    render_options.build_date = options.build_date;
    std::set<std::string> rendered_units;
    // A unit rendered: its record (fingerprinted already) and files join the next build's.
    auto accept = [&](const RenderUnit& unit, PlacedUnit placed) {
        for (auto& [path, stamp] : placed.stamps) next.files[path] = std::move(stamp);
        written.insert(placed.written.begin(), placed.written.end());
        next.units[unit.url] = std::move(placed.record);
        rendered_units.insert(unit.url);
        result.units_rendered = rendered_units.size();
    };

    // (A session's site, patched, has the same units as before.)
    std::vector<RenderUnit> own_units;
    if (memory && memory->site && memory->units.empty()) memory->units = render_units(site);
    if (!(memory && memory->site)) own_units = render_units(site);
    const std::vector<RenderUnit>& units = memory && memory->site ? memory->units : own_units;
    result.units = units.size();
    auto search_layout = [&] {
        std::vector<std::string> searchable;
        for (const auto& [url, page] : site.pages)
            if (is_searchable(page)) searchable.push_back(url);
        return SearchLayout(std::move(searchable));
    };
    std::optional<SearchLayout> own_layout;
    std::optional<SearchIndexWriter> search;
    if (options.write) {
        const bool held = memory && memory->site;
        if (held && !memory->search_layout) memory->search_layout.emplace(search_layout());
        if (!held) own_layout.emplace(search_layout());
        search.emplace(held ? *memory->search_layout : *own_layout, previous, placer);
    }
    std::vector<const RenderUnit*> dirty;
    std::set<std::string> dirty_pages;
    auto render_again = [&](const RenderUnit& unit) {
        dirty.push_back(&unit);
        dirty_pages.insert(unit.pages.begin(), unit.pages.end());
        if (auto pdf = pdf_used(unit)) render_options.pdfs[unit.url] = *pdf;
    };
    // Told what changed: a unit is as before unless it holds a page or draws on a dataset that did.
    auto touched = [&](const RenderUnit& unit, const UnitRecord& before) {
        return std::any_of(unit.pages.begin(), unit.pages.end(), [&](const auto& url) { return patched->pages.count(url) != 0; }) ||
               std::any_of(before.datasets.begin(), before.datasets.end(), [&](const auto& name) { return patched->datasets.count(name) != 0; });
    };
    const bool carried = patched && own_output && (!search || search->aligned());
    if (carried) {
        // A session's patch, with the output and search index as it left
        // them: the record is the next one already, but for the units the
        // patch touched and the files of the site as a whole, which go back
        // to `previous` to be made again. The rest stays where it is.
        next.units = std::exchange(previous.units, {});
        next.files = std::exchange(previous.files, {});
        auto give_back = [&](const std::string& path) {
            if (auto node = next.files.extract(path)) previous.files.insert(std::move(node));
        };
        for (const auto& path : memory->site_files) give_back(path);
        if (next.units.size() != units.size()) throw std::logic_error("the session's record is not of the site it holds");
        auto before = next.units.begin();
        for (const auto& unit : units) {  // in step: the record's units, in its order
            auto at = before++;
            if (at->first != unit.url) throw std::logic_error("the session's record is not of the site it holds");
            if (!touched(unit, at->second)) continue;
            for (const auto& path : at->second.files) give_back(path);
            previous.units.insert(next.units.extract(at));
            render_again(unit);
        }
    } else {
        // Units come in the order of their URLs, as the record keeps them: the
        // last build's is found by walking along it, and the next's goes at its end.
        next.files.reserve(previous.files.size());
        std::vector<decltype(previous.units)::iterator> befores(units.size(), previous.units.end());
        auto cursor = previous.units.begin();
        for (std::size_t i = 0; i < units.size(); ++i) {
            while (cursor != previous.units.end() && cursor->first < units[i].url) ++cursor;
            if (cursor != previous.units.end() && cursor->first == units[i].url) befores[i] = cursor;
        }
        // Whether each unit is as the last build left it, judged on every
        // core: a fingerprint and a stat of each file for each of 10,000 units.
        std::vector<char> clean(units.size(), 0);
        parallel_for(units.size(), worker_count(options.jobs), [&] { return fingerprints; }, [&](Fingerprints& mine, std::size_t i) {
            const RenderUnit& unit = units[i];
            const auto before = befores[i];
            bool same = before != previous.units.end() &&
                        (patched ? !touched(unit, before->second)
                                 : before->second.fingerprint == mine.of(unit, before->second.datasets, before->second.templates, pdf_used(unit)));
            // A session takes the output to be as its last build left it; a
            // `gazette build` looks, so a file deleted by hand is made again.
            if (same && options.write) {
                if (!own_output)
                    for (const auto& path : before->second.files) same = same && placer.intact(path);
                for (const auto& url : unit.pages) same = same && search->has_entry(url);
            }
            clean[i] = same ? 1 : 0;
        });
        for (std::size_t i = 0; i < units.size(); ++i) {
            if (clean[i] != 0) {  // its record, and its files', move across whole
                for (const auto& path : befores[i]->second.files) next.files.insert(previous.files.extract(path));
                next.units.insert(next.units.end(), previous.units.extract(befores[i]));
                continue;
            }
            render_again(units[i]);
        }
    }
    if (search) search->expect(dirty_pages);
    // The pages that list the whole site or a section first, so that no
    // worker is left rendering the site map alone at the end.
    std::stable_partition(dirty.begin(), dirty.end(), [](const RenderUnit* unit) {
        const PageKind kind = unit->held.front()->kind;
        return kind == PageKind::site_map || kind == PageKind::section || kind == PageKind::home;
    });
    std::vector<PlacedUnit> placed(dirty.size());
    struct Worker {
        SiteRenderer renderer;
        Fingerprints fingerprints;
    };
    parallel_for(
        dirty.size(), worker_count(options.jobs), [&] { return std::unique_ptr<Worker>(new Worker{SiteRenderer(site), fingerprints}); },
        [&](std::unique_ptr<Worker>& worker, std::size_t i) {
            placed[i] = render_and_place(worker->renderer, *dirty[i], render_options, placer);
            placed[i].record.fingerprint =
                worker->fingerprints.of(*dirty[i], placed[i].record.datasets, placed[i].record.templates, pdf_used(*dirty[i]));
            if (search) search->add(std::move(placed[i].search));
        });
    for (std::size_t i = 0; i < dirty.size(); ++i) accept(*dirty[i], std::move(placed[i]));
    placed.clear();
    if (search) {
        next.search_chunks = search->finish();
        next.search_buckets = search->buckets();
        for (const auto& [path, stamp] : search->stamps()) next.files[path] = stamp;
        written.insert(search->written().begin(), search->written().end());
    }

    stages.enter("site files");
    std::set<std::string> scripts;
    std::set<std::string> used;
    for (const auto& [url, unit] : next.units) {
        for (const auto& d : unit.diagnostics) result.diagnostics.add(d);
        scripts.insert(unit.scripts.begin(), unit.scripts.end());
        used.insert(unit.datasets.begin(), unit.datasets.end());
    }
    std::map<std::string, std::string> shared;  // path -> bytes, of the files every site has
    for (auto& file : renderer.shared_files(scripts, render_options, result.diagnostics))
        shared[file.path.generic_string()] = std::move(file.bytes);
    // The running-header sheets depend on the page tree alone: made again
    // only when it changed (a title, a date, a report added), else kept.
    const bool paper_kept = previous.paper_key == global && std::all_of(previous.paper_sheets.begin(), previous.paper_sheets.end(),
                                                                        [&](const std::string& path) { return placer.intact(path); });
    std::vector<OutputFile> paper;
    next.paper_key = global;
    next.paper_sheets = previous.paper_sheets;
    if (!paper_kept) {
        paper = renderer.paper_sheets();
        next.paper_sheets.clear();
        for (const auto& file : paper) next.paper_sheets.push_back(file.path.generic_string());
    }
    // (After errors a page may have stopped before naming its datasets.)
    for (const auto& d : site.datasets)
        if (!result.diagnostics.has_errors() && used.count(d.name) == 0 && !std::holds_alternative<GlossaryData>(d.content))
            result.diagnostics.warning({"data/" + d.name + ".json"}, "no page shows the dataset \"" + d.name + "\"",
                                       "show it with a component or a figure ({{ " + d.name +
                                           ".KEY.FIELD }}), or remove it; it is still published at /data/" + d.name + ".json");

    stages.enter("links");
    // Every file of the new site: the units', and those no unit's record
    // holds: the shared ones and the search index (nothing links to its
    // chunks), and those the page tree names: static files, and reports'
    // PDFs (made by --pdf).
    std::vector<std::string> shared_paths{"search-index.json"};
    for (const auto& [path, bytes] : shared) shared_paths.push_back(path);
    shared_paths.insert(shared_paths.end(), next.paper_sheets.begin(), next.paper_sheets.end());
    auto named = [&] {
        std::vector<std::string> paths;
        for (const auto& file : site.files) paths.push_back(file.output.generic_string());
        for (const auto& unit : units)
            if (unit.is_report) paths.push_back(unit.url.substr(1) + "report.pdf");
        return paths;
    };
    std::optional<LinkIndex> own_index;
    LinkIndex* index = nullptr;
    if (carried && memory->links) {  // the session's index, changed by the units rendered again
        index = &*memory->links;
        for (const RenderUnit* unit : dirty) {
            index->remove(previous.units.at(unit->url));
            index->add(next.units.at(unit->url));
        }
    } else {
        index = memory ? &memory->links.emplace() : &own_index.emplace();
        index->reserve(next.files.size() + shared_paths.size() + site.files.size() + units.size(), next.units.size());
        for (const auto& [url, unit] : next.units) index->add(unit);
        index->set_named(named());
    }
    index->set_shared(std::move(shared_paths));
    check_site_links(site, previous, rendered_units, *index, options.jobs, next, result.diagnostics);
    // A page's links to its own anchors (a numbered paragraph's, the
    // contents list's) were checked just now, and only the page's next
    // render can break them: the record keeps the rest, a third smaller.
    for (const auto& url : rendered_units)
        for (auto& [path, links] : next.units.at(url).links)
            links.keep_references([](const PageLinks::Reference& reference) { return !reference.address.starts_with('#'); });
    if (result.diagnostics.has_errors() || !options.write) {  // the new site is not swapped in
        // The output stays as the last record says: the clean units' records
        // go back to it. The new site stays beside the output as the spare
        // (or is dropped), so the build that mends the mistake links only
        // what this one wrote again.
        const std::uint64_t spare_before = previous.spare.generation;
        if (staged)
            if (auto kept = staged->keep_as_spare(previous.spare, written, previous.spare.generation + 1)) previous.spare = std::move(*kept);
        for (auto it = next.units.begin(); it != next.units.end();) {
            if (rendered_units.count(it->first) != 0) {
                ++it;
                continue;
            }
            for (const auto& path : it->second.files) previous.files.insert(next.files.extract(path));
            previous.units.insert(next.units.extract(it++));
        }
        if (memory) {
            memory->links.reset();  // (it holds the units rendered now)
            memory->made_output = own_output;
            if (patched) {  // a patch stays to be rendered next time
                memory->unbuilt = std::move(*patched);
                memory->in_step = true;
            }
            memory->record = std::move(previous);
        } else if (previous.spare.generation != spare_before) {
            stages.enter("record");
            save_record(record_file, previous);  // what the spare now holds
        }
        return;
    }

    // Write: the rest of the new site. Files that changed are in it already;
    // the unchanged ones join as hard links to the old site's, and one atomic
    // exchange puts it in place.
    stages.enter("write");
    auto place = [&](const std::string& path, const std::string& bytes) {
        auto [stamp, now_written] = placer.place(path, bytes, written.count(path) != 0);
        next.files[path] = stamp;
        if (now_written) written.insert(path);
    };
    for (const auto& [path, bytes] : shared) place(path, bytes);
    for (const auto& file : paper) place(file.path.generic_string(), file.bytes);
    if (paper_kept)
        for (const auto& path : next.paper_sheets) next.files[path] = previous.files.at(path);

    std::set<std::string> copied;
    for (const auto& file : site.files) {
        std::string path = file.output.generic_string();
        std::string source = stamp_text(stat_file(file.source));
        auto stamp = previous.files.find(path);
        if (stamp != previous.files.end() && stamp->second.source == source && placer.intact(path)) {
            next.files[path] = stamp->second;
            continue;
        }
        auto now = stat_file(output / path);  // no record of it, yet it may be the same
        auto before = stat_file(file.source);
        if (now && before && now->first == before->first && read_file(output / path) == read_file(file.source)) {
            next.files[path] = {0, now->first, now->second, source};
            continue;
        }
        staged->copy(file.source, path);
        auto after = stat_file(staged->folder() / path);
        next.files[path] = {0, after ? after->first : 0, after ? after->second : 0, source};
        copied.insert(path);
    }

    std::set<std::string> removed;  // made by Gazette before, made from nothing now
    for (const auto& [path, stamp] : previous.files)
        if (next.files.count(path) == 0 && !(options.pdf && index->publishes(path)) &&
            stat_file(output / path))
            removed.insert(path);

    bool complete = false;  // the new site holds the unchanged files too
    auto complete_site = [&] {
        if (complete) return;
        staged->complete(removed);
        complete = true;
    };

    if (options.pdf) {
        // Each report's PDF comes from the cache when its print page and
        // assets are unchanged; Chromium prints the rest from the new site.
        stages.enter("pdf");
        PdfSettings settings{*chromium, options.source_date_epoch, cache / "pdf", 2};
        auto current = [&](const std::string& path) {  // its bytes in the new site
            return read_file((written.count(path) != 0 ? staged->folder() : output) / path);
        };
        std::vector<std::pair<std::string, std::string>> assets;
        // (Of a sheet of running headers, only the report's own rules matter to its print.)
        for (const auto& [path, bytes] : shared)
            if (path.starts_with("assets/") && !path.starts_with("assets/paper/")) assets.emplace_back(path.substr(7), bytes);
        std::vector<PdfJob> jobs;
        std::vector<std::string> needed;
        for (const auto& unit : units) {
            if (!unit.is_report) continue;
            const std::string folder = unit.url.substr(1);
            std::uint64_t printed_from = pdf_key({current(folder + "print.html"), paper_rules(site.page(unit.url)), assets}, settings);
            auto before = previous.pdfs.find(unit.url);
            if (before != previous.pdfs.end() && before->second.key == printed_from && placer.intact(folder + "report.pdf")) {
                next.pdfs[unit.url] = before->second;
                next.files[folder + "report.pdf"] = previous.files.at(folder + "report.pdf");
                continue;
            }
            next.pdfs[unit.url] = {printed_from, {}};
            needed.push_back(unit.url);
            if (!fs::exists(cached_pdf(settings, printed_from))) jobs.push_back({unit.url, {}, printed_from});
        }
        if (!jobs.empty()) {
            complete_site();  // Chromium prints from the complete new site
            for (auto& job : jobs) job.html = staged->folder() / job.report.substr(1) / "print.html";
            result.pdfs_printed = print_pdfs(jobs, settings);
        }
        for (const auto& url : needed) {
            std::string bytes = read_file(cached_pdf(settings, next.pdfs[url].key));
            next.pdfs[url].link = {bytes.size(), pdf_page_count(bytes)};
            place(url.substr(1) + "report.pdf", bytes);
        }
        result.pdfs = next.pdfs.size();

        // A report's pages give its PDF's size and length: render again those that changed.
        stages.enter("render");
        std::vector<SearchEntry> amended;
        for (const auto& unit : units) {
            if (!unit.is_report) continue;
            const PdfLink& link = next.pdfs[unit.url].link;
            const std::optional<PdfLink> rendered_with = pdf_used(unit);
            if (rendered_with && rendered_with->bytes == link.bytes && rendered_with->pages == link.pages) continue;
            render_options.pdfs[unit.url] = link;
            if (memory) memory->links.reset();  // it holds the record about to be replaced
            PlacedUnit again = render_and_place(renderer, unit, render_options, placer, written);
            amended.insert(amended.end(), std::make_move_iterator(again.search.begin()), std::make_move_iterator(again.search.end()));
            again.record.fingerprint = fingerprints.of(unit, again.record.datasets, again.record.templates, link);
            accept(unit, std::move(again));
        }
        // A theme may show the PDF's size in a page's text.
        if (!amended.empty()) {
            complete_site();
            for (const auto& path : search->amend(std::move(amended), *staged)) {
                next.files.erase(path);
                written.erase(path);
            }
            for (const auto& [path, stamp] : search->stamps()) next.files[path] = stamp;
            written.insert(search->written().begin(), search->written().end());
            next.search_chunks = search->chunks();
            next.search_buckets = search->buckets();
        }
        stages.enter("pdf");
    }

    if (!written.empty() || !copied.empty() || !removed.empty()) {
        complete_site();
        // The record goes first: killed after it but before the exchange, the
        // old site stays and its changed files fail their stamps, so the next
        // build compares them; removed files stay on record until they are gone.
        stages.enter("record");
        // After the exchange the old site is the next build's spare.
        next.spare.generation = previous.spare.generation + 1;
        next.spare.changed.assign(written.begin(), written.end());
        next.spare.changed.insert(next.spare.changed.end(), copied.begin(), copied.end());
        next.spare.changed.insert(next.spare.changed.end(), removed.begin(), removed.end());
        next.spare.folders = staged->folders();
        // (A session keeps its record in memory: the one on disk, older,
        // makes the next `gazette build` compare more files, as after a kill.)
        if (!memory) {
            for (const auto& path : removed) next.files[path] = previous.files.at(path);
            save_record(record_file, next);
            for (const auto& path : removed) next.files.erase(path);
        }
        stages.enter("write");
        staged->commit(next.spare.generation);
        if (memory) {
            memory->record_unsaved = true;
            memory->made_output = true;
        }
    } else {
        next.spare = previous.spare;  // neither the output nor the spare changed
        if (result.units_rendered > 0 || !had_record) {
            stages.enter("record");
            if (memory) memory->record_unsaved = true;
            else save_record(record_file, next);
        }
        // A session's first build looked at every file it kept; with the
        // output's folders as the spare knows them too, later builds trust it.
        if (memory) memory->made_output = own_output || (spare_trusted(previous, spare_marker) && folders_as_known(previous.spare, output));
    }
    result.files_written = written.size() + copied.size();
    result.files_removed = removed.size();
    if (inputs) {
        BuildStamps stamps{key, output_path, std::move(*inputs), {}, result.diagnostics.all(), result.pages, result.units, result.pdfs};
        for (const auto& [path, stamp] : next.files) stamps.outputs.emplace_back(path, FileTime{stamp.size, stamp.modified, 0});
        save_stamps(stamps_file, stamps);
    } else if (options.write && !memory) {
        std::error_code none;
        fs::remove(stamps_file, none);  // a folder linked in: no stamps can vouch for it
    }
    if (memory) {
        memory->site_files.clear();
        for (const auto& [path, bytes] : shared) memory->site_files.push_back(path);
        memory->site_files.insert(memory->site_files.end(), next.paper_sheets.begin(), next.paper_sheets.end());
        for (const auto& file : site.files) memory->site_files.push_back(file.output.generic_string());
        if (search)
            for (const auto& [path, stamp] : search->stamps()) memory->site_files.push_back(path);
        for (const auto& [url, pdf] : next.pdfs) memory->site_files.push_back(url.substr(1) + "report.pdf");
        memory->record = std::move(next);
        memory->in_step = memory->site.has_value();
    }
}

}  // namespace

}  // namespace gazette
