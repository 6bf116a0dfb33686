//===- ElementwisePlan.h - What an elementwise kernel computes --*- C++ -*-===//
//
// A prim::FusionGroup of elementwise ops, seen from the code generator:
// which inputs are tensors (dtype, rank, and how the innermost dimension of
// the iteration space walks them), which are numbers passed at run time,
// and the dtypes of the results. planElementwiseGroup() declines (nullopt)
// anything the generator does not handle: unknown dtypes or ranks, ops
// without an emitter, outputs smaller than the iteration space.
//
// The iteration space is the broadcast of every tensor input, with its
// dimensions "collapsed": size-1 dimensions dropped and neighbours merged
// when every operand walks them as one (contiguous same-shape operands
// collapse to one dimension, the flat loop). Shapes themselves are not part
// of the plan: they are kernel arguments, so a new batch size reuses it.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_CODEGEN_ELEMENTWISEPLAN_H
#define KILN_CODEGEN_ELEMENTWISEPLAN_H

#include "runtime/tensor/ScalarType.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace kiln {
class Graph;
class Node;
} // namespace kiln

namespace kiln::codegen {

/// How the innermost collapsed dimension walks a tensor operand.
enum class InnerAccess : uint8_t {
  Unit,      // stride 1: vector loads
  Broadcast, // stride 0: one element, splat
  Strided,   // any stride: gathers
};

struct PlanInput {
  bool isTensor = true;
  /// Tensors: the element type; numbers: Long (int), Double (float) or Bool.
  ScalarType dtype = ScalarType::Float;
  int64_t rank = 0;                        // tensors only
  InnerAccess inner = InnerAccess::Unit;   // tensors only
  size_t tensorIndex = 0, scalarIndex = 0; // position among its kind
};

struct ElementwisePlan {
  const Graph *body = nullptr; // the group's subgraph (valid while compiling)
  std::vector<PlanInput> inputs;
  size_t numTensorInputs = 0, numScalarInputs = 0;
  std::vector<ScalarType> outputDtypes;
  /// Per output: the tensor inputs it depends on (by tensorIndex).
  std::vector<std::vector<size_t>> outputDeps;
  /// Rank of the collapsed iteration space the kernel is compiled for.
  int64_t rank = 1;
  /// Everything the machine code depends on, host CPU included.
  std::string key;
  /// The kernel's symbol, derived from the key.
  std::string symbol;
};

/// The plan for a prim::FusionGroup, or nullopt.
std::optional<ElementwisePlan> planElementwiseGroup(const Node &group);

/// A collapsed iteration space: sizes, and per tensor operand its strides
/// in elements (0 for broadcast dimensions).
struct CollapsedShape {
  std::vector<int64_t> sizes;
  std::vector<std::vector<int64_t>> strides;
};

/// Collapses `outSizes` with the operands' strides viewed at that shape
/// (see the file comment). The result has rank >= 1.
CollapsedShape collapse(std::span<const int64_t> outSizes,
                        std::vector<std::vector<int64_t>> strides);

/// The access an operand's innermost stride selects.
InnerAccess innerAccessOf(int64_t stride);

} // namespace kiln::codegen

#endif // KILN_CODEGEN_ELEMENTWISEPLAN_H
