//===- ScalarFamily.h - The non-tensor ops' kernel files ---------*- C++
//-*-===//
//
// The scalar family (ir/ops/Scalar.def) and the container family
// (ir/ops/Containers.def) are split over several files by subject; their
// entry points, registerScalarKernels and registerContainerKernels, call the
// register functions declared here. The helpers are shared between them.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_KERNELS_SCALARFAMILY_H
#define KILN_RUNTIME_KERNELS_SCALARFAMILY_H

#include "runtime/IValue.h"

#include <cstdint>
#include <optional>
#include <string>

namespace kiln {

class KernelTable;

void registerFormattingKernels(KernelTable &table);   // Formatting.cpp
void registerMathKernels(KernelTable &table);         // Math.cpp
void registerStringKernels(KernelTable &table);       // Strings.cpp
void registerTensorBridgeKernels(KernelTable &table); // TensorBridges.cpp
void registerDictKernels(KernelTable &table);         // Dicts.cpp

/// What TorchScript's str() gives (c10's IValue printer): strings unquoted,
/// even inside lists (`[a, b]`); floats as `1.`, `0.10000000000000001`,
/// `1e+20`; `True`, `None`, `(1,)`, `{a: 1}`.
std::string torchStr(const IValue &value);

/// A float as str() prints it: integral values that fit in int64 as `2.`,
/// others with 17 significant digits.
std::string torchFloatStr(double value);

/// int(d) of a float, truncating toward zero: Python's errors for NaN and
/// infinities, and an error for values outside int64 (Python would make a
/// big int). `op` names the operation in that error.
int64_t checkedFloatToInt(double d, const char *op);

/// The elements `l[start:end:step]` selects from a sequence of `size`:
/// `count` of them, the first at `first`, `step` apart (Python's
/// slice.indices()). A zero step is a UserError.
struct SliceRange {
  int64_t first = 0;
  int64_t step = 1;
  int64_t count = 0;
};
SliceRange sliceRange(int64_t size, std::optional<int64_t> start,
                      std::optional<int64_t> end, int64_t step);

/// Python's `a < b` for the values TorchScript sorts and compares: numbers,
/// strings, and tuples/lists of them (lexicographic). `op` names the
/// operation in the error for other values.
bool pythonLess(const IValue &a, const IValue &b, const char *op);

} // namespace kiln

#endif // KILN_RUNTIME_KERNELS_SCALARFAMILY_H
