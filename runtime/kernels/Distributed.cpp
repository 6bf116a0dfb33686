//===- Distributed.cpp - Kernels of Kiln's collectives --------------------===//
//
// kiln::all_reduce returns new tensors: each replica's tensors scaled by its
// weight and summed over the run's replicas (runtime/distributed/
// Communicator.h) in replica order. Without a communicator the run is a
// group of one, and the result is weight * tensor.
//
//===----------------------------------------------------------------------===//
#include "runtime/Kernel.h"
#include "runtime/distributed/Communicator.h"
#include "runtime/kernels/Kernels.h"
#include "runtime/tensor/ops/Pointwise.h"
#include "support/Error.h"

namespace kiln {

namespace {

void allReduce(const KernelArgs &args) {
  std::vector<IValue> &items = args.in(0).toList().items;
  double weight = args.in(1).toDouble();
  std::vector<Tensor> tensors;
  tensors.reserve(items.size());
  for (const IValue &item : items) {
    const Tensor &t = item.toTensor();
    KILN_USER_CHECK(
        t.dtype() == ScalarType::Float || t.dtype() == ScalarType::Double,
        "kiln::all_reduce sums float and double tensors, not ", t.describe());
    tensors.push_back(args.ctx->communicator ? t.clone()
                                             : ops::mul(t, Scalar(weight)));
  }
  if (Communicator *c = args.ctx->communicator)
    c->allReduceSum(tensors, weight);
  std::vector<IValue> out;
  out.reserve(tensors.size());
  for (Tensor &t : tensors)
    out.emplace_back(std::move(t));
  args.setOut(0, IValue::list(std::move(out)));
}

} // namespace

void registerDistributedKernels(KernelTable &table) {
  table.set(OpId::kiln_all_reduce, allReduce, 2);
}

} // namespace kiln
