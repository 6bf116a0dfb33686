//===- Npy.h - NumPy .npy files ---------------------------------*- C++ -*-===//
//
// Reads format versions 1-3, little-endian (or byte-sized) data in C or
// Fortran order, for bool, uint8, int8, int16, int32, int64, float32 and
// float64. Writes version 1 (2 when the header needs it), C order.
//
// Malformed files are UserErrors "<name>: error: <what is wrong>"; every
// size the header claims is checked against the bytes present before any
// memory is reserved for it.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_IO_NPY_H
#define KILN_RUNTIME_TENSOR_IO_NPY_H

#include "runtime/tensor/Tensor.h"

#include <string>
#include <string_view>

namespace kiln {

/// Parses the bytes of a .npy file; `name` names it in errors.
Tensor parseNpy(std::string_view bytes, const std::string &name);
Tensor readNpy(const std::string &path);

/// The bytes of a .npy file holding `t` (any layout; written contiguous).
std::string encodeNpy(const Tensor &t);
void writeNpy(const std::string &path, const Tensor &t);

} // namespace kiln

#endif // KILN_RUNTIME_TENSOR_IO_NPY_H
