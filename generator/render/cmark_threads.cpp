// Lets cmark-gfm parse on several threads at once.
//
// cmark-gfm keeps the characters that start inline syntax in one global
// table. Each parse adds its extensions' characters ("~" for strikethrough,
// ":" and "w" for autolinks) before reading inlines and removes them after,
// so one parse finishing mid-way through another would take "~" away from it
// (github/cmark-gfm#176, open since 2019). Every Gazette parser attaches the
// same extensions, so the table is filled once, before any parse, and never
// changed again: this definition takes the place of the library's own, which
// the library calls through its PLT.
#include "render/cmark_handles.hpp"

#include <cmark-gfm-extension_api.h>

#include <atomic>
#include <dlfcn.h>
#include <stdexcept>

namespace gazette::cmark {

namespace {
std::atomic<unsigned long> calls{0};
}

void fill_special_characters(cmark_parser* parser) {
    using Manage = void (*)(cmark_parser*, int);
    auto real = reinterpret_cast<Manage>(dlsym(RTLD_NEXT, "cmark_manage_extensions_special_characters"));
    if (real == nullptr) throw std::runtime_error("cmark-gfm has no cmark_manage_extensions_special_characters");
    real(parser, 1);
}

unsigned long special_character_calls() { return calls.load(); }

}  // namespace gazette::cmark

extern "C" void cmark_manage_extensions_special_characters(cmark_parser* /*parser*/, int /*add*/) { ++gazette::cmark::calls; }
