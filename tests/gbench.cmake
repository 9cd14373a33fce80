# User Google Benchmark binaries under mtbench (`run --gbench`, `ab`): a tiny
# binary with benchmarks that abort, hang or report an error when asked, run
# end to end; the fire drill's two builds (tests/gbench/drill.cc), which the
# measurement in README uses and the ab test compares.
add_executable(gbench_tiny ${CMAKE_CURRENT_SOURCE_DIR}/gbench/tiny.cc)
target_link_libraries(gbench_tiny PRIVATE benchmark::benchmark)
mt_warnings(gbench_tiny)
foreach(build base new)
  add_executable(gbench_drill_${build} ${CMAKE_CURRENT_SOURCE_DIR}/gbench/drill.cc)
  target_link_libraries(gbench_drill_${build} PRIVATE benchmark::benchmark)
  mt_warnings(gbench_drill_${build})
endforeach()
target_compile_definitions(gbench_drill_new PRIVATE MT_DRILL_NEW)

add_test(NAME e2e/gbench
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/gbench_e2e_test.py
                 $<TARGET_FILE:mtbench> $<TARGET_FILE:gbench_tiny>
                 $<TARGET_FILE:gbench_drill_base> $<TARGET_FILE:gbench_drill_new>)
set_tests_properties(e2e/gbench PROPERTIES LABELS e2e TIMEOUT 900)
add_test(NAME e2e/gbench_fleet_nightly
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/gbench_nightly_test.py
                 $<TARGET_FILE:mtbench> $<TARGET_FILE:gbench_tiny>)
set_tests_properties(e2e/gbench_fleet_nightly PROPERTIES LABELS e2e TIMEOUT 1800)
