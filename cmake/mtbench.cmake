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
                     EXCLUDE_FROM_ALL SYSTEM)
    # GoogleTest 1.11+ defines the GTest:: aliases itself; older ones do not.
    foreach(lib gtest gtest_main gmock)
      if(NOT TARGET GTest::${lib})
        add_library(GTest::${lib} ALIAS ${lib})
      endif()
    endforeach()
  else()
    find_package(GTest REQUIRED)
  endif()
endfunction()

# At file scope: the module keeps the path of its discovery script in a
# variable, which inside a function would be gone when gtest_discover_tests
# needs it (PRE_TEST discovery then includes "").
include(GoogleTest)

# Warnings for our own targets only (not for GoogleTest built from source).
function(mt_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow)
endfunction()

# A library from every non-test .cc in the current folder, plus its test
# binary from every *_test.cc: the folder is the one list, so no file can be
# forgotten by the build.
function(mt_layer name)
  cmake_parse_arguments(ARG "OBJECT" "" "LIBS;TEST_LIBS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc)
  list(REMOVE_ITEM srcs ${tests})
  if(ARG_OBJECT)
    add_library(${name} OBJECT ${srcs})
  else()
    add_library(${name} STATIC ${srcs})
  endif()
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_LIBS} Threads::Threads)
  mt_warnings(${name})
  if(tests)
    mt_test_binary(${name}_test SOURCES ${tests}
                   LIBS ${name} ${ARG_TEST_LIBS} GTest::gtest_main)
  endif()
endfunction()

# A GoogleTest binary whose tests ctest lists one by one, labelled "unit".
function(mt_test_binary name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS})
  mt_warnings(${name})
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST
                       PROPERTIES LABELS unit TIMEOUT 120)
endfunction()
