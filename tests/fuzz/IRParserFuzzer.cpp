//===- IRParserFuzzer.cpp - libFuzzer target for IR text ------------------===//
//
// Feeds arbitrary bytes to the IR parser, then verifies, prints and reparses
// what parsed. Any crash, hang, sanitizer report or internal error is a bug:
// malformed IR must end in a CompileError. Build with -DKILN_FUZZ=ON using
// clang, then e.g.
//   build/fuzz/tests/fuzz/kiln-ir-fuzzer -max_total_time=300 \
//       tests/lit/pytorch tests/lit/ir
//
//===----------------------------------------------------------------------===//
#include "ir/Diagnostics.h"
#include "ir/Parser.h"
#include "ir/Verifier.h"

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  std::unique_ptr<kiln::Graph> graph;
  try {
    graph = kiln::parseIR(text, "fuzz.ir");
    kiln::verify(*graph);
  } catch (const kiln::CompileError &) {
    return 0; // the expected outcome for malformed input
  }
  // What verified must print, and the print must parse to the same text.
  std::string printed = graph->toString();
  std::string again;
  try {
    auto reparsed = kiln::parseIR(printed, "printed.ir");
    kiln::verify(*reparsed);
    again = reparsed->toString();
  } catch (const kiln::CompileError &e) {
    std::cerr << "printed graph does not parse:\n" << e.what() << printed;
    std::abort();
  }
  if (again != printed) {
    std::cerr << "printing is not a fixed point:\n"
              << printed << "---\n"
              << again;
    std::abort();
  }
  return 0;
}
