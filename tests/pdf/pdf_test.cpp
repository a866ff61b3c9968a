#include "pdf/pdf.hpp"

#include "../site_fixture.hpp"

#include <doctest/doctest.h>

using namespace gazette;

TEST_CASE("PDF dates are set from SOURCE_DATE_EPOCH without moving a byte") {
    std::string pdf = "<</CreationDate (D:20261123140636+00'00')\n/ModDate (D:20261123140636+00'00')>>";
    std::string fixed = fix_pdf_dates(pdf, 1700000000);
    CHECK(fixed == "<</CreationDate (D:20231114221320+00'00')\n/ModDate (D:20231114221320+00'00')>>");
    CHECK(fixed.size() == pdf.size());
    CHECK(fix_pdf_dates("/CreationDate (D:2026)", 0) == "/CreationDate (D:2026)");  // other lengths are left alone
}

TEST_CASE("the page count is the root of the page tree") {
    CHECK(pdf_page_count("<</Type /Pages\n/Count 8\n/Parent 3 0 R>> <</Type /Pages\n/Count 18\n/Kids [1 0 R]>>") == 18);
    CHECK(pdf_page_count("no pages") == 0);
}

TEST_CASE("--pdf without a Chromium fails before writing anything, saying how to get one") {
    testing::SiteFixture site("-- content/reports/r.md --\n---\ntitle: R\n---\nText.\n");
    BuildOptions options;
    options.pdf = true;
    options.chromium = "/nonexistent/chromium";
    auto result = site.build(options);
    CHECK_FALSE(result.ok());
    CHECK(result.failure ==
          "pdf: cannot run /nonexistent/chromium, and --pdf needs it to print the reports\n"
          "  hint: install it with `apt-get install chromium`, or give its path with --chromium PATH");
    CHECK_FALSE(std::filesystem::exists(site.output_dir()));
    CHECK_FALSE(find_chromium("/nonexistent/chromium"));
}
