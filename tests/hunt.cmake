# `mtbench hunt` end to end: exit statuses, findings and races.json.
# Refusals run in every build. The hunts themselves need ThreadSanitizer
# programs, so they run in a TSan build only, labelled `unit` too because the
# tsan test preset runs that label alone; each takes a few seconds.
set(hunt_check /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/hunt_check.py)
set(hunt_out ${CMAKE_CURRENT_BINARY_DIR}/hunt)

# name, expected exit status, checker options, then `--` and the hunt's args.
function(mt_hunt_test name labels)
  add_test(NAME hunt/${name}
           COMMAND ${hunt_check} ${hunt_out}/${name} ${ARGN})
  set_tests_properties(hunt/${name} PROPERTIES LABELS "${labels}" TIMEOUT 300)
endfunction()

mt_hunt_test(rejects_program_without_tsan hunt 2
  --stderr "not built with ThreadSanitizer"
  -- $<TARGET_FILE:mtbench> hunt --out ${hunt_out}/x -- /bin/true)
mt_hunt_test(rejects_missing_program hunt 2 --stderr "no such program"
  -- $<TARGET_FILE:mtbench> hunt --out ${hunt_out}/x -- no-such-program-here)
mt_hunt_test(rejects_bad_usage hunt 2 --stderr "accepted: 1 to 10000"
  -- $<TARGET_FILE:mtbench> hunt --runs 0 -- /bin/true)
mt_hunt_test(rejects_program_and_scenario hunt 2 --stderr "give either"
  -- $<TARGET_FILE:mtbench> hunt --scenario counter -- /bin/true)

if(NOT CMAKE_CXX_FLAGS MATCHES "-fsanitize=thread")
  # This mtbench is not instrumented: it must say so rather than hunt.
  mt_hunt_test(scenario_needs_tsan_build hunt 2
    --stderr "not built with ThreadSanitizer"
    -- $<TARGET_FILE:mtbench> hunt --scenario counter --out ${hunt_out}/x)
  return()
endif()

set(target $<TARGET_FILE:tsan_target>)
# 4 runs: each of the four schedules once.
mt_hunt_test(racy_program_found_every_run "hunt;unit" 1 --finding "data race"
  -- $<TARGET_FILE:mtbench> hunt --runs 4 --out ${hunt_out}/racy_program_found_every_run
     -- ${target} race-wr)
mt_hunt_test(race_free_program_nothing "hunt;unit" 0 --none
  -- $<TARGET_FILE:mtbench> hunt --runs 4 --out ${hunt_out}/race_free_program_nothing
     -- ${target} clean)
mt_hunt_test(lock_order_found "hunt;unit" 1 --finding "lock-order inversion"
  -- $<TARGET_FILE:mtbench> hunt --runs 2 --out ${hunt_out}/lock_order_found
     -- ${target} lock-order)
mt_hunt_test(hang_ended_and_reported "hunt;unit" 1 --finding hang
  -- $<TARGET_FILE:mtbench> hunt --runs 2 --timeout 2
     --out ${hunt_out}/hang_ended_and_reported -- ${target} hang)
mt_hunt_test(scenario_racy_variants_found "hunt;unit" 1 --finding "data race"
  -- $<TARGET_FILE:mtbench> hunt --scenario counter --runs 4
     --out ${hunt_out}/scenario_racy_variants_found)
mt_hunt_test(scenario_race_free_variants_nothing "hunt;unit" 0 --none
  -- $<TARGET_FILE:mtbench> hunt --scenario counter --runs 2
     --filter "^counter/(increment/(split_rmw|mutex|tas|ttas|ticket|atomic|sharded_padded|sharded_unpadded)|balance/mutex)/"
     --out ${hunt_out}/scenario_race_free_variants_nothing)
