# make race: the ThreadSanitizer build, then `mtbench hunt` over every
# scenario's racy and deadlock-prone benchmarks, or over a program of your
# own built with -fsanitize=thread: make race RACE_PROGRAM="./a.out args".
# Findings go to results/<run>/races.json; make succeeds when the hunt ran
# (found something or not) and fails when it could not run (exit 2) or was
# interrupted. RACE_RUNS: runs per target; RACE_ARGS: more hunt options.
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
