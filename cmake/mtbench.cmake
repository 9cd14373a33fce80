# Helper functions shared by the layer CMakeLists: dependencies, warnings, tests.
include_guard(GLOBAL)

function(mt_find_dependencies)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(HWLOC REQUIRED IMPORTED_TARGET GLOBAL hwloc)
  find_package(benchmark REQUIRED)
  find_package(nlohmann_json 3 REQUIRED)
  find_package(Threads REQUIRED)
  if(MT_GTEST_FROM_SOURCE)
    # Sanitizer builds need a GoogleTest compiled with the same flags.
    set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
    add_subdirectory(/usr/src/googletest ${CMAKE_BINARY_DIR}/_googletest
                     EXCLUDE_FROM_ALL SYSTEM)  # defines GTest::gtest etc.
  else()
    # make bench builds no tests and so does not install GoogleTest.
    find_package(GTest)
  endif()
  if(NOT TARGET GTest::gtest_main)
    message(STATUS "GoogleTest not found: unit tests are not built "
                   "(make test installs it)")
  endif()
endfunction()

# At file scope: GoogleTest keeps its discovery script path in a variable that
# a function scope would lose.
include(GoogleTest)

# Warnings for our own targets only (not for GoogleTest built from source).
# MT_THREAD_SAFETY (the clang presets) adds Clang's thread-safety analysis as
# an error: workloads/base/thread_annotations.h says what it checks.
# -Wno-missing-field-initializers: gcc 12 warns when a designated initializer
# leaves out a member that has its own default (a Scenario without
# starts_workers), which is the point of designated initializers.
function(mt_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                                           -Wno-missing-field-initializers)
  if(MT_THREAD_SAFETY)
    target_compile_options(${target} PRIVATE -Wthread-safety
                                             -Werror=thread-safety)
  endif()
endfunction()

# A library from every non-test .cc in the current folder, plus its test
# binary from every *_test.cc: the folder is the one list, so no file can be
# forgotten by the build. NESTED also takes one level of subfolders (a
# scenario's support files in scenarios/<name>/).
function(mt_layer name)
  cmake_parse_arguments(ARG "OBJECT;NESTED" "" "LIBS;TEST_LIBS" ${ARGN})
  set(dirs ${CMAKE_CURRENT_SOURCE_DIR})
  if(ARG_NESTED)
    file(GLOB subdirs LIST_DIRECTORIES true ${CMAKE_CURRENT_SOURCE_DIR}/*)
    foreach(d ${subdirs})
      if(IS_DIRECTORY ${d})
        list(APPEND dirs ${d})
      endif()
    endforeach()
  endif()
  list(TRANSFORM dirs APPEND /*.cc OUTPUT_VARIABLE src_globs)
  list(TRANSFORM dirs APPEND /*_test.cc OUTPUT_VARIABLE test_globs)
  file(GLOB srcs CONFIGURE_DEPENDS ${src_globs})
  file(GLOB tests CONFIGURE_DEPENDS ${test_globs})
  list(REMOVE_ITEM srcs ${tests})
  if(ARG_OBJECT)
    add_library(${name} OBJECT ${srcs})
  else()
    add_library(${name} STATIC ${srcs})
  endif()
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_LIBS} Threads::Threads)
  mt_warnings(${name})
  if(tests AND TARGET GTest::gtest_main)
    mt_test_binary(${name}_test SOURCES ${tests}
                   LIBS ${name} ${ARG_TEST_LIBS} GTest::gtest_main)
  endif()
endfunction()

# A GoogleTest binary whose tests ctest lists one by one, labelled "unit".
# Built by `make test` (the default target), never by `make bench`.
function(mt_test_binary name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS})
  mt_warnings(${name})
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST
                       PROPERTIES LABELS unit TIMEOUT 120)
endfunction()

# A program that benchmarks or hunts run (a tool a scenario execs, a library
# preloaded into a hunted program): built by the bench_programs target, which
# `make bench` and `make race` build instead of everything.
function(mt_bench_program target)
  set_property(GLOBAL APPEND PROPERTY MT_BENCH_PROGRAMS ${target})
endfunction()
