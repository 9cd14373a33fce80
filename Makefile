# The user verbs: make bench, make test, make race, make nightly, make clean.
# Each installs what it needs first (scripts/setup_deps.sh <set>) and builds
# only what it runs: make bench and make race build mtbench and the programs
# it starts, not the test binaries.
MTBENCH := build/release/mtbench
# Extra options for `mtbench run`, e.g. make bench ARGS="--quick --scenario counter"
ARGS ?=

.PHONY: all bench bench-programs test test-release test-tsan release tsan \
        tsan-programs lint clean help

all: release

help:
	@echo "make bench   run every scenario, then the report (ARGS='--quick ...')"
	@echo "make test    unit tests (release and TSan), scenario smoke runs, format checks"
	@echo "make race    ThreadSanitizer race hunt"
	@echo "make nightly repetitions, history, regression check"
	@echo "make lint    clang-tidy (.clang-tidy) over our sources"
	@echo "make clean   remove build/"

# What benchmarks need: mtbench, tools/ and the preloaded libraries.
bench-programs:
	@scripts/setup_deps.sh bench
	cmake --preset release >/dev/null
	cmake --build --preset release --target bench_programs

# Everything, tests included.
release:
	@scripts/setup_deps.sh test
	cmake --preset release >/dev/null
	cmake --build --preset release

tsan-programs:
	@scripts/setup_deps.sh race
	cmake --preset tsan >/dev/null
	cmake --build --preset tsan --target bench_programs

tsan:
	@scripts/setup_deps.sh test
	cmake --preset tsan >/dev/null
	cmake --build --preset tsan

# mtbench run writes the report itself (--report) into the run's own folder,
# also under ARGS="--out DIR"; its exit status is make's (README).
bench: bench-programs
	@$(MTBENCH) run --report $(ARGS)

test: test-release test-tsan

test-release: release
	ctest --preset release

test-tsan: tsan
	ctest --preset tsan

lint: release
	run-clang-tidy -quiet -p build/release '/(workloads|harness|scenarios|tools|tests)/'

clean:
	rm -rf build

include $(wildcard mk/*.mk)
