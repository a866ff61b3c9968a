// PDF: each report's print page printed by headless Chromium, as a tagged PDF
// with its title, language and an outline from its headings.
#pragma once

#include "diagnostics/diagnostics.hpp"
#include "render/render.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace gazette {

struct PdfError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct PdfSettings {
    std::filesystem::path chromium;
    std::optional<long long> source_date_epoch;  // fixes the PDFs' dates, so builds repeat
    std::filesystem::path cache;                 // PDFs by the hash of what they were made from
    unsigned jobs = 2;                           // Chromiums at once
};

// `configured` if given, else chromium, chromium-browser or google-chrome on PATH.
std::optional<std::filesystem::path> find_chromium(const std::string& configured);

// What a report's PDF is printed from: its print page, its running header's rules and
// every asset the page may load. Their hash names the PDF in the cache.
struct PdfSource {
    std::string print_page;
    std::string paper_rules;  // paper_rules(), not the whole sheet other reports share
    std::vector<std::pair<std::string, std::string>> assets;  // (name, bytes), sorted by name
};
std::uint64_t pdf_key(const PdfSource& source, const PdfSettings& settings);
// Where the cache keeps the PDF with that key (it may not be there yet).
std::filesystem::path cached_pdf(const PdfSettings& settings, std::uint64_t key);

struct PdfJob {
    std::string report;          // the report's URL, for messages
    std::filesystem::path html;  // its print page, written in a complete site
    std::uint64_t key = 0;       // pdf_key of what it is printed from
};

// Prints each job whose PDF the cache does not hold into the cache, a few
// Chromiums at once; returns how many it printed. Throws PdfError when Chromium fails.
std::size_t print_pdfs(const std::vector<PdfJob>& jobs, const PdfSettings& settings);

// Sets /CreationDate and /ModDate to the given time, keeping every byte offset.
std::string fix_pdf_dates(std::string pdf, long long seconds);
int pdf_page_count(const std::string& pdf);

}  // namespace gazette
