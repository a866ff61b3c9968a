#include "build/record.hpp"

#include "load/load.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sys/stat.h>

namespace fs = std::filesystem;
using nlohmann::json;

namespace gazette {

namespace {

constexpr int format_version = 2;

json to_json(const Diagnostic& d) {
    return {d.where.file.generic_string(), d.where.line, d.where.column, d.severity == Severity::error, d.message, d.hint};
}

Diagnostic diagnostic_from(const json& j) {
    return {{fs::path(j.at(0).get<std::string>()), j.at(1).get<int>(), j.at(2).get<int>()},
            j.at(3).get<bool>() ? Severity::error : Severity::warning,
            j.at(4).get<std::string>(),
            j.at(5).get<std::string>()};
}

json to_json(const BuildRecord& record) {
    json units = json::object();
    for (const auto& [url, unit] : record.units) {
        json diagnostics = json::array();
        for (const auto& d : unit.diagnostics) diagnostics.push_back(to_json(d));
        json links = json::object();
        for (const auto& [path, page] : unit.links) links[path] = {{"ids", page.ids}, {"refs", page.references}};
        json search = json::array();
        for (const auto& entry : unit.search) {
            json parts = json::array();
            for (const auto& part : entry.parts) parts.push_back({part.id, part.heading, part.text});
            search.push_back({entry.url, entry.title, entry.where, parts});
        }
        units[url] = {{"fingerprint", unit.fingerprint}, {"files", unit.files},         {"scripts", unit.scripts},
                      {"datasets", unit.datasets},       {"templates", unit.templates}, {"diagnostics", diagnostics},
                      {"links", links},                  {"search", search}};
    }
    json files = json::object();
    for (const auto& [path, stamp] : record.files)
        files[path] = {stamp.hash, stamp.size, stamp.modified, stamp.source};
    json pdfs = json::object();
    for (const auto& [url, pdf] : record.pdfs) pdfs[url] = {pdf.key, pdf.link.bytes, pdf.link.pages};
    return {{"format", format_version}, {"key", record.key}, {"output", record.output}, {"units", units}, {"files", files}, {"pdfs", pdfs}};
}

BuildRecord record_from(const json& j) {
    BuildRecord record;
    record.key = j.at("key").get<std::uint64_t>();
    record.output = j.at("output").get<std::string>();
    for (const auto& [url, u] : j.at("units").items()) {
        UnitRecord unit;
        unit.fingerprint = u.at("fingerprint").get<std::uint64_t>();
        unit.files = u.at("files").get<std::vector<std::string>>();
        unit.scripts = u.at("scripts").get<std::vector<std::string>>();
        unit.datasets = u.at("datasets").get<std::vector<std::string>>();
        unit.templates = u.at("templates").get<std::vector<std::string>>();
        for (const auto& d : u.at("diagnostics")) unit.diagnostics.push_back(diagnostic_from(d));
        for (const auto& [path, page] : u.at("links").items())
            unit.links[path] = {page.at("ids").get<std::vector<std::string>>(),
                                page.at("refs").get<std::vector<std::pair<std::string, std::string>>>()};
        for (const auto& e : u.at("search")) {
            SearchEntry entry{e.at(0).get<std::string>(), e.at(1).get<std::string>(), e.at(2).get<std::string>(), {}};
            for (const auto& p : e.at(3))
                entry.parts.push_back({p.at(0).get<std::string>(), p.at(1).get<std::string>(), p.at(2).get<std::string>()});
            unit.search.push_back(std::move(entry));
        }
        record.units.emplace(url, std::move(unit));
    }
    for (const auto& [path, f] : j.at("files").items())
        record.files[path] = {f.at(0).get<std::uint64_t>(), f.at(1).get<std::uintmax_t>(), f.at(2).get<long long>(),
                              f.at(3).get<std::string>()};
    for (const auto& [url, p] : j.at("pdfs").items())
        record.pdfs[url] = {p.at(0).get<std::uint64_t>(), {p.at(1).get<std::uintmax_t>(), p.at(2).get<int>()}};
    return record;
}

}  // namespace

BuildRecord load_record(const fs::path& path, std::uint64_t key, const std::string& output) {
    BuildRecord empty;
    empty.key = key;
    empty.output = output;
    std::error_code missing;
    if (!fs::is_regular_file(path, missing)) return empty;
    try {
        json j = json::from_cbor(read_file(path));
        if (j.at("format").get<int>() != format_version || j.at("output").get<std::string>() != output) return empty;
        BuildRecord record = record_from(j);
        if (record.key != key) {
            empty.files = std::move(record.files);
            return empty;
        }
        return record;
    } catch (const std::exception&) {
        return empty;  // damaged or from elsewhere: a full build puts it right
    }
}

void save_record(const fs::path& path, const BuildRecord& record) {
    fs::create_directories(path.parent_path());
    std::vector<std::uint8_t> bytes = json::to_cbor(to_json(record));
    fs::path partial = path;
    partial += ".partial";
    {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        if (!out) throw std::runtime_error("cannot write " + partial.string());
    }
    fs::rename(partial, path);
}

std::optional<std::pair<std::uintmax_t, long long>> stat_file(const fs::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return std::nullopt;
    long long ns = static_cast<long long>(info.st_mtim.tv_sec) * 1'000'000'000LL + info.st_mtim.tv_nsec;
    return std::pair<std::uintmax_t, long long>{static_cast<std::uintmax_t>(info.st_size), ns};
}

}  // namespace gazette
