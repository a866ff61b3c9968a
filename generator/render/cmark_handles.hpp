// cmark-gfm's C handles behind RAII. Private to render/: nothing else includes cmark.
#pragma once

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <memory>
#include <string>

namespace gazette::cmark {

struct NodeFree {
    void operator()(cmark_node* n) const noexcept { cmark_node_free(n); }
};
struct ParserFree {
    void operator()(cmark_parser* p) const noexcept { cmark_parser_free(p); }
};
struct IterFree {
    void operator()(cmark_iter* i) const noexcept { cmark_iter_free(i); }
};
struct CharFree {
    void operator()(char* s) const noexcept { std::free(s); }
};

using NodePtr = std::unique_ptr<cmark_node, NodeFree>;
using ParserPtr = std::unique_ptr<cmark_parser, ParserFree>;
using IterPtr = std::unique_ptr<cmark_iter, IterFree>;

// Fills cmark-gfm's global table of the characters that start inline syntax
// with those of every extension `parser` has, once and for all, so that
// parses may run on several threads at once (see cmark_threads.cpp).
void fill_special_characters(cmark_parser* parser);
// How often cmark-gfm asked to change that table since: a test's proof that
// the library's calls reach Gazette's stand-in, not the library's own.
unsigned long special_character_calls();

// Takes ownership of a malloc'd string that cmark returns.
inline std::string take_string(char* s) {
    std::unique_ptr<char, CharFree> owned(s);
    return owned ? std::string(owned.get()) : std::string();
}

}  // namespace gazette::cmark
