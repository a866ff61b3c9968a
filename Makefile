# Two commands do everything (see README.md):
#   make site   install what is missing, build gazette, render the example site and its PDFs
#   make test   build and run every test through CTest
PRESET ?= default
BUILD_DIR := build

.PHONY: site test build deps clean

site: build
	./$(BUILD_DIR)/gazette build . --pdf

test: build
	ctest --preset $(PRESET)
	@grep -h -E '^(accessibility|HTML|PDFs):' $(BUILD_DIR)/Testing/Temporary/LastTest.log || true

build: deps
	cmake --preset $(PRESET)
	cmake --build --preset $(PRESET) -j

deps:
	./tools/install-deps.sh

clean:
	rm -rf $(BUILD_DIR) build-dev build-asan site-output
