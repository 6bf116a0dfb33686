//===- Random.h - Seeded random numbers -------------------------*- C++ -*-===//
//
// A Generator gives the random numbers of rand, randn, dropout and weight
// initialisation. It is seeded explicitly, so a run with the same seed draws
// the same numbers. (The numbers are not PyTorch's: PyTorch's CPU generator
// is its own design; Kiln matches its distributions, not its draws.)
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_RANDOM_H
#define KILN_RUNTIME_TENSOR_RANDOM_H

#include <cstdint>
#include <random>

namespace kiln {

class Generator {
public:
  explicit Generator(uint64_t seed = 0) : engine_(seed), seed_(seed) {}
  void manualSeed(uint64_t seed) {
    engine_.seed(seed);
    seed_ = seed;
  }
  uint64_t initialSeed() const { return seed_; }

  /// 64 random bits.
  uint64_t next() { return engine_(); }
  /// Uniform in [0, 1), with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// Standard normal (Box-Muller).
  double normal();

private:
  std::mt19937_64 engine_;
  uint64_t seed_;
};

} // namespace kiln

#endif // KILN_RUNTIME_TENSOR_RANDOM_H
