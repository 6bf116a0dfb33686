//===- Epilogue.h - Elementwise tails fused into contractions ---*- C++ -*-===//
//
// What a GEMM or convolution kernel applies to each element of its result
// while the tile is still in registers: a short list of steps on the running
// value x, in order. Steps may read operands: tensors that broadcast to the
// result's [rows, columns] (a bias per column for linear, per row for a
// convolution's output channels, a full residual) or constants baked into
// the kernel.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_GEMM_EPILOGUE_H
#define KILN_CODEGEN_GEMM_EPILOGUE_H

#include <cstdint>
#include <string>
#include <vector>

namespace kiln {
class Node;
} // namespace kiln

namespace kiln::codegen::gemm {

/// How an epilogue operand is laid out over the result's [rows, columns].
enum class OperandLayout : uint8_t {
  Scalar,    // one value (a 0-d tensor)
  PerRow,    // value[row * rowStride]
  PerColumn, // value[column], contiguous
  Full,      // value[row * rowStride + column], columns contiguous
};

struct EpilogueStep {
  enum class Kind : uint8_t {
    AddOperand,   // x + alpha * y
    RSubOperand,  // y - alpha * x
    MulOperand,   // x * y
    DivOperand,   // x / y
    AddConstant,  // x + a
    MulConstant,  // x * a
    DivConstant,  // x / a
    RSubConstant, // a - x
    Relu,         // x < 0 ? 0 : x (NaN stays NaN)
    Clamp,        // min(max(x, a), b), NaN stays NaN; a or b may be +-inf
    LeakyRelu,    // x > 0 ? x : a * x
    Neg,          // -x
    // An elementwise op of x and constants (tanh, sigmoid, GELU, ...),
    // emitted by the elementwise generator's emitter for the op, so
    // transcendentals call libmvec exactly as there.
    Unary,
  };
  Kind kind;
  /// The operand read by the *Operand kinds (an index into
  /// Epilogue::operands).
  int operand = -1;
  double a = 0, b = 0;
  /// alpha of AddOperand / RSubOperand.
  double alpha = 1;
  /// Unary: the op's node (x is its input 0, the others constants). The
  /// graph outlives the kernels compiled from it; kernels are shared by
  /// key, which names the op and its constants.
  const Node *node = nullptr;
};

struct Epilogue {
  std::vector<EpilogueStep> steps;
  std::vector<OperandLayout> operands;

  bool empty() const { return steps.empty(); }
  /// A stable text form, for kernel names and cache keys.
  std::string key() const;
};

/// What the driver tells a micro-kernel about its epilogue operands: base
/// pointers (already offset for the batch) and row strides, in elements.
struct EpilogueArgs {
  const float *const *data;
  const int64_t *rowStrides;
};

} // namespace kiln::codegen::gemm

#endif // KILN_CODEGEN_GEMM_EPILOGUE_H
