#include "build/record.hpp"

#include "load/load.hpp"
#include "text/work_queue.hpp"

#include <algorithm>
#include <atomic>
#include <climits>
#include <concepts>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include <fstream>
#include <sys/stat.h>

namespace fs = std::filesystem;

namespace gazette {

namespace {

// The record is a compact binary file, read and written in one pass: every
// number a LEB128 varint, every string its length and bytes, every list or
// map its size and items. `fields` below names each structure's parts once,
// for writing and reading alike. A build of 10,000 pages reads and writes it
// on every build, which JSON (even as CBOR) made a large part of a no-op build.
constexpr std::string_view magic = "gazette build record 8\n";
// The same form serves two smaller files beside the record.
constexpr std::string_view stamps_magic = "gazette build stamps 1\n";
constexpr std::string_view sources_magic = "gazette source cache 2\n";

struct Damaged : std::runtime_error {
    Damaged() : std::runtime_error("the build record is damaged") {}
};

// Writes to `out` through a buffer, so the record is never whole in memory.
class Writer {
public:
    explicit Writer(std::ostream& out, std::string_view kind = magic) : out_(out) { bytes += kind; }
    ~Writer() { flush(); }
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    template <typename... T>
    void operator()(const T&... values) {
        (put(values), ...);
    }
    void flush() {
        out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        bytes.clear();
    }

private:
    void spill() {
        if (bytes.size() > (1U << 20)) flush();
    }

    std::ostream& out_;
    std::string bytes;

    void put(std::uint64_t n) {
        do {
            auto byte = static_cast<char>(n & 0x7f);
            n >>= 7;
            bytes += static_cast<char>(byte | (n != 0 ? 0x80 : 0));
        } while (n != 0);
    }
    void put(std::uint32_t n) { put(std::uint64_t{n}); }
    void put(long long n) { put(static_cast<std::uint64_t>(n) << 1 ^ static_cast<std::uint64_t>(n >> 63)); }  // zigzag
    void put(int n) { put(static_cast<long long>(n)); }
    void put(bool b) { put(std::uint64_t{b ? 1U : 0U}); }
    void put(const std::string& text) {
        put(std::uint64_t{text.size()});
        bytes += text;
    }
    void put(const fs::path& path) { put(path.generic_string()); }
    template <typename E>
        requires std::is_enum_v<E>
    void put(E e) {
        put(static_cast<int>(e));
    }
    template <typename A, typename B>
    void put(const std::pair<A, B>& pair) {
        put(pair.first), put(pair.second);
    }
    template <typename T>
    void put(const std::vector<T>& items) {
        put(std::uint64_t{items.size()});
        for (const auto& item : items) put(item), spill();
    }
    template <typename K, typename V>
    void put(const std::map<K, V>& items) {
        put(std::uint64_t{items.size()});
        for (const auto& [key, value] : items) put(key), put(value), spill();
    }
    template <typename K, typename V>
    void put(const std::unordered_map<K, V>& items) {
        put(std::uint64_t{items.size()});
        for (const auto& [key, value] : items) put(key), put(value), spill();
    }
    template <typename T>
        requires requires(Writer& w, const T& t) { fields(w, t); }
    void put(const T& value) {
        fields(*this, value);
    }
};

class Reader {
public:
    explicit Reader(std::string_view bytes, std::string_view kind = magic) : bytes_(bytes) {
        if (bytes_.substr(0, kind.size()) != kind) throw Damaged();
        at_ = kind.size();
    }

