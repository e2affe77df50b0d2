# SPDX-License-Identifier: GPL-3.0-or-later
# lf_add_test(NAME tst_x SOURCES ... [LIBS ...] [LABELS ...] [GUI])
# Builds one Qt Test executable and registers it with CTest. GUI tests run on the offscreen platform.
function(lf_add_test)
  cmake_parse_arguments(ARG "GUI" "NAME" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  set_target_properties(${ARG_NAME} PROPERTIES AUTOMOC ON RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_link_libraries(${ARG_NAME} PRIVATE lf_test_support ${ARG_LIBS} Qt6::Test)
  add_test(NAME ${ARG_NAME} COMMAND ${ARG_NAME})
  set(env "LF_SOURCE_DIR=${PROJECT_SOURCE_DIR}" "LF_BINARY_DIR=${CMAKE_BINARY_DIR}" "QT_QPA_PLATFORM=offscreen")
  set_tests_properties(${ARG_NAME} PROPERTIES LABELS "${ARG_LABELS}" ENVIRONMENT "${env}" TIMEOUT 600)
endfunction()
