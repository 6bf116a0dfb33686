//===- DataParallel.h - All-reduce a replica's results ----------*- C++ -*-===//
//
// Data-parallel training runs one training step per replica, each on its
// shard of the global batch. Between the backward graph and the optimizer
// update, each replica's loss and gradients become the global batch's: the
// sum over replicas of (the replica's share of the batch) * (its value),
// which for mean-reduced losses is what one replica would compute on the
// whole batch (up to float reassociation).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_PASSES_DATAPARALLEL_H
#define KILN_PASSES_DATAPARALLEL_H

#include <cstddef>

namespace kiln {

class Graph;

/// PyTorch DDP's first bucket size; later buckets are as large.
constexpr size_t kDefaultBucketBytes = size_t{1} << 20;

/// Replaces each floating-point (or unknown-dtype) tensor output of `graph`
/// by its sum over the replicas and adds a last input `%replica_weight :
/// float`, each replica's weight. Outputs are summed in buckets of at most
/// `bucketBytes` by their static sizes, filled in the order the graph
/// computes the outputs (a backward graph computes the last layer's
/// gradients first); an output of unknown size fills a bucket alone. A
/// bucket is a Tensor[] whose kiln::all_reduce_start stands right after the
/// node computing its last member, as early as the graph allows, and whose
/// kiln::all_reduce_wait stands before the return: the nodes in between (the
/// backward pass of earlier layers) run while the bucket is summed.
void insertAllReduce(Graph &graph, size_t bucketBytes = kDefaultBucketBytes);

/// The pass (`--passes=data-parallel`), with the default bucket size.
void dataParallel(Graph &graph);

} // namespace kiln

#endif // KILN_PASSES_DATAPARALLEL_H
