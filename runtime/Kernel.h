//===- Kernel.h - How the interpreter calls an op ---------------*- C++ -*-===//
//
// A kernel reads its inputs from, and writes its outputs to, the caller's
// registers. Kernels are found by OpId in the KernelTable before a graph
// first runs, so running an op is one indirect call: no strings, no hashing.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_KERNEL_H
#define KILN_RUNTIME_KERNEL_H

#include "ir/OpTable.h"
#include "runtime/IValue.h"

#include <array>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <vector>

namespace kiln {

class Node;
class Communicator;
class Generator;
class PendingCollective;

/// What a run shares with its kernels.
struct RunContext {
  /// Random numbers for rand/randn/dropout (never null during a run).
  Generator *generator = nullptr;
  /// Where prim::Print and aten::warn write.
  std::ostream *out = nullptr;
  /// The replicas kiln::all_reduce_start sums over; null for one replica.
  Communicator *communicator = nullptr;
  /// The collectives the run started, by the handle kiln::all_reduce_start
  /// returned (reset once waited for).
  std::vector<std::shared_ptr<PendingCollective>> collectives;
};

struct KernelArgs {
  IValue *regs;
  const uint32_t *inputs;
  const uint32_t *outputs;
  uint32_t numInputs;
  uint32_t numOutputs;
  const Node *node;
  RunContext *ctx;

  IValue &in(size_t i) const { return regs[inputs[i]]; }
  void setOut(size_t i, IValue v) const { regs[outputs[i]] = std::move(v); }
};

using KernelFn = void (*)(const KernelArgs &);

class KernelTable {
public:
  /// The table, filled on first use by every register*Kernels function.
  static const KernelTable &get();

  /// The kernel of `op`, or null when Kiln has none.
  KernelFn find(OpId op) const { return table_[static_cast<size_t>(op)]; }

  /// Registers a kernel that takes `arity` inputs; an internal error when the
  /// op's schema takes another number (or `op` already has a kernel).
  void set(OpId op, KernelFn fn, size_t arity);
  /// Registers a kernel for an op with `...` arguments.
  void setVariadic(OpId op, KernelFn fn);

private:
  KernelTable();
  std::array<KernelFn, static_cast<size_t>(OpId::NumOps)> table_{};
};

} // namespace kiln

#endif // KILN_RUNTIME_KERNEL_H
