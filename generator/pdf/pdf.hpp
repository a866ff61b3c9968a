// PDF: each report's print page printed by headless Chromium, as a tagged PDF
// with its title, language and an outline from its headings.
#pragma once

#include "diagnostics/diagnostics.hpp"
#include "render/render.hpp"

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

struct PdfJob {
    std::string report;              // the report's URL
    std::filesystem::path html;      // its print page, already written
    std::filesystem::path pdf;       // where the PDF goes
    std::filesystem::path assets;    // the site's assets/, part of what the PDF is made from
};

struct PdfSettings {
    std::filesystem::path chromium;
    std::optional<long long> source_date_epoch;  // fixes the PDFs' dates, so builds repeat
    std::filesystem::path cache;                 // PDFs by the hash of what they were made from
    unsigned jobs = 2;                           // Chromiums at once
};

// `configured` if given, else chromium, chromium-browser or google-chrome on PATH.
std::optional<std::filesystem::path> find_chromium(const std::string& configured);

struct PdfRun {
    std::map<std::string, PdfLink> links;  // by report URL
    std::size_t printed = 0;               // the others were unchanged, taken from the cache
};

// Makes every PDF (or takes it from the cache); throws PdfError when Chromium fails.
PdfRun make_pdfs(const std::vector<PdfJob>& jobs, const PdfSettings& settings);

// Sets /CreationDate and /ModDate to the given time, keeping every byte offset.
std::string fix_pdf_dates(std::string pdf, long long seconds);
int pdf_page_count(const std::string& pdf);

}  // namespace gazette
