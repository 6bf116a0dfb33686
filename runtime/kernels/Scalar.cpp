//===- Scalar.cpp - Kernels of int/float/bool/str scalar ops --------------===//
//
// Python's semantics: `//` and `%` round toward negative infinity and take
// the divisor's sign; division by zero raises ZeroDivisionError.
//
//===----------------------------------------------------------------------===//
#include "runtime/Boxing.h"
#include "runtime/kernels/Kernels.h"

namespace kiln {

namespace {
int64_t pythonRemainder(int64_t a, int64_t b) {
  KILN_USER_CHECK(b != 0, "ZeroDivisionError: integer division or modulo by "
                          "zero");
  int64_t r = a % b;
  return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}
} // namespace

void registerScalarKernels(KernelTable &t) {
  bind<[](int64_t a, int64_t b) { return a + b; }>(t, OpId::aten_add_int);
  bind<[](int64_t a, int64_t b) { return a - b; }>(t, OpId::aten_sub_int);
  bind<[](int64_t a, int64_t b) { return a * b; }>(t, OpId::aten_mul_int);
  bind<pythonRemainder>(t, OpId::aten_remainder_int);
  bind<[](int64_t a, int64_t b) { return a < b; }>(t, OpId::aten_lt_int);
  bind<[](int64_t a, int64_t b) { return (a > b); }>(t, OpId::aten_gt_int);
  bind<[](int64_t a, int64_t b) { return a == b; }>(t, OpId::aten_eq_int);
}

} // namespace kiln
