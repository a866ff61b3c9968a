// A typed reader over one object of a LocatedJson: every wrong type and
// unknown key becomes a diagnostic at its line. Private to validate/.
#pragma once

#include "diagnostics/diagnostics.hpp"
#include "load/load.hpp"
#include "text/text.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace gazette {

using nlohmann::json;

inline std::string shown(const json& value) {
    std::string text = value.dump();
    return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

// Reads the members of one JSON object with type checks. Every key read is
// known; finish() reports the rest as unknown, with a suggestion.
class ObjectReader {
public:
    ObjectReader(const LocatedJson& doc, std::string pointer, Diagnostics& diagnostics, std::string what)
        : doc_(doc), pointer_(std::move(pointer)), diagnostics_(diagnostics), what_(std::move(what)) {
        const json* v = resolve();
        object_ = v != nullptr && v->is_object() ? v : nullptr;
        if (v != nullptr && !v->is_object())
            diagnostics_.error(doc_.at(pointer_), what_ + " must be an object of `key: value` pairs, got " + shown(*v));
    }

    std::string string(const std::string& key, bool required = false) {
        const json* v = member(key);
        if (v == nullptr) {
            if (required)
                diagnostics_.error(doc_.at(pointer_), what_ + " has no \"" + key + "\"",
                                   "add `" + key + "`: it is required");
            return {};
        }
        if (v->is_string()) {
            if (required && trim(v->get<std::string>()).empty())
                diagnostics_.error(at(key), "\"" + key + "\" must not be empty");
            return v->get<std::string>();
        }
        if (v->is_number()) return v->dump();  // YAML `agenda_item: 7` means the text "7"
        type_error(key, "text", *v);
        return {};
    }

    std::optional<long long> integer(const std::string& key) {
        const json* v = member(key);
        if (v == nullptr) return std::nullopt;
        if (v->is_number_integer()) return v->get<long long>();
        type_error(key, "a whole number", *v);
        return std::nullopt;
    }

    std::optional<double> number(const std::string& key, const std::string& hint = {}) {
        const json* v = member(key);
        if (v == nullptr) return std::nullopt;
        if (v->is_number()) {
            double d = v->get<double>();
            if (std::isfinite(d)) return d;
        }
        diagnostics_.error(at(key), "\"" + key + "\" must be a number, got " + shown(*v), hint);
        return std::nullopt;
    }

    // One of a fixed set of words; an error lists them.
    std::string choice(const std::string& key, const std::vector<std::string>& allowed, const std::string& fallback) {
        const json* v = member(key);
        if (v == nullptr) return fallback;
        if (v->is_string() && std::find(allowed.begin(), allowed.end(), v->get<std::string>()) != allowed.end())
            return v->get<std::string>();
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        diagnostics_.error(at(key), "\"" + key + "\" must be one of " + list + ", got " + shown(*v));
        return fallback;
    }

    // The number of items of an array member (0 when absent or not an array, the latter reported).
    std::size_t array(const std::string& key, bool required = false) {
        const json* v = member(key);
        if (v == nullptr) {
            if (required)
                diagnostics_.error(doc_.at(pointer_), what_ + " has no \"" + key + "\"", "add `" + key + "`: it is required");
            return 0;
        }
        if (!v->is_array()) {
            type_error(key, "a list", *v);
            return 0;
        }
        return v->size();
    }

    std::optional<bool> boolean(const std::string& key) {
        const json* v = member(key);
        if (v == nullptr) return std::nullopt;
        if (v->is_boolean()) return v->get<bool>();
        type_error(key, "true or false", *v);
        return std::nullopt;
    }

    std::optional<Date> date(const std::string& key) {
        const json* v = member(key);
        if (v == nullptr) return std::nullopt;
        if (v->is_string()) {
            if (auto d = parse_date(v->get<std::string>())) return d;
        }
        if (v->is_number_integer()) {
            if (auto d = parse_date(v->dump())) return d;  // `date: 2019` means the year
        }
        diagnostics_.error(at(key), "\"" + key + "\" must be a date written YYYY-MM-DD, got " + shown(*v),
                           "for example `" + key + ": 2020-10-22`; where a paper gives only a month or a year, write 2019-07 or 2019");
        return std::nullopt;
    }

    std::vector<std::string> strings(const std::string& key) {
        std::vector<std::string> out;
        const json* v = member(key);
        if (v == nullptr) return out;
        if (v->is_string()) return {v->get<std::string>()};
        if (!v->is_array()) {
            type_error(key, "a list of text items", *v);
            return out;
        }
        for (std::size_t i = 0; i < v->size(); ++i) {
            const json& item = (*v)[i];
            if (item.is_string()) out.push_back(item.get<std::string>());
            else
                diagnostics_.error(doc_.at(json_pointer_append(pointer_, key) + '/' + std::to_string(i)),
                                   "each item of \"" + key + "\" must be text, got " + shown(item));
        }
        return out;
    }

    // Marks a key as known and says whether it is present (for nested readers).
    bool has(const std::string& key) { return member(key) != nullptr; }
    void allow(const std::string& key) { know(key); }
    std::string child(const std::string& key) const { return json_pointer_append(pointer_, key); }

    void finish() {
        if (object_ == nullptr) return;
        for (const auto& [key, value] : object_->items()) {
            if (known_set_.count(key) != 0) continue;
            std::string hint = "known keys are: " + join(known_);
            if (auto suggestion = closest_match(key, known_)) hint = "did you mean \"" + *suggestion + "\"?";
            diagnostics_.error(doc_.key_at(json_pointer_append(pointer_, key)),
                               "unknown key \"" + key + "\" in " + what_, hint);
        }
    }

    SourceLocation at(const std::string& key) const { return doc_.at(json_pointer_append(pointer_, key)); }
    SourceLocation here() const { return doc_.at(pointer_); }
    const std::string& pointer() const { return pointer_; }
    const LocatedJson& document() const { return doc_; }
    const json* object() const { return object_; }
    Diagnostics& diagnostics() { return diagnostics_; }

private:
    const json* resolve() const {
        try {
            const json& v = doc_.value.at(json::json_pointer(pointer_));
            return &v;
        } catch (const json::exception&) {
            return nullptr;
        }
    }

    const json* member(const std::string& key) {
        know(key);
        if (object_ == nullptr) return nullptr;
        auto it = object_->find(key);
        if (it == object_->end() || it->is_null()) return nullptr;
        return &*it;
    }

    // The order is kept for suggestions; the set keeps a row of many columns linear.
    void know(const std::string& key) {
        if (known_set_.insert(key).second) known_.push_back(key);
    }

    void type_error(const std::string& key, const std::string& expected, const json& got) {
        diagnostics_.error(at(key), "\"" + key + "\" must be " + expected + ", got " + shown(got));
    }

    static std::string join(std::vector<std::string> keys) {
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        std::string out;
        for (const auto& k : keys) out += (out.empty() ? "" : ", ") + k;
        return out;
    }

    const LocatedJson& doc_;
    std::string pointer_;
    Diagnostics& diagnostics_;
    std::string what_;
    const json* object_ = nullptr;
    std::vector<std::string> known_;
    std::set<std::string> known_set_;
};

}  // namespace gazette
