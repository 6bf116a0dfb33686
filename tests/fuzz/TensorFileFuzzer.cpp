//===- TensorFileFuzzer.cpp - libFuzzer target for tensor files -----------===//
//
// Feeds arbitrary bytes to the .npy, .npz and safetensors readers. Each must
// return tensors or throw a UserError; any crash, hang, sanitizer report,
// other exception (an InternalError, std::bad_alloc from a size taken on
// trust) is a bug. What parses must also survive a .npy round trip. Build
// with -DKILN_FUZZ=ON using clang, then e.g.
//   build-fuzz/tests/fuzz/kiln-tensor-file-fuzzer -max_total_time=300 \
//       tests/data/tensor-files/good tests/data/tensor-files/bad
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/io/Npy.h"
#include "runtime/tensor/io/TensorFiles.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string_view>

namespace {

// Encoding `t` as .npy and parsing it back gives the same bits.
void checkRoundTrip(const kiln::Tensor &t) {
  kiln::Tensor back = kiln::parseNpy(kiln::encodeNpy(t), "round-trip.npy");
  size_t n = static_cast<size_t>(t.numel()) * kiln::elementSize(t.dtype());
  if (back.dtype() != t.dtype() || back.sizes() != t.sizes() ||
      (n && std::memcmp(back.rawData(), t.contiguous().rawData(), n) != 0)) {
    std::cerr << "round trip changed " << t.describe() << "\n";
    std::abort();
  }
}

template <typename F> void expectTensorsOrUserError(F parse) {
  try {
    for (const auto &[name, t] : parse())
      checkRoundTrip(t);
  } catch (const kiln::UserError &) {
    // The expected outcome for malformed input.
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char *>(data), size);
  expectTensorsOrUserError([&] {
    return kiln::NamedTensors{{"", kiln::parseNpy(bytes, "fuzz.npy")}};
  });
  expectTensorsOrUserError([&] { return kiln::parseNpz(bytes, "fuzz.npz"); });
  expectTensorsOrUserError(
      [&] { return kiln::parseSafetensors(bytes, "fuzz.safetensors"); });
  return 0;
}
