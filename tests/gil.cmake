# The gil scenario end to end: `mtbench gil-trace` (its --trace) rejects bad
# usage and writes Chrome JSON in which no two threads hold the emulated GIL
# at once; the CPython twins in scenarios/gil/ print what the scenario
# reads.
add_test(NAME e2e/gil
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/gil_e2e_test.py
                 $<TARGET_FILE:mtbench> ${CMAKE_CURRENT_BINARY_DIR}/gil
                 ${PROJECT_SOURCE_DIR}/scenarios/gil)
set_tests_properties(e2e/gil PROPERTIES LABELS e2e TIMEOUT 120)
