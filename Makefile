# Thin wrapper over CMake presets. `make run` and `make test` install missing Debian packages first.
JOBS ?= $(shell nproc)
CONFIG ?= config/default.json

.PHONY: deps configure build run test test-unit bench package sanitize tsan fuzz fuzz-build format format-check install clean

deps:
	./scripts/install-deps.sh

# A tree that an older checkout configured with another generator than the presets' Ninja is
# configured afresh instead of refused.
PRESET_CONFIGURE = cmake --preset $(1) $$(grep -qs '^CMAKE_GENERATOR:INTERNAL=Ninja$$' $(2)/CMakeCache.txt || \
  [ ! -f $(2)/CMakeCache.txt ] || echo --fresh)

configure: deps
	$(call PRESET_CONFIGURE,default,build)

build: configure
	cmake --build --preset default -j $(JOBS)

run: build
	./build/bin/event-engine run --config $(CONFIG)

test: build
	ctest --test-dir build --output-on-failure -j $(JOBS) -L unit
	ctest --test-dir build --output-on-failure -j $(JOBS) -L integration
	ctest --test-dir build --output-on-failure -L e2e

test-unit: build
	ctest --test-dir build --output-on-failure -j $(JOBS) -L unit

# Release build in build-release/ (only what the harness runs), then every row of BENCHMARKS.md:
# the table on stdout, build/bench/report.json and report.md.
bench: deps
	$(call PRESET_CONFIGURE,release,build-release)
	cmake --build --preset release -j $(JOBS) --target bench_harness
	python3 bench/run_all.py --build-dir build-release --out build/bench --check

# build/event-engine_<version>_<arch>.deb: the program, plugins, API headers, /etc/event-engine and
# the systemd unit event-engine@.service.
package: build
	cd build && cpack -G DEB
# Sanitizers and fuzzing (docs/testing.md): build-asan/ is one clang tree for the ASan + UBSan tests
# and the libFuzzer targets; build-tsan/ is ThreadSanitizer. The options and suppressions each test
# runs with are set by CMake, so ctest alone is enough in those build directories too.
sanitize: deps
	$(call PRESET_CONFIGURE,asan,build-asan)
	cmake --build --preset asan -j $(JOBS)
	ctest --test-dir build-asan --output-on-failure -j $(JOBS) -L unit
	ctest --test-dir build-asan --output-on-failure -j $(JOBS) -L integration
	ctest --test-dir build-asan --output-on-failure -L e2e

# The tests labelled `threads` (cmake/EventEngineTesting.cmake lists them).
tsan: deps
	$(call PRESET_CONFIGURE,tsan,build-tsan)
	cmake --build --preset tsan -j $(JOBS)
	ctest --test-dir build-tsan --output-on-failure -L threads

FUZZ_SECONDS ?= 60
fuzz-build: deps
	$(call PRESET_CONFIGURE,asan,build-asan)
	cmake --build --preset fuzz -j $(JOBS)

# Replays every committed corpus, then fuzzes each target for FUZZ_SECONDS from a copy of it.
fuzz: fuzz-build
	ctest --test-dir build-asan --output-on-failure -j $(JOBS) -L fuzz
	FUZZ_SECONDS=$(FUZZ_SECONDS) ./fuzz/run_fuzzers.sh build-asan

SOURCES = $(shell git ls-files '*.cpp' '*.hpp')

format:
	@clang-format -i $(SOURCES)

format-check: deps
	@clang-format --dry-run -Werror $(SOURCES) && echo "format-check: $(words $(SOURCES)) files formatted"

clean:
	rm -rf build build-release build-asan build-tsan
