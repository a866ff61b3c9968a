#include "scaffold/scaffold.hpp"

#include <fstream>
#include <string_view>

namespace fs = std::filesystem;

namespace gazette {

namespace {

struct StarterFile {
    std::string_view path;
    std::string_view text;
};

constexpr StarterFile starter_files[] = {
    {"site.json", R"({
  "title": "Community safety reports",
  "organisation": "Your partnership",
  "base_url": "/",
  "language": "en-GB",
  "colours": { "primary": "#1d4f91", "accent": "#ffdd00" },
  "footer": {
    "text": "Published by your partnership.",
    "links": [{ "title": "Reports", "url": "/reports/" }]
  },
  "contact": { "email": "community.safety@example.org" },
  "accessibility": { "email": "community.safety@example.org", "known_issues": [] }
}
)"},
    {"content/_index.md", R"(---
title: Community safety reports
summary: Reports from the partnership to its committees.
---

This site publishes the partnership's reports. Each report is a page in
`content/reports/`; edit them, then run `gazette build` again.
)"},
    {"content/reports/_index.md", R"(---
title: Reports
summary: Every report, newest first.
---

Reports to the partnership's board and to scrutiny committees.
)"},
    {"content/reports/first-report.md", R"(---
title: Annual report
date: 2026-01-15
summary: What the partnership did this year.
committee: Scrutiny committee
meeting_date: 2026-01-29
agenda_item: "5"
author: Community Safety Manager
purpose: To report the partnership's progress to the committee.
recommendations:
  - That the committee notes the progress made.
contact:
  name: Community Safety Team
  email: community.safety@example.org
numbering: auto
---

## Purpose

This report tells the committee what the partnership did this year. With
`numbering: auto`, Gazette numbers every section and paragraph, and each
number is a link a committee member can share, such as `#para-1-1`.

## Progress

Write each paragraph of the report as a Markdown paragraph.

- Lists belong to the paragraph before them.
- They are not numbered on their own.

The table below is drawn from `data/example-measures.json` (synthetic data:
replace it with your own). We reached {{ example-measures.people-reached.result }}
people this year.

```table
dataset: example-measures
caption: Example figures (synthetic data)
```

See [paragraph 1.1](#para-1-1) for the purpose of this report.
)"},
    {"data/example-measures.json", R"({
  "kind": "table",
  "title": "Example measures",
  "source": "Synthetic example data written by gazette new: replace it with your own figures",
  "columns": [
    { "key": "measure", "label": "Measure", "type": "text" },
    { "key": "result", "label": "Result", "type": "integer" }
  ],
  "rows": [
    { "measure": "People reached", "result": 120 },
    { "measure": "Sessions held", "result": 14 }
  ]
}
)"},
    {".gitignore", "/site-output/\n/.site-output.new/\n/.gazette-cache/\n"},
};

}  // namespace

void create_site(const fs::path& dir) {
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_empty(dir, ec))
        throw ScaffoldError(dir.string() + " already exists and is not empty\n  hint: choose a new folder name");
    for (const auto& file : starter_files) {
        fs::path path = dir / file.path;
        fs::create_directories(path.parent_path());
        std::ofstream out(path, std::ios::binary);
        out << file.text;
        if (!out) throw ScaffoldError("cannot write " + path.string());
    }
}

}  // namespace gazette
