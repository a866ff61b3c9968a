# Two commands do everything (see README.md):
#   make site   install what is missing, build gazette, render the example site and its PDFs
#   make test   build and run every test through CTest
#   make bench  measure build speed against Hugo and cmark-gfm alone (slow; see BENCHMARKS.md)
#   make test-asan  the tests (all but the browser one) under AddressSanitizer and UBSan
#   make fuzz   each libFuzzer target for FUZZ_SECONDS (clang; see README.md)
PRESET ?= default
BUILD_DIR := build
FUZZ_SECONDS ?= 60

.PHONY: site test test-asan fuzz bench build deps clean

site: build
	./$(BUILD_DIR)/gazette build . --pdf

test: build
	ctest --preset $(PRESET)
	@grep -h -E '^(accessibility|budgets|HTML|PDFs|CSP|XSS):' $(BUILD_DIR)/Testing/Temporary/LastTest.log || true

# The browser test is left out: it drives Chromium over pages that the
# example_site, new_site and every_component_site tests built with this gazette.
test-asan: deps
	cmake --preset asan
	cmake --build --preset asan -j2
	ctest --preset asan

# FUZZ_JOBS targets run at once (2), FUZZ_TARGETS picks some of them.
fuzz:
	./tools/install-deps.sh --fuzz
	cmake --preset fuzz
	cmake --build --preset fuzz -j2
	FUZZ_SECONDS=$(FUZZ_SECONDS) ./tools/fuzz.sh

# BENCH_PAGES, BENCH_RUNS and BENCH_FULL=1 (adds 50,000 pages) tune it.
bench: build
	./tools/install-deps.sh --bench
	node bench/bench.mjs

build: deps
	cmake --preset $(PRESET)
	cmake --build --preset $(PRESET) -j $(shell nproc)

deps:
	./tools/install-deps.sh

clean:
	rm -rf $(BUILD_DIR) build-dev build-asan build-fuzz site-output
