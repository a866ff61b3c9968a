#include "render/search_terms.hpp"

#include "text/words.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace gazette {

namespace {

constexpr std::string_view bucket_head = "{\"terms\":{\n";
constexpr std::string_view bucket_tail = "\n}}\n";

void append_number(std::string& out, std::uint32_t n) {
    char digits[12];
    auto [end, error] = std::to_chars(digits, digits + sizeof digits, n);
    out.append(digits, end);
}

void append_word(std::string& out, std::string_view word, const std::vector<Posting>& postings) {
    out += '"';
    out += word;  // letters and digits only: nothing to escape
    out += "\":[";
    std::uint32_t last = 0;
    for (std::size_t i = 0; i < postings.size(); ++i) {
        if (i > 0) out += ',';
        const std::uint32_t place = posting_place(postings[i]);
        append_number(out, place - last);
        out += ',';
        append_number(out, posting_code(postings[i]));
        last = place;
    }
    out += ']';
}

// A bucket file's line, "word":[...], read back.
bool read_word(std::string_view line, std::string_view& word, std::vector<Posting>& postings) {
    if (line.size() < 5 || line.front() != '"') return false;
    const std::size_t quote = line.find('"', 1);
    if (quote == std::string_view::npos || line.substr(quote, 3) != "\":[" || line.back() != ']') return false;
    word = line.substr(1, quote - 1);
    postings.clear();
    std::string_view numbers = line.substr(quote + 3, line.size() - quote - 4);
    std::uint32_t place = 0;
    const char* at = numbers.data();
    const char* end = numbers.data() + numbers.size();
    while (at < end) {
        std::uint32_t gap = 0;
        std::uint32_t code = 0;
        auto first = std::from_chars(at, end, gap);
        if (first.ec != std::errc() || first.ptr == end || *first.ptr != ',') return false;
        auto second = std::from_chars(first.ptr + 1, end, code);
        if (second.ec != std::errc() || code == 0 || code > 39) return false;
        place += gap;
        postings.push_back(posting(place, static_cast<TermCode>(code)));
        at = second.ptr;
        if (at < end && *at++ != ',') return false;
    }
    return true;
}

}  // namespace

std::uint32_t word_hash(std::string_view word) {
    std::uint32_t hash = 2166136261U;
    for (char c : word) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619U;
    return hash;
}

TermCounter::Slot& TermCounter::slot(std::string_view word) {
    // The table is kept under half full, so a probe is short.
    const std::uint32_t hash = word_hash(word);
    for (;;) {
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
            Slot& s = slots_[i];
            if (s.size == 0) {
                if (used_.size() * 2 >= slots_.size()) break;  // full enough: grow, and look again
                s.hash = hash;
                s.at = static_cast<std::uint32_t>(words_.size());
                s.size = static_cast<std::uint16_t>(word.size());
                words_ += word;
                used_.push_back(static_cast<std::uint32_t>(i));
                return s;
            }
            if (s.hash == hash && s.size == word.size() && std::memcmp(words_.data() + s.at, word.data(), word.size()) == 0) return s;
        }
        grow();
    }
}

void TermCounter::grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (std::uint32_t& i : used_) {
        std::size_t j = old[i].hash & mask;
        while (slots_[j].size != 0) j = (j + 1) & mask;
        slots_[j] = old[i];
        i = static_cast<std::uint32_t>(j);
    }
}

const std::vector<TermCounter::Term>& TermCounter::count(const SearchEntry& entry) {
    if (slots_.empty()) slots_.resize(1024);
    for (std::uint32_t i : used_) slots_[i] = Slot{};
    used_.clear();
    words_.clear();
    out_.clear();
    auto add = [&](std::string_view word) -> Slot& {
        // A word longer than a slot holds is cut (at a letter's start): no real word is so long.
        if (word.size() > 1000) {
            std::size_t end = 1000;
            while (end > 0 && (static_cast<unsigned char>(word[end]) & 0xc0) == 0x80) --end;
            word = word.substr(0, end);
        }
        return slot(word);
    };
    for_each_word(entry.title, [&](std::string_view word) { add(word).title = 1; });
    for (const auto& part : entry.parts) {
        for_each_word(part.heading, [&](std::string_view word) { add(word).heading = 1; });
        for_each_word(part.text, [&](std::string_view word) {
            Slot& s = add(word);
            if (s.times < 9) ++s.times;
        });
    }
    const std::string_view words(words_);
    out_.reserve(used_.size());
    for (std::uint32_t i : used_) {
        const Slot& s = slots_[i];
        out_.push_back({words.substr(s.at, s.size), static_cast<TermCode>(s.times + (s.heading ? 10 : 0) + (s.title ? 20 : 0)), s.hash});
    }
    return out_;
}

PageTerms search_terms(const SearchEntry& entry) {
    TermCounter counter;
    PageTerms terms;
    for (const auto& term : counter.count(entry)) terms.emplace_back(term.word, term.code);
    std::sort(terms.begin(), terms.end());
    return terms;
}

