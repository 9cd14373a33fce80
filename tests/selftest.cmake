# End-to-end tests of the runner and CLI: mtbench_selftest is mtbench with
# misbehaving scenarios (crash, hang, failure) instead of the real ones.
add_executable(mtbench_selftest ${PROJECT_SOURCE_DIR}/harness/main/mtbench_main.cc
                                ${CMAKE_CURRENT_SOURCE_DIR}/selftest_scenarios.cc)
target_link_libraries(mtbench_selftest PRIVATE mt_harness)
mt_warnings(mtbench_selftest)
add_test(NAME e2e/runner_and_cli
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/runner_e2e_test.py
                 $<TARGET_FILE:mtbench_selftest> $<TARGET_FILE:mtbench>)
set_tests_properties(e2e/runner_and_cli PROPERTIES LABELS e2e TIMEOUT 900)
add_test(NAME format/scenario_contract
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/scenario_contract_test.py
                 $<TARGET_FILE:mtbench> ${PROJECT_SOURCE_DIR}/scenarios)
set_tests_properties(format/scenario_contract PROPERTIES LABELS format)
