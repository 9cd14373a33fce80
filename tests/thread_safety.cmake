# The thread-safety analysis of the clang presets (MT_THREAD_SAFETY) bites:
# tests/thread_safety_probe.cc, built with our targets' flags, fails to build
# with the analysis's error for each deliberate mistake (an unguarded write,
# a GIL-only call without the GIL), and builds without them. Each test builds
# one probe target (excluded from `all`) in this build folder.
if(MT_THREAD_SAFETY)
  set(probes
      "0|"
      "1|error: writing variable 'balance_' requires holding mutex 'mu_'"
      "2|error: calling function 'Check' requires holding .*'gil'")
  foreach(probe ${probes})
    string(REPLACE "|" ";" parts "${probe}")
    list(GET parts 0 n)
    list(GET parts 1 expected)
    set(target thread_safety_probe_${n})
    add_library(${target} OBJECT EXCLUDE_FROM_ALL
                ${CMAKE_CURRENT_SOURCE_DIR}/thread_safety_probe.cc)
    target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR})
    target_compile_definitions(${target} PRIVATE MT_PROBE=${n})
    mt_warnings(${target})
    add_test(NAME thread_safety/probe_${n}
             COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR}
                     --target ${target})
    # Two builds at once in one folder would share ninja's log.
    set_tests_properties(thread_safety/probe_${n} PROPERTIES
                         LABELS unit RESOURCE_LOCK build_folder TIMEOUT 120)
    if(expected)
      set_tests_properties(thread_safety/probe_${n} PROPERTIES
                           PASS_REGULAR_EXPRESSION "${expected}")
    endif()
  endforeach()
endif()