    template <typename... T>
    void operator()(T&... values) {
        (get(values), ...);
    }
    [[nodiscard]] bool done() const { return at_ == bytes_.size(); }

private:
    void get(std::uint64_t& n) {
        n = 0;
        for (int shift = 0;; shift += 7) {
            if (at_ >= bytes_.size() || shift > 63) throw Damaged();
            auto byte = static_cast<unsigned char>(bytes_[at_++]);
            n |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if ((byte & 0x80) == 0) return;
        }
    }
    void get(std::uint32_t& n) {
        std::uint64_t wide = 0;
        get(wide);
        if (wide > UINT32_MAX) throw Damaged();
        n = static_cast<std::uint32_t>(wide);
    }
    void get(long long& n) {
        std::uint64_t z = 0;
        get(z);
        n = static_cast<long long>(z >> 1) ^ -static_cast<long long>(z & 1);
    }
    void get(int& n) {
        long long wide = 0;
        get(wide);
        if (wide < INT32_MIN || wide > INT32_MAX) throw Damaged();
        n = static_cast<int>(wide);
    }
    void get(bool& b) {
        std::uint64_t n = 0;
        get(n);
        b = n != 0;
    }
    std::size_t size() {  // of a string or list; never more than the bytes left
        std::uint64_t n = 0;
        get(n);
        if (n > bytes_.size() - at_) throw Damaged();
        return static_cast<std::size_t>(n);
    }
    void get(std::string& text) {
        std::size_t n = size();
        text.assign(bytes_.substr(at_, n));
        at_ += n;
    }
    void get(fs::path& path) {
        std::string text;
        get(text);
        path = text;
    }
    template <typename E>
        requires std::is_enum_v<E>
    void get(E& e) {
        int n = 0;
        get(n);
        e = static_cast<E>(n);
    }
    template <typename A, typename B>
    void get(std::pair<A, B>& pair) {
        get(pair.first), get(pair.second);
    }
    template <typename T>
    void get(std::vector<T>& items) {
        items.resize(size());
        for (auto& item : items) get(item);
    }
    template <typename K, typename V>
    void get(std::map<K, V>& items) {
        for (std::size_t n = size(); n > 0; --n) {
            std::pair<K, V> item;
            get(item);
            items.insert(items.end(), std::move(item));
        }
    }
    template <typename K, typename V>
    void get(std::unordered_map<K, V>& items) {
        std::size_t n = size();
        items.reserve(n);
        for (; n > 0; --n) {
            std::pair<K, V> item;
            get(item);
            items.insert(std::move(item));
        }
    }
    template <typename T>
        requires requires(Reader& r, T& t) { fields(r, t); }
    void get(T& value) {
        fields(*this, value);
    }

