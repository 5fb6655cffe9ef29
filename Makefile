# Thin wrapper over CMake presets. `make run` and `make test` install missing Debian packages first.
JOBS ?= $(shell nproc)
CONFIG ?= config/default.json

.PHONY: deps configure build run test test-unit bench package format format-check install clean

deps:
	./scripts/install-deps.sh

configure: deps
	cmake --preset default

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
	cmake --preset release
	cmake --build --preset release -j $(JOBS) --target bench_harness
	python3 bench/run_all.py --build-dir build-release --out build/bench

# build/event-engine_<version>_<arch>.deb: the program, plugins, API headers, /etc/event-engine and
# the systemd unit event-engine@.service.
package: build
	cd build && cpack -G DEB

SOURCES = $(shell git ls-files '*.cpp' '*.hpp')

format:
	@clang-format -i $(SOURCES)

format-check: deps
	@clang-format --dry-run -Werror $(SOURCES) && echo "format-check: $(words $(SOURCES)) files formatted"

clean:
	rm -rf build build-release
