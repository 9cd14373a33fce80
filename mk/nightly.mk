# make nightly: every nightly scenario in --quick mode, 9 repetitions in
# random interleaving, imported into the history (results/history.sqlite, or
# MTBENCH_DB=postgresql://...), compared with the recent runs of this host and
# configuration, and reported (results/<run>/report.html). Fails on a
# significant regression; scripts/nightly.sh itself exits 1 for that.
#
# Why this set: --quick axes keep each repetition short, and 9 repetitions
# are the fewest with which a Mann-Whitney test of 9 against 9 can reach
# p < 0.001. Scenarios: counter spawn switch pool gil deadlock tls ipc, pinned
# compact (scripts/nightly.sh); remote, async and isolation (servers, socket
# storms, crash drills: ~18 s a round, little to regress) are left to `make
# bench`. Measured on the 2-vCPU dev VM, shared, load average 4-18: the run
# took 5.5-7.2 min for 255 benchmarks x 9 repetitions, inside the 15-minute
# budget with room for a warm build. Override with NIGHTLY_SCENARIOS="..."
# or NIGHTLY_FILTER=REGEX; NIGHTLY_REPETITIONS=N (>= 9). Your own Google
# Benchmark binaries: NIGHTLY_GBENCH=path1:path2 (NIGHTLY_GBENCH_FILTER=
# [NAME=]REGEX); each is a scenario named by its file in history and report
# (NIGHTLY_SCENARIOS="" runs them alone).
.PHONY: nightly nightly-report

nightly: bench-programs
	@case "$${MTBENCH_DB:-}" in postgres*) scripts/setup_deps.sh fleet;; esac
	scripts/nightly.sh $(ARGS)

# The report of an existing run: make nightly-report RUN=results/latest
RUN ?= results/latest
nightly-report:
	@scripts/setup_deps.sh analysis
	/usr/bin/python3 scripts/report.py $(RUN)
