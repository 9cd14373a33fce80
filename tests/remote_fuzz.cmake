# libFuzzer over the remote frame decoder (tests/remote_frame_fuzz.cc) for a
# bounded 20 s, in clang builds only (libFuzzer is clang's): the tsan and
# asan presets. Labelled `unit` because those test presets run only `unit`.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  # The decoder is compiled into the target itself: libFuzzer needs its
  # coverage instrumentation, which the shared library build lacks.
  add_executable(remote_frame_fuzz
                 ${CMAKE_CURRENT_SOURCE_DIR}/remote_frame_fuzz.cc
                 ${PROJECT_SOURCE_DIR}/workloads/remote/remote_frame.cc)
  target_include_directories(remote_frame_fuzz PRIVATE ${PROJECT_SOURCE_DIR})
  target_compile_options(remote_frame_fuzz PRIVATE -fsanitize=fuzzer)
  target_link_options(remote_frame_fuzz PRIVATE -fsanitize=fuzzer)
  mt_warnings(remote_frame_fuzz)
  # Crashing inputs land in the build folder, never in the source tree.
  add_test(NAME fuzz/remote_frame_decoder
           COMMAND remote_frame_fuzz -max_total_time=20 -max_len=4096
                   -artifact_prefix=${CMAKE_CURRENT_BINARY_DIR}/remote_frame_fuzz-
           WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  set_tests_properties(fuzz/remote_frame_decoder PROPERTIES LABELS unit
                       TIMEOUT 120)
endif()