    std::string_view bytes_;
    std::size_t at_ = 0;
};

// Each structure's parts, in file order. `S` is the structure, const when writing.
template <typename A, typename S>
    requires std::same_as<std::remove_const_t<S>, SourceLocation>
void fields(A& a, S& s) {
    a(s.file, s.line, s.column);
}
template <typename A, typename S>
    requires std::same_as<std::remove_const_t<S>, Diagnostic>
void fields(A& a, S& s) {
    a(s.where, s.severity, s.message, s.hint);
}
template <typename A, typename S>
    requires std::same_as<std::remove_const_t<S>, PageLinks>
void fields(A& a, S& s) {
    a(s.id_text, s.id_ends, s.reference_text, s.reference_ends);
}
template <typename A, typename S>
    requires std::same_as<std::remove_const_t<S>, FileTime>
void fields(A& a, S& s) {
    a(s.size, s.modified, s.inode);
}
// A document as CBOR, its positions as they are.
template <typename A, typename S>
    requires std::same_as<std::remove_const_t<S>, LocatedJson>
void fields(A& a, S& s) {
    if constexpr (std::is_const_v<S>) {
        auto cbor = nlohmann::json::to_cbor(s.value);
        a(std::string(cbor.begin(), cbor.end()), s.file, s.value_positions, s.key_positions);
    } else {
        std::string cbor;
        a(cbor, s.file, s.value_positions, s.key_positions);
        s.value = nlohmann::json::from_cbor(cbor);
    }
}
template <typename A, typename S>
    requires std::same_as<std::remove_const_t<S>, ContentFile>
void fields(A& a, S& s) {
    a(s.relative, s.source, s.front_matter, s.front_matter_hash, s.head_hash, s.body_offset, s.body_first_line, s.hash, s.stamp);
}
template <typename A, typename S>
    requires std::same_as<std::remove_const_t<S>, SpareTree>
void fields(A& a, S& s) {
    a(s.generation, s.changed, s.folders);
}
template <typename A, typename S>
    requires std::same_as<std::remove_const_t<S>, SearchChunkRecord>
void fields(A& a, S& s) {
    a(s.path, s.pages);
}
template <typename A, typename S>
    requires std::same_as<std::remove_const_t<S>, UnitRecord>
void fields(A& a, S& s) {
    a(s.fingerprint, s.files, s.scripts, s.datasets, s.templates, s.diagnostics, s.links);
}
template <typename A, typename S>
    requires std::same_as<std::remove_const_t<S>, FileStamp>
void fields(A& a, S& s) {
    a(s.hash, s.size, s.modified, s.source);
}
template <typename A, typename S>
    requires std::same_as<std::remove_const_t<S>, PdfRecord>
void fields(A& a, S& s) {
    a(s.key, s.link.bytes, s.link.pages);
}

// Writes a file of `kind` beside `path` and renames it over, so a killed
// build never leaves half of one.
template <typename Fill>
void write_whole(const fs::path& path, std::string_view kind, Fill fill) {
    fs::create_directories(path.parent_path());
    fs::path partial = path;
    partial += ".partial";
    {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        Writer write(out, kind);
        fill(write);
        write.flush();
        if (!out) throw std::runtime_error("cannot write " + partial.string());
    }
    fs::rename(partial, path);
}

}  // namespace

BuildRecord load_record(const fs::path& path, std::uint64_t key, const std::string& output) {
    BuildRecord empty;
    empty.key = key;
    empty.output = output;
    std::error_code missing;
    if (!fs::is_regular_file(path, missing)) return empty;
    try {
        const std::string bytes = read_file(path);
        Reader read(bytes);
        BuildRecord record;
        read(record.key, record.output);
        if (record.output != output) return empty;
        read(record.files, record.spare);
        if (record.key != key) {
            empty.files = std::move(record.files);
            empty.spare = std::move(record.spare);
            return empty;
        }
        read(record.units, record.pdfs, record.search_chunks, record.search_buckets, record.published_key, record.paper_key, record.paper_sheets);
        if (!read.done()) return empty;
        return record;
    } catch (const std::exception&) {
        return empty;  // damaged or from elsewhere: a full build puts it right
    }
}

std::optional<std::uint64_t> saved_record_key(const fs::path& path) {
    try {
        const std::string bytes = read_file(path);
        Reader read(bytes);
        std::uint64_t key = 0;
        read(key);
        return key;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

void save_record(const fs::path& path, const BuildRecord& record) {
    write_whole(path, magic, [&](Writer& write) {
        write(record.key, record.output, record.files, record.spare);
        write(record.units);
        write(record.pdfs, record.search_chunks, record.search_buckets, record.published_key, record.paper_key, record.paper_sheets);
    });
}

// Stats are made on every core, in blocks: at 10,000 pages a build takes
// 10,000 input stamps, and a no-op build compares 30,000.
constexpr std::size_t stat_block = 256;

std::optional<std::vector<std::pair<std::string, FileTime>>> take_input_stamps(const fs::path& site) {
    // The files and folders, as the walk finds them; then their times.
    struct Found {
        std::string name;  // from the site folder
        fs::path path;
        bool top = false;  // site.json or a folder of the site: stamped even when absent
    };
    std::vector<Found> found;
    for (const char* name : {"site.json", "content", "data", "static", "themes"}) {
        const fs::path top = site / name;
        found.push_back({name, top, true});
        std::error_code ec;
        if (!fs::is_directory(top, ec)) continue;
        for (auto it = fs::recursive_directory_iterator(top, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (it->is_symlink(ec) && it->is_directory(ec)) return std::nullopt;
            found.push_back({it->path().lexically_relative(site).generic_string(), it->path(), false});
        }
        if (ec) return std::nullopt;
    }
    std::vector<std::optional<FileTime>> times(found.size());
    parallel_for((found.size() + stat_block - 1) / stat_block, worker_count(0), [] { return 0; }, [&](int, std::size_t block) {
        for (std::size_t i = block * stat_block; i < std::min(found.size(), (block + 1) * stat_block); ++i) times[i] = file_time(found[i].path);
    });
    std::vector<std::pair<std::string, FileTime>> stamps;
    stamps.reserve(found.size());
    for (std::size_t i = 0; i < found.size(); ++i) {
        if (found[i].top) stamps.emplace_back(std::move(found[i].name), times[i].value_or(FileTime{}));  // all zero: absent, and to stay so
        else if (times[i]) stamps.emplace_back(std::move(found[i].name), *times[i]);  // gone since the walk: left out
    }
    return stamps;
}

bool stamps_hold(const BuildStamps& stamps, const fs::path& site, const fs::path& output) {
    const std::size_t inputs = stamps.inputs.size(), all = inputs + stamps.outputs.size();
    std::atomic<bool> hold{true};
    parallel_for((all + stat_block - 1) / stat_block, worker_count(0), [] { return 0; }, [&](int, std::size_t block) {
        for (std::size_t i = block * stat_block; i < std::min(all, (block + 1) * stat_block) && hold; ++i) {
            if (i < inputs) {
                const auto& [path, time] = stamps.inputs[i];
                if (file_time(site / path).value_or(FileTime{}) != time) hold = false;
            } else {  // as the record keeps them: size and time
                const auto& [path, time] = stamps.outputs[i - inputs];
                auto now = file_time(output / path);
                if (!now || now->size != time.size || now->modified != time.modified) hold = false;
            }
        }
    });
    return hold;
}

std::optional<BuildStamps> load_stamps(const fs::path& path, std::uint64_t key, const std::string& output) {
    try {
        std::error_code missing;
        if (!fs::is_regular_file(path, missing)) return std::nullopt;
        const std::string bytes = read_file(path);
        Reader read(bytes, stamps_magic);
        BuildStamps stamps;
        read(stamps.key, stamps.output);
        if (stamps.key != key || stamps.output != output) return std::nullopt;
        read(stamps.inputs, stamps.outputs, stamps.diagnostics, stamps.pages, stamps.units, stamps.pdfs);
        if (!read.done()) return std::nullopt;
        return stamps;
    } catch (const std::exception&) {
        return std::nullopt;  // none, damaged or from elsewhere: the build goes the long way
    }
}

SourceCache load_source_cache(const fs::path& path, std::uint64_t key) {
    try {
        std::error_code missing;
        if (!fs::is_regular_file(path, missing)) return {};
        const std::string bytes = read_file(path);
        Reader read(bytes, sources_magic);
        std::uint64_t made_by = 0;
        read(made_by);
        if (made_by != key) return {};
        std::vector<ContentFile> files;
        read(files);
        if (!read.done()) return {};
        SourceCache cache;
        for (auto& file : files) {
            file.body_read = false;
            std::string relative = file.relative.generic_string();
            cache.emplace(std::move(relative), std::move(file));
        }
        return cache;
    } catch (const std::exception&) {
        return {};  // damaged: every file is read again
    }
}

void save_source_cache(const fs::path& path, std::uint64_t key, const std::vector<ContentFile>& files) {
    write_whole(path, sources_magic, [&](Writer& write) { write(key, files); });
}

void save_stamps(const fs::path& path, const BuildStamps& stamps) {
    write_whole(path, stamps_magic, [&](Writer& write) {
        write(stamps.key, stamps.output, stamps.inputs, stamps.outputs, stamps.diagnostics, stamps.pages, stamps.units, stamps.pdfs);
    });
}

std::optional<std::pair<std::uintmax_t, long long>> stat_file(const fs::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return std::nullopt;
    long long ns = static_cast<long long>(info.st_mtim.tv_sec) * 1'000'000'000LL + info.st_mtim.tv_nsec;
    return std::pair<std::uintmax_t, long long>{static_cast<std::uintmax_t>(info.st_size), ns};
}

}  // namespace gazette
