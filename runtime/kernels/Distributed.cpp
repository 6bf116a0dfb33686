//===- Distributed.cpp - Kernels of Kiln's collectives --------------------===//
//
// kiln::all_reduce_start hands copies of a replica's tensors to its
// communicator (runtime/distributed/Communicator.h), which scales them by
// the replica's weight and sums them over the run's replicas in replica
// order, on its collective thread when it has one; the run goes on, and
// kiln::all_reduce_wait takes the sums. Without a communicator the run is a
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

void allReduceStart(const KernelArgs &args) {
  std::vector<IValue> &items = args.in(0).toList().items;
  double weight = args.in(1).toDouble();
  Communicator *c = args.ctx->communicator;
  std::vector<Tensor> tensors;
  tensors.reserve(items.size());
  for (const IValue &item : items) {
    const Tensor &t = item.toTensor();
    KILN_USER_CHECK(t.dtype() == ScalarType::Float ||
                        t.dtype() == ScalarType::Double,
                    "kiln::all_reduce_start sums float and double tensors, "
                    "not ",
                    t.describe());
    // Copies: the run may reuse the tensors' memory while they are summed.
    tensors.push_back(c ? t.clone() : ops::mul(t, Scalar(weight)));
  }
  std::shared_ptr<PendingCollective> pending;
  if (c) {
    pending = c->startAllReduceSum(std::move(tensors), weight);
  } else {
    pending = std::make_shared<PendingCollective>(std::move(tensors));
    pending->finish(nullptr);
  }
  args.ctx->collectives.push_back(std::move(pending));
  args.setOut(0,
              IValue(static_cast<int64_t>(args.ctx->collectives.size() - 1)));
}

void allReduceWait(const KernelArgs &args) {
  int64_t work = args.in(0).toInt();
  std::vector<std::shared_ptr<PendingCollective>> &started =
      args.ctx->collectives;
  KILN_INTERNAL_ASSERT(
      work >= 0 && static_cast<size_t>(work) < started.size() &&
          started[static_cast<size_t>(work)],
      "kiln::all_reduce_wait: no collective ", work, " is pending in this run");
  std::shared_ptr<PendingCollective> pending =
      std::move(started[static_cast<size_t>(work)]);
  std::vector<IValue> out;
  for (Tensor &t : pending->wait())
    out.emplace_back(std::move(t));
  args.setOut(0, IValue::list(std::move(out)));
}

} // namespace

void registerDistributedKernels(KernelTable &table) {
  table.set(OpId::kiln_all_reduce_start, allReduceStart, 2);
  table.set(OpId::kiln_all_reduce_wait, allReduceWait, 1);
}

} // namespace kiln
