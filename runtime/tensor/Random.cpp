//===- Random.cpp ---------------------------------------------------------===//
#include "runtime/tensor/Random.h"

#include <cmath>
#include <numbers>

namespace kiln {

double Generator::normal() {
  // 1 - uniform() is in (0, 1], so the logarithm is finite.
  double u1 = 1.0 - uniform();
  double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

} // namespace kiln
