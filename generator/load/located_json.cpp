// JSON and YAML parsing that keeps every value's line and column.
#include "load/load.hpp"

#include <yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>

namespace gazette {

namespace {

constexpr int max_nesting = 256;
const std::string too_deep = "values are nested more than " + std::to_string(max_nesting) + " levels deep";
constexpr const char* too_deep_hint = "flatten the data; no report needs this much nesting";

// Line starts of a text, to turn byte offsets into (line, column); columns
// count characters, not bytes, as editors do.
class LineIndex {
public:
    explicit LineIndex(std::string_view text) : text_(text) {
        starts_.push_back(0);
        for (std::size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') starts_.push_back(i + 1);
    }

    // Counting on from the last position asked for on the same line keeps a
    // document written on one long line linear, as the scanner asks in order.
    [[nodiscard]] std::pair<int, int> position(std::size_t offset) {
        offset = std::min(offset, text_.size());
        auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
        auto line = static_cast<int>(it - starts_.begin());
        std::size_t start = *(it - 1);
        int column = 1;
        if (line == last_line_ && offset >= last_offset_) start = last_offset_, column = last_column_;
        for (std::size_t i = start; i < offset; ++i)
            if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
        last_line_ = line, last_offset_ = offset, last_column_ = column;
        return {line, column};
    }

private:
    std::string_view text_;
    std::vector<std::size_t> starts_;
    int last_line_ = 0;
    std::size_t last_offset_ = 0;
    int last_column_ = 1;
};

// Walks JSON text that nlohmann accepted (or is about to judge) and records
// where each value and key starts. It also catches what nlohmann lets through:
// duplicate keys, and nesting deep enough to exhaust the stack.
class JsonPositionScanner {
public:
    JsonPositionScanner(std::string_view text, LocatedJson& doc, Diagnostics& diagnostics)
        : text_(text), lines_(text), doc_(doc), diagnostics_(diagnostics) {}

    // False when the text is not JSON or nests too deeply (the latter reported).
    bool scan() {
        skip_space();
        return value("", 0);
    }

private:
    bool value(const std::string& pointer, int depth) {
        if (depth > max_nesting) {
            report(pos_, too_deep, too_deep_hint);
            too_deep_ = true;
            return false;
        }
        skip_space();
        if (pos_ >= text_.size()) return false;
        if (++values_ > max_dataset_values) {
            auto [line, column] = lines_.position(pos_);
            report_too_many_values({doc_.file, line, column}, diagnostics_);
            too_many_ = true;
            return false;
        }
        doc_.value_positions[pointer] = lines_.position(pos_);
        char c = text_[pos_];
        if (c == '{') return object(pointer, depth);
        if (c == '[') return array(pointer, depth);
        if (c == '"') return string(nullptr);
        const std::size_t start = pos_;
        while (pos_ < text_.size() && std::string_view(",]} \t\r\n").find(text_[pos_]) == std::string_view::npos)
            ++pos_;
        if (c == '-' || std::isdigit(static_cast<unsigned char>(c)) != 0) {
            auto [line, column] = doc_.value_positions[pointer];
            check_number_range(text_.substr(start, pos_ - start), {doc_.file, line, column}, diagnostics_);
        }
        return true;
    }

    bool object(const std::string& pointer, int depth) {
        ++pos_;
        std::set<std::string> keys;
        skip_space();
        if (peek('}')) return ++pos_, true;
        while (true) {
            skip_space();
            std::size_t key_start = pos_;
            std::string key;
            if (!peek('"') || !string(&key)) return false;
            auto member = json_pointer_append(pointer, key);
            if (!keys.insert(key).second) {
                report(key_start, "duplicate key \"" + key + "\"",
                       "each key may appear once in an object; remove or rename one of them");
            } else {
                doc_.key_positions[member] = lines_.position(key_start);
            }
            skip_space();
            if (!peek(':')) return false;
            ++pos_;
            if (!value(member, depth + 1)) return false;
            skip_space();
            if (peek(',')) {
                ++pos_;
                continue;
            }
            if (peek('}')) return ++pos_, true;
            return false;
        }
    }

    bool array(const std::string& pointer, int depth) {
        ++pos_;
        skip_space();
        if (peek(']')) return ++pos_, true;
        for (std::size_t index = 0;; ++index) {
            if (!value(pointer + '/' + std::to_string(index), depth + 1)) return false;
            skip_space();
            if (peek(',')) {
                ++pos_;
                continue;
            }
            if (peek(']')) return ++pos_, true;
            return false;
        }
    }

