# `mtbench hunt` end to end: exit statuses, every kind of finding, hangs
# called within seconds, budgets, shards and their merge, and races.json.
# Refusals run in every build. The hunts themselves need ThreadSanitizer
# programs, so they run in a TSan build only, labelled `unit` too because the
# tsan test preset runs that label alone; each takes a few seconds.
set(hunt_check /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/hunt_check.py)
set(hunt_out ${CMAKE_CURRENT_BINARY_DIR}/hunt)

# name, labels, expected exit status, checker options, then `--` and the
# hunt's args. The hunt writes under ${hunt_out}/<name>.
function(mt_hunt_test name labels)
  add_test(NAME hunt/${name}
           COMMAND ${hunt_check} ${hunt_out}/${name} ${ARGN})
  set_tests_properties(hunt/${name} PROPERTIES LABELS "${labels}" TIMEOUT 300)
endfunction()

set(mtbench $<TARGET_FILE:mtbench>)
mt_hunt_test(rejects_program_without_tsan hunt 2
  --stderr "not built with ThreadSanitizer"
  -- ${mtbench} hunt --out ${hunt_out}/x -- /bin/true)
mt_hunt_test(rejects_missing_program hunt 2 --stderr "no such program"
  -- ${mtbench} hunt --out ${hunt_out}/x -- no-such-program-here)
mt_hunt_test(rejects_bad_usage hunt 2 --stderr "accepted: 1 to 1000000"
  -- ${mtbench} hunt --runs 0 -- /bin/true)
mt_hunt_test(rejects_program_and_scenario hunt 2 --stderr "give either"
  -- ${mtbench} hunt --scenario counter -- /bin/true)
mt_hunt_test(rejects_bad_time hunt 2 --stderr "accepted: 90s, 10m"
  -- ${mtbench} hunt --time 5x -- /bin/true)
mt_hunt_test(rejects_bad_shard hunt 2 --stderr "accepted: I/N"
  -- ${mtbench} hunt --shard 2/2 --seed 1 -- /bin/true)
mt_hunt_test(rejects_shard_without_seed hunt 2 --stderr "needs --seed"
  -- ${mtbench} hunt --shard 0/2 -- /bin/true)
mt_hunt_test(rejects_bad_strategy hunt 2 --stderr "accepted: pct, random"
  -- ${mtbench} hunt --strategy dfs -- /bin/true)
mt_hunt_test(rejects_bad_preempt hunt 2 --stderr "accepted: 0 (off) or 100"
  -- ${mtbench} hunt --preempt 10 -- /bin/true)
mt_hunt_test(rejects_merge_of_nothing hunt 2 --stderr "not a races.json"
  -- ${mtbench} hunt merge --out ${hunt_out}/x /no/such/hunt)

if(NOT CMAKE_CXX_FLAGS MATCHES "-fsanitize=thread")
  # This mtbench is not instrumented: it must say so rather than hunt.
  mt_hunt_test(scenario_needs_tsan_build hunt 2
    --stderr "not built with ThreadSanitizer"
    -- ${mtbench} hunt --scenario counter --out ${hunt_out}/x)
  return()
endif()

set(tsan_target $<TARGET_FILE:tsan_target>)
set(fail_target $<TARGET_FILE:fail_target>)
# A hunt in the TSan build: name, checker options, then `--` and the hunt.
# Each names --strategy none, so that it tests the hunt itself whether or
# not the controlled scheduler is built.
function(mt_hunt_program_test name)
  mt_hunt_test(${name} "hunt;unit" ${ARGN})
endfunction()

# 4 runs: each of the four schedules once.
mt_hunt_program_test(racy_program_found_every_run 1 --finding "data race"
  -- ${mtbench} hunt --strategy none --runs 4
     --out ${hunt_out}/racy_program_found_every_run -- ${tsan_target} race-wr)
mt_hunt_program_test(race_free_program_nothing 0 --none
  -- ${mtbench} hunt --strategy none --runs 4 --out ${hunt_out}/race_free_program_nothing
     -- ${tsan_target} clean)
mt_hunt_program_test(lock_order_found 1 --finding "lock-order-inversion"
  -- ${mtbench} hunt --strategy none --runs 2 --out ${hunt_out}/lock_order_found
     -- ${tsan_target} lock-order)
# The shared-helper cases: five inversions, eight races, each its own
# finding with its own line in the table.
mt_hunt_program_test(lock_orders_under_one_helper_stay_five 1
  --findings 5 --kind "lock-order-inversion"
  -- ${mtbench} hunt --strategy none --runs 1 --out ${hunt_out}/lock_orders_under_one_helper_stay_five
     -- ${tsan_target} lock-order-helper)
mt_hunt_program_test(races_under_one_helper_stay_eight 1
  --findings 8 --kind "data race"
  -- ${mtbench} hunt --strategy none --runs 1 --out ${hunt_out}/races_under_one_helper_stay_eight
     -- ${tsan_target} races-helper)
# A deadlock is called within seconds, far below the 60 s limit; a program
# whose threads all sleep or wait with a time-out is not hung.
mt_hunt_program_test(deadlock_called_hung_in_seconds 1 --finding hang
  --max-run-seconds 20
  -- ${mtbench} hunt --strategy none --runs 2 --out ${hunt_out}/deadlock_called_hung_in_seconds
     -- ${tsan_target} hang)
mt_hunt_program_test(sleeping_program_not_hung 0 --none
  -- ${mtbench} hunt --strategy none --runs 1 --timeout 20
     --out ${hunt_out}/sleeping_program_not_hung -- ${fail_target} sleep 3000)
