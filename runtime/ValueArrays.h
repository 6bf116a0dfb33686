//===- ValueArrays.h - Graph values to and from arrays ----------*- C++ -*-===//
//
// How tensors from files (`--input X.npy`) become graph inputs and results
// become arrays (`--output`), per DESIGN.md's command-line contract: a 0-d
// int64, float64 or bool array passes an int, float or bool; scalars come
// back as 0-d arrays.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_VALUEARRAYS_H
#define KILN_RUNTIME_VALUEARRAYS_H

#include "ir/Type.h"
#include "runtime/IValue.h"

#include <string>
#include <vector>

namespace kiln {

/// The value an input of type `type` takes from `array`; a UserError naming
/// `what` (e.g. "input 2 (%x : int)") when the array cannot stand for it.
IValue valueFromArray(const Tensor &array, const Type &type,
                      const std::string &what);

/// A result as an array: tensors as they are, int/float/bool as 0-d
/// int64/float64/bool arrays. Other values are a UserError naming `what`.
Tensor arrayFromValue(const IValue &value, const std::string &what);

/// The results to write: a single tuple or list result unpacks into its
/// items; anything else is one result.
std::vector<IValue> flattenResults(const std::vector<IValue> &results);

} // namespace kiln

#endif // KILN_RUNTIME_VALUEARRAYS_H
