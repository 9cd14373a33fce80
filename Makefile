# The user verbs: make bench, make test, make race, make nightly, make clean.
# Each installs what it needs first (scripts/setup_deps.sh).
MTBENCH := build/release/mtbench
# Extra options for `mtbench run`, e.g. make bench ARGS="--quick --scenario counter"
ARGS ?=

.PHONY: all bench test test-release test-tsan deps release tsan lint clean help

all: release

help:
	@echo "make bench   run every scenario, then results/latest/report.html (ARGS='--quick ...')"
	@echo "make test    unit tests (release and TSan), scenario smoke runs, format checks"
	@echo "make race    ThreadSanitizer race hunt"
	@echo "make nightly repetitions, history, regression check"
	@echo "make lint    clang-tidy (.clang-tidy) over our sources"
	@echo "make clean   remove build/"

deps:
	@scripts/setup_deps.sh all

release: deps
	cmake --preset release >/dev/null
	cmake --build --preset release

tsan: deps
	cmake --preset tsan >/dev/null
	cmake --build --preset tsan

# The report (plots, claims, tables) is written even when a scenario failed;
# make bench then still exits non-zero.
bench: release
	@$(MTBENCH) run $(ARGS); rc=$$?; \
	/usr/bin/python3 scripts/report.py results/latest || exit $$?; \
	exit $$rc

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