mt_hunt_program_test(assertion_found 1 --finding assertion
  -- ${mtbench} hunt --strategy none --runs 2 --out ${hunt_out}/assertion_found
     -- ${fail_target} assert)
# The message's count differs by run (it holds the pid): one finding.
mt_hunt_program_test(exit_status_found 1 --finding "exit status"
  -- ${mtbench} hunt --strategy none --runs 2 --out ${hunt_out}/exit_status_found
     -- ${fail_target} exit-status)
mt_hunt_program_test(signal_tsan_did_not_report_is_a_crash 1 --finding crash
  -- ${mtbench} hunt --strategy none --runs 1 --out ${hunt_out}/signal_tsan_did_not_report_is_a_crash
     -- ${fail_target} killed)
mt_hunt_program_test(trap_is_a_crash 1 --finding crash
  -- ${mtbench} hunt --strategy none --runs 1 --out ${hunt_out}/trap_is_a_crash
     -- ${fail_target} trap)
# Budgets: the first finding ends the hunt; a time budget ends it.
mt_hunt_program_test(until_found_stops_at_the_first 1 --runs 1
  --stopped-by found
  -- ${mtbench} hunt --strategy none --runs 50 --until-found
     --out ${hunt_out}/until_found_stops_at_the_first -- ${tsan_target} race-wr)
mt_hunt_program_test(time_budget_ends_the_hunt 0 --stopped-by time --none
  -- ${mtbench} hunt --strategy none --time 2s --out ${hunt_out}/time_budget_ends_the_hunt
     -- ${tsan_target} clean)
# Without the scheduler library next to mtbench: none by default, and pct
# refused.
mt_hunt_program_test(strategy_defaults_to_none_without_scheduler 0 --none
  --copy-mtbench --stdout "strategy none (default: the scheduler is not built)"
  -- ${mtbench} hunt --runs 1
     --out ${hunt_out}/strategy_defaults_to_none_without_scheduler
     -- ${tsan_target} clean)
mt_hunt_program_test(pct_refused_without_scheduler 2 --copy-mtbench
  --stderr "needs the controlled scheduler, which is not built"
  -- ${mtbench} hunt --strategy pct --runs 1
     --out ${hunt_out}/pct_refused_without_scheduler -- ${tsan_target} clean)

# Shards: three shards of a hunt whose runs fail by their seed, merged,
# equal the whole hunt.
add_test(NAME hunt/shards_merge_to_the_whole_hunt
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/hunt_shard_check.py
                 ${hunt_out}/shards 3
                 -- ${mtbench} hunt --seed 11 --runs 8 --strategy none
                    -- ${fail_target} by-seed)
set_tests_properties(hunt/shards_merge_to_the_whole_hunt PROPERTIES
                     LABELS "hunt;unit" TIMEOUT 300)

mt_hunt_program_test(scenario_racy_variants_found 1 --finding "data race"
  -- ${mtbench} hunt --strategy none --scenario counter --runs 4
     --out ${hunt_out}/scenario_racy_variants_found)
mt_hunt_program_test(scenario_race_free_variants_nothing 0 --none
  -- ${mtbench} hunt --strategy none --scenario counter --runs 2
     --filter "^counter/(increment/(split_rmw|mutex|tas|ttas|ticket|atomic|sharded_padded|sharded_unpadded)|balance/mutex)/"
     --out ${hunt_out}/scenario_race_free_variants_nothing)

# The controlled scheduler (preload/sched), through the hunt: its deadlock
# report is a finding with the blocked threads' stacks (random, seed 5: the
# first run forms AB/BA); an atomicity violation between two locked sections
# that TSan cannot see shows as the program's exit status (pct, seed 5);
# correct programs stay clean under both strategies; a hunt is the same
# twice and on replay. The seeds are fixed: the scheduler's decisions depend
# on the seed alone.
mt_hunt_program_test(sched_deadlock_reported 1 --findings 1 --kind deadlock
  --stopped-by found
  -- ${mtbench} hunt --strategy random --seed 5 --runs 30 --until-found
     --out ${hunt_out}/sched_deadlock_reported -- $<TARGET_FILE:sched_abba>)
mt_hunt_program_test(sched_atomicity_violation_found 1 --findings 1
  --kind "exit status" --stopped-by found
  -- ${mtbench} hunt --strategy pct --seed 5 --runs 30 --until-found
     --out ${hunt_out}/sched_atomicity_violation_found
     -- $<TARGET_FILE:sched_lost_update>)
foreach(strategy pct random)
  foreach(program ok_prodcons ok_thread_pool ok_semaphore)
    mt_hunt_program_test(sched_${strategy}_${program}_clean 0 --none
      -- ${mtbench} hunt --strategy ${strategy} --seed 7 --runs 5
         --out ${hunt_out}/sched_${strategy}_${program}_clean
         -- $<TARGET_FILE:sched_${program}>)
  endforeach()
endforeach()
foreach(strategy pct random)
  add_test(NAME hunt/sched_${strategy}_same_twice_and_on_replay
           COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/hunt_replay_check.py
                   ${hunt_out}/replay_${strategy}
                   -- ${mtbench} hunt --seed 3 --runs 5 --strategy ${strategy}
                      -- $<TARGET_FILE:sched_interleave>)
  set_tests_properties(hunt/sched_${strategy}_same_twice_and_on_replay
                       PROPERTIES LABELS "hunt;unit" TIMEOUT 300)
endforeach()
