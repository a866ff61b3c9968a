// mimalloc, tuned for a build: linked into the gazette binary alone (see CMakeLists.txt).
//
// A build touches a few hundred megabytes of fresh memory, and on a virtual
// machine each 4 KiB page's first touch is a costly fault: perf put a fifth of
// a one-page rebuild in them. Memory in 2 MiB pages (transparent huge pages,
// where the kernel offers them through madvise) takes one fault where there
// were 512. mimalloc uses them only for memory it commits at once, so each
// thread's first segments are committed at once too. A variable set in the
// environment (MIMALLOC_LARGE_OS_PAGES, MIMALLOC_EAGER_COMMIT_DELAY) wins.
#include <mimalloc.h>

#include <cstdlib>

namespace {

void set_unless_given(mi_option_t option, const char* variable, long value) {
    if (std::getenv(variable) == nullptr) mi_option_set(option, value);
}

// Before main. (The main thread's first segment comes earlier, taken by the
// C++ runtime in small pages: setting the same in the environment is about
// 100 ms faster at 10,000 pages, which code run here cannot match.)
const bool tuned = [] {
    set_unless_given(mi_option_large_os_pages, "MIMALLOC_LARGE_OS_PAGES", 1);
    set_unless_given(mi_option_eager_commit_delay, "MIMALLOC_EAGER_COMMIT_DELAY", 0);
    return true;
}();

}  // namespace
