# make nightly: every nightly scenario in --quick mode, 9 repetitions in
# random interleaving, imported into the history (results/history.sqlite, or
# MTBENCH_DB=postgresql://...), compared with the recent runs of this host and
# configuration, and reported (results/<run>/report.html). Fails on a
# significant regression; scripts/nightly.sh itself exits 1 for that.
#
# Why this set: --quick axes keep each repetition short and 9 repetitions
# are the fewest with which a Mann-Whitney test of 9 against 9 can reach
# p < 0.001. The scenarios picked are those whose quick mode stays under
# ~1 min, so 9 rounds fit the 15-minute budget on 2 cores; the slow,
# network-bound ones (remote, async, isolation) are left to `make bench`.
# Override with NIGHTLY_SCENARIOS="..." or NIGHTLY_FILTER=REGEX.
.PHONY: nightly nightly-report

nightly: release
	@scripts/setup_deps.sh analysis
	scripts/nightly.sh $(ARGS)

# The report of an existing run: make nightly-report RUN=results/latest
RUN ?= results/latest
nightly-report:
	@scripts/setup_deps.sh analysis
	/usr/bin/python3 scripts/report.py $(RUN)
