//===- TensorText.h - Tensor constants in IR text ---------------*- C++ -*-===//
//
// How tensor attributes print so that they read back exactly:
//   {3.25}                 a 0-d float32 (or, with an integer, int64) tensor,
//                          as PyTorch prints 0-d tensor constants; also any
//                          0-d tensor whose dtype the constant's type names
//                          (`%c : Double(...) = prim::Constant[value={2.}]`);
//   Double(2, 2){1., 2.5, 3., 4.}   anything else: dtype, sizes, elements in
//                          row-major order.
// PyTorch's own display of larger tensors (` 1  2 [ CPULongType{2} ]`,
// `<Tensor>`) drops digits or values, so the parser rejects it with an error
// that says so.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_TENSORTEXT_H
#define KILN_IR_TENSORTEXT_H

#include "runtime/tensor/Tensor.h"

#include <string>

namespace kiln {

/// `dtypeImplied`: the reader learns the dtype from elsewhere (the type of
/// the constant), so a 0-d tensor of any dtype may use the short form.
std::string formatTensorLiteral(const Tensor &t, bool dtypeImplied = false);

} // namespace kiln

#endif // KILN_IR_TENSORTEXT_H
