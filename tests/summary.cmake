# The console's verdict summary (harness/summary.cc, `mtbench summary`) and
# the report's (scripts/summary.py) say the same, character for character,
# on a recorded run.
add_test(NAME format/summary_console_equals_report
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/summary_agree_test.py
                 $<TARGET_FILE:mtbench> ${PROJECT_SOURCE_DIR}/scripts)
set_tests_properties(format/summary_console_equals_report PROPERTIES
                     LABELS format)
