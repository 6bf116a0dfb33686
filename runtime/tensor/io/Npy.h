//===- Npy.h - NumPy .npy files ---------------------------------*- C++ -*-===//
//
// Reads format versions 1-3, little-endian (or byte-sized) data in C or
// Fortran order, for bool, uint8, int8, int16, int32, int64, float32 and
// float64. Writes version 1 (2 when the header needs it), C order.
//
// Malformed files are UserErrors "<name>: error: <what is wrong>"; every
// size the header claims is checked against the bytes present before any
// memory is reserved for it. The data is read straight into the tensor, so
// reading a file needs no more memory than the tensor itself (twice that
// for Fortran order, which is transposed).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_IO_NPY_H
#define KILN_RUNTIME_TENSOR_IO_NPY_H

#include "runtime/tensor/Tensor.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace kiln {

/// Parses the bytes of a .npy file; `name` names it in errors.
Tensor parseNpy(std::string_view bytes, const std::string &name);
Tensor readNpy(const std::string &path);

/// The bytes of a .npy file holding `t` (any layout; written contiguous).
std::string encodeNpy(const Tensor &t);
/// Writes atomically (see AtomicFileWriter): an interrupted write leaves
/// any previous file at `path` as it was.
void writeNpy(const std::string &path, const Tensor &t);

/// A .npy read front to back from somewhere (a file, a zip member).
class NpyInput {
public:
  virtual ~NpyInput() = default;
  /// Reads up to `n` bytes into `dst`; fewer only at the end of the input.
  virtual size_t read(void *dst, size_t n) = 0;
};

/// Reads a .npy of `size` bytes from `in` (the claims of its header are
/// checked against `size`; trailing bytes are left unread, as numpy ignores
/// them). Errors read "<name>: error: <context><what is wrong>", e.g. with
/// context "member 'w.npy': ".
Tensor readNpy(NpyInput &in, uint64_t size, const std::string &name,
               const std::string &context = {});

} // namespace kiln

#endif // KILN_RUNTIME_TENSOR_IO_NPY_H
