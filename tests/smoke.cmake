# Smoke run: every registered scenario once in --quick mode, exactly as a user
# would run it, then run.json checked against results/README.md.
add_test(NAME smoke/all_scenarios
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/smoke_run.py
                 $<TARGET_FILE:mtbench> ${CMAKE_CURRENT_BINARY_DIR}/smoke)
set_tests_properties(smoke/all_scenarios PROPERTIES LABELS smoke TIMEOUT 1500)
add_test(NAME format/checker_rejects_bad_run_json
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/check_run_json_test.py)
set_tests_properties(format/checker_rejects_bad_run_json PROPERTIES LABELS format)
