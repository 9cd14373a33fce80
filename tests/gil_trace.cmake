# `mtbench gil-trace` (the gil scenario's --trace) end to end: usage errors
# exit 2, and each trace is Chrome JSON in which no two threads hold the
# emulated GIL at once.
add_test(NAME e2e/gil_trace
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/gil_trace_test.py
                 $<TARGET_FILE:mtbench> ${CMAKE_CURRENT_BINARY_DIR}/gil_trace)
set_tests_properties(e2e/gil_trace PROPERTIES LABELS e2e TIMEOUT 120)
