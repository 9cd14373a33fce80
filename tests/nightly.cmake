# scripts/: the history database, comparison statistics and report (Python
# unittest on Debian's /usr/bin/python3), one ctest per scripts/*_test.py,
# plus an end-to-end nightly run of the real binary. Label: scripts.
file(GLOB script_tests CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/scripts/*_test.py)
foreach(test_file ${script_tests})
  get_filename_component(module ${test_file} NAME_WE)
  add_test(NAME scripts/${module}
           COMMAND /usr/bin/python3 -m unittest -v ${module}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}/scripts)
  set_tests_properties(scripts/${module} PROPERTIES LABELS scripts TIMEOUT 300
                       ENVIRONMENT "PYTHONDONTWRITEBYTECODE=1;MTBENCH=$<TARGET_FILE:mtbench>")
endforeach()