std::optional<SearchEntry> read_search_chunk_line(std::string_view line) {
    auto json = nlohmann::json::parse(line, nullptr, false);
    if (json.is_discarded() || !json.is_object()) return std::nullopt;
    try {
        SearchEntry entry;
        entry.url = json.at("url").get<std::string>();
        entry.url.insert(entry.url.begin(), '/');
        entry.title = json.at("title").get<std::string>();
        entry.where = json.at("where").get<std::string>();
        for (const auto& part : json.at("parts")) {
            SearchPart p;
            p.id = part.at(0).get<std::string>();
            p.text = part.at(1).get<std::string>();
            if (part.size() > 2) p.heading = part.at(2).get<std::string>();
            entry.parts.push_back(std::move(p));
        }
        return entry;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

std::size_t search_bucket_count(std::size_t pages) {
    std::size_t buckets = 1;
    while (buckets < 256 && buckets * 32 < pages) buckets *= 2;
    return buckets;
}

std::size_t search_bucket(std::string_view term, std::size_t buckets) {
    // The first two letters: a lead byte and what follows it, twice.
    std::size_t end = 0;
    for (int letter = 0; letter < 2 && end < term.size(); ++letter) {
        ++end;
        while (end < term.size() && (static_cast<unsigned char>(term[end]) & 0xc0) == 0x80) ++end;
    }
    std::uint32_t hash = 2166136261U;
    for (char c : term.substr(0, end)) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619U;
    return hash % buckets;
}

std::string search_bucket_file(const std::vector<std::pair<std::string_view, std::vector<Posting>>>& words) {
    if (words.empty()) return {};
    std::string out(bucket_head);
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) out += ",\n";
        append_word(out, words[i].first, words[i].second);
    }
    return out.append(bucket_tail);
}

void term_changes(const PageTerms& before, const PageTerms& now, std::uint32_t place, std::vector<TermChange>& out) {
    auto b = before.begin();
    auto n = now.begin();
    while (b != before.end() || n != now.end()) {
        if (n == now.end() || (b != before.end() && b->first < n->first)) {
            out.push_back({b->first, place, 0});
            ++b;
        } else if (b == before.end() || n->first < b->first) {
            out.push_back({n->first, place, n->second});
            ++n;
        } else {
            if (b->second != n->second) out.push_back({n->first, place, n->second});
            ++b;
            ++n;
        }
    }
}

std::optional<std::string> amend_search_bucket(std::string_view bytes, std::vector<TermChange> changes) {
    std::vector<std::string_view> lines;
    if (!bytes.empty()) {
        if (!bytes.starts_with(bucket_head) || !bytes.ends_with(bucket_tail)) return std::nullopt;
        std::string_view body = bytes.substr(bucket_head.size(), bytes.size() - bucket_head.size() - bucket_tail.size());
        for (std::size_t at = 0;;) {
            const std::size_t end = body.find(",\n", at);
            lines.push_back(body.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at));
            if (end == std::string_view::npos) break;
            at = end + 2;
        }
    }
    std::sort(changes.begin(), changes.end(),
              [](const TermChange& a, const TermChange& b) { return std::tie(a.term, a.place) < std::tie(b.term, b.place); });
    std::string out(bucket_head);
    bool any = false;
    auto emit_line = [&](std::string_view line) {
        if (any) out += ",\n";
        out += line;
        any = true;
    };
    auto emit = [&](std::string_view word, const std::vector<Posting>& postings) {
        if (postings.empty()) return;
        if (any) out += ",\n";
        append_word(out, word, postings);
        any = true;
    };
    std::string_view word;
    std::vector<Posting> postings;
    std::string_view last_word;
    auto change = changes.begin();
    // Applies the changes to `word` to its postings.
    auto apply = [&](std::string_view to) {
        for (; change != changes.end() && change->term == to; ++change) {
            auto it = std::lower_bound(postings.begin(), postings.end(), posting(change->place, 0));
            const bool there = it != postings.end() && posting_place(*it) == change->place;
            if (change->code == 0) {
                if (there) postings.erase(it);
            } else if (there) {
                *it = posting(change->place, change->code);
            } else {
                postings.insert(it, posting(change->place, change->code));
            }
        }
    };
    for (std::string_view line : lines) {
        if (!read_word(line, word, postings) || (!last_word.empty() && word <= last_word)) return std::nullopt;
        last_word = word;
        // New words before this one.
        while (change != changes.end() && change->term < word) {
            const std::string_view fresh = change->term;
            std::vector<Posting> kept = std::move(postings);
            postings.clear();
            apply(fresh);
            emit(fresh, postings);
            postings = std::move(kept);
        }
        if (change != changes.end() && change->term == word) {
            apply(word);
            emit(word, postings);
        } else {
            emit_line(line);
        }
    }
    while (change != changes.end()) {
        const std::string_view fresh = change->term;
        postings.clear();
        apply(fresh);
        emit(fresh, postings);
    }
    if (!any) return std::string();
    return out.append(bucket_tail);
}

}  // namespace gazette