    // Reads a string literal; decodes it into `out` when asked (keys only).
    bool string(std::string* out) {
        std::size_t start = ++pos_;
        while (pos_ < text_.size() && text_[pos_] != '"') pos_ += text_[pos_] == '\\' ? 2 : 1;
        if (pos_ >= text_.size()) return false;
        if (out != nullptr) {
            try {
                *out = nlohmann::json::parse(text_.substr(start - 1, pos_ - start + 2)).get<std::string>();
            } catch (const nlohmann::json::exception&) {
                return false;
            }
        }
        ++pos_;
        return true;
    }

    bool peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
    void skip_space() {
        while (pos_ < text_.size() && std::string_view(" \t\r\n").find(text_[pos_]) != std::string_view::npos) ++pos_;
    }
    void report(std::size_t offset, std::string message, std::string hint) {
        auto [line, column] = lines_.position(offset);
        diagnostics_.error({doc_.file, line, column}, std::move(message), std::move(hint));
    }

public:
    bool too_deep_ = false;
    bool too_many_ = false;

private:
    std::string_view text_;
    LineIndex lines_;
    LocatedJson& doc_;
    Diagnostics& diagnostics_;
    std::size_t pos_ = 0;
    std::size_t values_ = 0;
};

std::string describe_json_error(const std::string& what) {
    // nlohmann: "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error while ..."
    auto colon = what.find(": ", what.find("column"));
    std::string detail = colon == std::string::npos ? what : what.substr(colon + 2);
    return "invalid JSON: " + detail;
}

// nlohmann reports the byte after the token it could not use; point at the
// token's first character instead, where a reader looks for the mistake.
std::size_t token_start(std::string_view text, std::size_t byte_after) {
    std::size_t end = std::min(byte_after, text.size());
    if (end == 0) return 0;
    std::size_t at = end - 1;
    if (text[at] == '"' && at > 0) {
        std::size_t open = text.rfind('"', at - 1);
        while (open != std::string_view::npos && open > 0 && text[open - 1] == '\\') open = text.rfind('"', open - 2);
        return open == std::string_view::npos ? at : open;
    }
    auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '+' || c == '.'; };
    while (at > 0 && word(text[at]) && word(text[at - 1])) --at;
    return at;
}

}  // namespace

void report_too_many_values(const SourceLocation& where, Diagnostics& diagnostics) {
    diagnostics.error(where, "the file holds more than " + std::to_string(max_dataset_values) +
                                 " values; a dataset may hold at most " + std::to_string(max_dataset_values),
                      "split it into several datasets, or leave out what no page shows");
}

SourceLocation LocatedJson::at(const std::string& pointer) const {
    std::string p = pointer;
    while (true) {
        if (auto it = value_positions.find(p); it != value_positions.end())
            return {file, it->second.first, it->second.second};
        if (p.empty()) return {file, 0, 0};
        p = p.substr(0, p.rfind('/'));
    }
}

SourceLocation LocatedJson::key_at(const std::string& pointer) const {
    if (auto it = key_positions.find(pointer); it != key_positions.end())
        return {file, it->second.first, it->second.second};
    return at(pointer);
}

bool check_number_range(std::string_view written, const SourceLocation& where, Diagnostics& diagnostics) {
    const std::string number(written);
    const double value = std::strtod(number.c_str(), nullptr);  // past a double: HUGE_VAL
    if (std::abs(value) <= largest_exact_number) return true;
    diagnostics.error(where, "the number " + number + " is too large: Gazette keeps numbers exactly only up to 9,007,199,254,740,991",
                      "write the figure in a larger unit, such as millions, and say so in its label");
    return false;
}

std::string json_pointer_append(const std::string& pointer, std::string_view key) {
    std::string out = pointer + '/';
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

LocatedJson parse_json(std::string_view text, const std::filesystem::path& file, Diagnostics& diagnostics) {
    LocatedJson doc;
    doc.file = file;
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    Diagnostics scan_diagnostics;
    JsonPositionScanner scanner(text, doc, scan_diagnostics);
    scanner.scan();
    if (scanner.too_deep_ || scanner.too_many_) {
        diagnostics.append(scan_diagnostics);
        doc.value = nlohmann::json::object();
        return doc;
    }
    try {
        doc.value = nlohmann::json::parse(text);
    } catch (const nlohmann::json::out_of_range&) {
        // A number past a double, which the scanner has reported where it is.
        diagnostics.append(scan_diagnostics);
        doc.value = nlohmann::json::object();
        return doc;
    } catch (const nlohmann::json::parse_error& e) {
        LineIndex lines(text);
        auto [line, column] = lines.position(token_start(text, e.byte));
        diagnostics.error({file, line, column}, describe_json_error(e.what()),
                          "check for a missing comma, quote or bracket just before this point");
        doc.value = nlohmann::json::object();
        return doc;
    }
    diagnostics.append(scan_diagnostics);
    return doc;
}

namespace {

bool is_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

// A plain scalar's value; `number` tells whether it is written as a number:
// an integer ([-+]?[0-9]+) or a decimal ([-+]?(D+.D*|.D+)([eE][-+]?D+)?).
nlohmann::json plain_scalar(const std::string& s, bool& number) {
    number = false;
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
    std::string_view rest(s);
    if (rest[0] == '-' || rest[0] == '+') rest.remove_prefix(1);
    if (is_digits(rest)) {
        number = true;
        return std::strtoll(s.c_str(), nullptr, 10);  // clamped when too large, which is checked
    }
    std::string_view mantissa = rest.substr(0, rest.find_first_of("eE"));
    std::string_view exponent = mantissa.size() < rest.size() ? rest.substr(mantissa.size() + 1) : std::string_view();
    if (!exponent.empty() && (exponent[0] == '-' || exponent[0] == '+')) exponent.remove_prefix(1);
    const auto dot = mantissa.find('.');
    const std::string_view whole = mantissa.substr(0, dot);
    const std::string_view fraction = dot == std::string_view::npos ? std::string_view() : mantissa.substr(dot + 1);
    const bool decimal = dot != std::string_view::npos && (whole.empty() || is_digits(whole)) &&
                         (fraction.empty() || is_digits(fraction)) && !(whole.empty() && fraction.empty()) &&
                         (mantissa.size() == rest.size() || is_digits(exponent));
    if (!decimal) return s;
    number = true;
    return std::strtod(s.c_str(), nullptr);
}

// libyaml's parser behind RAII.
struct YamlParser {
    yaml_parser_t parser{};
    YamlParser(std::string_view text) {
        yaml_parser_initialize(&parser);
        yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    }
    ~YamlParser() { yaml_parser_delete(&parser); }
    YamlParser(const YamlParser&) = delete;
    YamlParser& operator=(const YamlParser&) = delete;
};
struct YamlEvent {
    yaml_event_t event{};
    ~YamlEvent() { yaml_event_delete(&event); }
};

struct YamlSyntaxError {
    std::string message;
    yaml_mark_t mark;
};

// A YAML document as a tree, as libyaml's events give it. An alias (*name)
// is the very node its anchor (&name) named, so nine aliases of nine stay
// small here; the conversion to JSON below counts every use.
struct YamlNode {
    enum class Kind { scalar, map, sequence } kind = Kind::scalar;
    std::string scalar;
    bool quoted = false;  // a quoted or block scalar, or tagged !!str: always text
    yaml_mark_t mark{};
    std::vector<std::shared_ptr<const YamlNode>> items;  // a map's keys and values in turn, or a sequence's items
};

class YamlTreeBuilder {
public:
    explicit YamlTreeBuilder(std::string_view text) : parser_(text) {}

    // The document's root, or nullptr for an empty one. Throws YamlSyntaxError.
    std::shared_ptr<const YamlNode> root() {
        for (;;) {
            YamlEvent e;
            next(e);
            switch (e.event.type) {
                case YAML_STREAM_START_EVENT:
                case YAML_DOCUMENT_START_EVENT: continue;
                case YAML_STREAM_END_EVENT:
                case YAML_DOCUMENT_END_EVENT: return nullptr;
                default: return node(e, 0);
            }
        }
    }

    bool nested_too_deep = false;

private:
    void next(YamlEvent& e) {
        if (yaml_parser_parse(&parser_.parser, &e.event) == 0) {
            const auto& p = parser_.parser;
            std::string message = p.problem != nullptr ? p.problem : "the YAML cannot be read";
            if (p.context != nullptr) message += " " + std::string(p.context);
            throw YamlSyntaxError{message, p.problem_mark};
        }
    }

    static std::string text(const yaml_char_t* s) { return s == nullptr ? std::string() : reinterpret_cast<const char*>(s); }

    std::shared_ptr<const YamlNode> node(YamlEvent& e, int depth) {
        auto made = std::make_shared<YamlNode>();
        made->mark = e.event.start_mark;
        std::string anchor;
        switch (e.event.type) {
            case YAML_ALIAS_EVENT: {
                auto it = anchors_.find(text(e.event.data.alias.anchor));
                if (it == anchors_.end())
                    throw YamlSyntaxError{"found undefined alias *" + text(e.event.data.alias.anchor), e.event.start_mark};
                return it->second;
            }
            case YAML_SCALAR_EVENT: {
                const auto& scalar = e.event.data.scalar;
                made->scalar.assign(reinterpret_cast<const char*>(scalar.value), scalar.length);
                made->quoted = scalar.style != YAML_PLAIN_SCALAR_STYLE || text(scalar.tag) == YAML_STR_TAG;
                anchor = text(scalar.anchor);
                break;
            }
            case YAML_MAPPING_START_EVENT:
            case YAML_SEQUENCE_START_EVENT: {
                const bool map = e.event.type == YAML_MAPPING_START_EVENT;
                made->kind = map ? YamlNode::Kind::map : YamlNode::Kind::sequence;
                anchor = text(map ? e.event.data.mapping_start.anchor : e.event.data.sequence_start.anchor);
                if (depth > max_nesting) {  // no deeper, or the tree's walks would exhaust the stack
                    nested_too_deep = true;
                    throw YamlSyntaxError{too_deep, e.event.start_mark};
                }
                for (;;) {
                    YamlEvent item;
                    next(item);
                    if (item.event.type == YAML_MAPPING_END_EVENT || item.event.type == YAML_SEQUENCE_END_EVENT) break;
                    made->items.push_back(node(item, depth + 1));
                }
                break;
            }
            default:
                break;
        }
        if (!anchor.empty()) anchors_[anchor] = made;
        return made;
    }

    YamlParser parser_;
    std::map<std::string, std::shared_ptr<const YamlNode>> anchors_;
};

struct YamlConverter {
    LocatedJson& doc;
    Diagnostics& diagnostics;
    int first_line;

    std::pair<int, int> position(const yaml_mark_t& mark) const {
        return {first_line + static_cast<int>(mark.line), static_cast<int>(mark.column) + 1};
    }

    std::size_t values = 0;

    nlohmann::json convert(const YamlNode& node, const std::string& pointer, int depth) {
        // An alias (*name) is the whole value it names, each time it is used:
        // counted so, nine aliases of nine would make a billion values.
        if (values > max_dataset_values) return nullptr;
        if (++values > max_dataset_values) {
            diagnostics.error(doc.at(pointer), "the YAML holds more than " + std::to_string(max_dataset_values) +
                                                   " values, counting each use of an alias (*name) as the values it names",
                              "write the values out, or use fewer aliases");
            return nullptr;
        }
        doc.value_positions[pointer] = position(node.mark);
        if (depth > max_nesting) {
            diagnostics.error(doc.at(pointer), too_deep, too_deep_hint);
            return nullptr;
        }
        switch (node.kind) {
            case YamlNode::Kind::map: {
                nlohmann::json object = nlohmann::json::object();
                for (std::size_t i = 0; i + 1 < node.items.size(); i += 2) {
                    const YamlNode& key_node = *node.items[i];
                    if (key_node.kind != YamlNode::Kind::scalar) {
                        auto [line, column] = position(key_node.mark);
                        diagnostics.error({doc.file, line, column}, "a key must be plain text, not a list or a set of keys",
                                          "write the key as a word, such as `title:`");
                        continue;
                    }
                    const std::string& key = key_node.scalar;
                    auto member = json_pointer_append(pointer, key);
                    if (object.contains(key)) {
                        auto [line, column] = position(key_node.mark);
                        diagnostics.error({doc.file, line, column}, "duplicate key \"" + key + "\"",
                                          "each key may appear once; remove or rename one of them");
                        continue;
                    }
                    doc.key_positions[member] = position(key_node.mark);
                    object[key] = convert(*node.items[i + 1], member, depth + 1);
                }
                return object;
            }
            case YamlNode::Kind::sequence: {
                nlohmann::json array = nlohmann::json::array();
                std::size_t index = 0;
                for (const auto& item : node.items) array.push_back(convert(*item, pointer + '/' + std::to_string(index++), depth + 1));
                return array;
            }
            case YamlNode::Kind::scalar: {
                if (node.quoted) return node.scalar;
                bool number = false;
                nlohmann::json value = plain_scalar(node.scalar, number);
                if (number && !check_number_range(node.scalar, doc.at(pointer), diagnostics)) return nullptr;
                return value;
            }
        }
        return nullptr;
    }
};

}  // namespace

LocatedJson parse_yaml(std::string_view text, const std::filesystem::path& file, int first_line,
                       Diagnostics& diagnostics) {
    LocatedJson doc;
    doc.file = file;
    YamlTreeBuilder builder(text);
    try {
        auto root = builder.root();
        bool number = false;
        if (root == nullptr || (root->kind == YamlNode::Kind::scalar && !root->quoted && plain_scalar(root->scalar, number).is_null()))
            return doc;  // nothing but "~" or "null"
        if (root->kind != YamlNode::Kind::map) {
            diagnostics.error({file, first_line, 1}, "front matter must be a set of `key: value` lines",
                              "for example `title: Annual report 2019-20`");
            return doc;
        }
        YamlConverter converter{doc, diagnostics, first_line};
        doc.value = converter.convert(*root, "", 0);
    } catch (const YamlSyntaxError& e) {
        const SourceLocation where{file, first_line + static_cast<int>(e.mark.line), static_cast<int>(e.mark.column) + 1};
        if (builder.nested_too_deep) diagnostics.error(where, too_deep, too_deep_hint);
        else diagnostics.error(where, "invalid YAML: " + e.message, "values containing `: ` or starting with a quote need to be in quotes");
    }
    return doc;
}

}  // namespace gazette
