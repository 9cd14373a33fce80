# make race: the ThreadSanitizer build, then `mtbench hunt` over every
# scenario's racy and deadlock-prone benchmarks, or over a program of your
# own built with -fsanitize=thread: make race RACE_PROGRAM="./a.out args".
# Findings go to results/<run>/races.json. make race succeeds when the hunt
# ran, whether or not it found something (our scenarios' racy variants are
# found by design), and fails when the hunt could not run (exit status 2) or
# was interrupted (130). A CI gate calls build/tsan/mtbench hunt directly:
# its exit status is 1 when something was found (README, "Race hunts").
# RACE_RUNS: runs per target; RACE_ARGS: more hunt options (--time 10m,
# --strategy pct, --until-found, ...).
RACE_RUNS ?= 20
RACE_ARGS ?=
RACE_PROGRAM ?=

.PHONY: race
race: tsan-programs
	@if [ -n "$(RACE_PROGRAM)" ]; then \
	  set -- --runs $(RACE_RUNS) $(RACE_ARGS) -- $(RACE_PROGRAM); \
	else \
	  set -- --all-scenarios --runs $(RACE_RUNS) $(RACE_ARGS); \
	fi; \
	build/tsan/mtbench hunt "$$@"; rc=$$?; \
	if [ $$rc -gt 1 ]; then exit $$rc; fi
