//===- ScriptFrontendFuzzer.cpp - libFuzzer target for model scripts ------===//
//
// Feeds arbitrary bytes to the frontend as a script compiled with the
// default entry: parsing, the module builder running `__init__` and the IR
// emitter. A script must compile or end in a UserError (CompileError is
// one); any other exception (an InternalError, std::bad_alloc from a size
// taken on trust), crash, hang, sanitizer report or out-of-memory is a bug.
// Build with -DKILN_FUZZ=ON using clang, then e.g.
//   build/fuzz/tests/fuzz/kiln-script-fuzzer -max_total_time=300 -timeout=10 \
//       -dict=tests/fuzz/script.dict CORPUS tests/lit/frontend examples \
//       frontend/prelude
// (libFuzzer reads seed directories recursively).
//
//===----------------------------------------------------------------------===//
#include "frontend/Frontend.h"
#include "support/Error.h"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  try {
    kiln::CompileOptions options; // --entry's default
    kiln::compileScript(text, "fuzz.py", options);
  } catch (const kiln::UserError &) {
    // The expected outcome for a script Kiln rejects.
  }
  return 0;
}
