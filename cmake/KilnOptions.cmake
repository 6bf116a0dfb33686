# Build options shared by every Kiln target.

option(KILN_BUILD_TESTS "Build unit and lit tests" ON)
option(KILN_WERROR "Treat compiler warnings as errors" OFF)
option(KILN_FUZZ "Build libFuzzer targets (needs clang; implies ASan)" OFF)
set(KILN_SANITIZE "" CACHE STRING
    "Comma-separated sanitizers for every target, e.g. address,undefined")

set(KILN_WARNING_FLAGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
    -Wimplicit-fallthrough -Wno-unused-parameter)
# GCC 12 reports false -Wrestrict positives inside std::string's operator+
# at -O2 and above (GCC bug 105329).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND
   CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  list(APPEND KILN_WARNING_FLAGS -Wno-restrict)
endif()
if(KILN_WERROR)
  list(APPEND KILN_WARNING_FLAGS -Werror)
endif()

if(KILN_FUZZ)
  # Every library is instrumented for coverage so the fuzzer can see into it.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

if(KILN_SANITIZE)
  # Applied globally so that every library and test shares one runtime.
  add_compile_options(-fsanitize=${KILN_SANITIZE} -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${KILN_SANITIZE})
endif()

# kiln_add_library(NAME SOURCES... [PUBLIC_LINKS ...] [PRIVATE_LINKS ...])
# One library per source folder (STYLE.md, habit 9). Headers are included
# as "folder/File.h" from the repository root.
function(kiln_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_LINKS;PRIVATE_LINKS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
    $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}>
    $<INSTALL_INTERFACE:include/kiln>)
  target_compile_options(${name} PRIVATE ${KILN_WARNING_FLAGS})
  target_link_libraries(${name} PUBLIC ${ARG_PUBLIC_LINKS}
                                PRIVATE ${ARG_PRIVATE_LINKS})
endfunction()

# kiln_add_executable(NAME SOURCES... [LINKS ...])
function(kiln_add_executable name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LINKS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${KILN_WARNING_FLAGS})
  target_link_libraries(${name} PRIVATE ${ARG_LINKS})
endfunction()
