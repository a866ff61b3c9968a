// CSV files (RFC 4180) read with libcsv, keeping where each field starts.
#include "load/load.hpp"

#include <csv.h>

namespace gazette {

namespace {

// libcsv's parser state behind RAII: csv_free releases its field buffer.
class CsvParser {
public:
    CsvParser() {
        if (csv_init(&parser_, CSV_STRICT | CSV_STRICT_FINI) != 0) throw LoadError("cannot start the CSV parser");
        // RFC 4180: spaces are part of a field, so none are trimmed and field columns stay exact.
        csv_set_space_func(&parser_, [](unsigned char) { return 0; });
    }
    ~CsvParser() { csv_free(&parser_); }
    CsvParser(const CsvParser&) = delete;
    CsvParser& operator=(const CsvParser&) = delete;

    csv_parser* get() { return &parser_; }

private:
    csv_parser parser_{};
};

// Feeds libcsv one byte at a time, so that when it hands over a field the
// reader knows the line and column where that field began.
class CsvReader {
public:
    CsvReader(std::string_view text, const std::filesystem::path& file, Diagnostics& diagnostics)
        : text_(text), diagnostics_(diagnostics) {
        table_.file = file;
    }

    CsvTable read() {
        std::size_t offset = text_.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
        for (; offset < text_.size(); ++offset) {
            char c = text_[offset];
            bool blank_line = !field_open_ && row_.empty() && (c == '\r' || c == '\n');  // libcsv skips these
            if (!field_open_ && !blank_line) open_field(offset);
            if (csv_parse(parser_.get(), &c, 1, on_field, on_row, this) != 1) {
                parse_error();
                return std::move(table_);
            }
            if (fields_ > max_dataset_values) {
                report_too_many_values({table_.file, last_field_line_, last_field_column_}, diagnostics_);
                return std::move(table_);
            }
            advance(c);
        }
        if (csv_fini(parser_.get(), on_field, on_row, this) != 0) {
            check_status();
            diagnostics_.error(table_.at(field_), "invalid CSV: this quoted field has no closing quote",
                               "end the field with a quote; a quote inside it is written twice (\"\")");
        }
        return std::move(table_);
    }

private:
    static void on_field(void* text, std::size_t length, void* reader) {
        static_cast<CsvReader*>(reader)->end_field(text == nullptr ? std::string() : std::string(static_cast<const char*>(text), length));
    }
    static void on_row(int, void* reader) { static_cast<CsvReader*>(reader)->end_row(); }

    void open_field(std::size_t offset) {
        field_open_ = true;
        field_quoted_ = text_[offset] == '"';
        field_ = {{}, line_, column_};
    }

    void end_field(std::string text) {
        if (!field_open_) field_ = {{}, line_, column_};  // an empty last field, ended by csv_fini
        field_open_ = false;
        field_.text = std::move(text);
        ++fields_;
        last_field_line_ = field_.line;
        last_field_column_ = field_.column;
        row_.push_back(std::move(field_));
    }

    void end_row() {
        std::vector<CsvField> row = std::move(row_);
        row_.clear();
        if (table_.header.empty()) {
            table_.header = std::move(row);
            return;
        }
        const std::size_t expected = table_.header.size();
        const std::string counts = "this row has " + std::to_string(row.size()) + (row.size() == 1 ? " field" : " fields") +
                                   " but the header has " + std::to_string(expected);
        if (row.size() > expected) {
            diagnostics_.error(table_.at(row[expected]), counts,
                               "remove the extra fields, or put a field that holds a comma in quotes");
        } else if (row.size() < expected) {
            diagnostics_.error(table_.at(row.front()), counts,
                               "give every column a field, leaving it empty where the source gives no value");
        } else {
            table_.rows.push_back(std::move(row));
        }
    }

    // The position of the next byte: lines end at \n; columns count characters, not bytes.
    void advance(char c) {
        if (c == '\n') {
            ++line_;
            column_ = 1;
        } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            ++column_;
        }
    }

    // Memory exhaustion is not the user's mistake: the build cannot go on.
    void check_status() {
        int status = csv_error(parser_.get());
        if (status != CSV_EPARSE)
            throw LoadError(table_.file.string() + ": " + csv_strerror(status));
    }

    void parse_error() {
        check_status();
        SourceLocation where{table_.file, line_, column_};
        if (field_quoted_)
            diagnostics_.error(where, "invalid CSV: a quoted field goes on after its closing quote",
                               "write a quote inside a quoted field twice: \"say \"\"no\"\"\"");
        else
            diagnostics_.error(where, "invalid CSV: a quote inside a field that does not start with one",
                               "put the whole field in quotes and write each quote inside it twice: \"say \"\"no\"\"\"");
    }

    std::string_view text_;
    Diagnostics& diagnostics_;
    CsvParser parser_;
    CsvTable table_;
    std::vector<CsvField> row_;
    CsvField field_;  // the field being read, from where it starts
    bool field_open_ = false;
    bool field_quoted_ = false;
    int line_ = 1;
    int column_ = 1;
    std::size_t fields_ = 0;  // read so far, and where the last began
    int last_field_line_ = 0;
    int last_field_column_ = 0;
};

}  // namespace

CsvTable parse_csv(std::string_view text, const std::filesystem::path& file, Diagnostics& diagnostics) {
    return CsvReader(text, file, diagnostics).read();
}

}  // namespace gazette
