//===- DataParallel.cpp ---------------------------------------------------===//
#include "passes/DataParallel.h"

#include "ir/IR.h"
#include "support/Error.h"

#include <algorithm>
#include <optional>
#include <unordered_map>

namespace kiln {

namespace {

bool reducible(const Value *v) {
  auto t = v->type()->cast<TensorType>();
  return t && (!t->dtype() || isFloatingType(*t->dtype()));
}

// The tensor's size in bytes when its type says.
std::optional<size_t> staticBytes(const Value *v) {
  auto t = v->type()->cast<TensorType>();
  if (!t || !t->dtype() || !t->hasCompleteSizes())
    return std::nullopt;
  size_t n = elementSize(*t->dtype());
  for (const std::optional<int64_t> &s : *t->sizes())
    n *= static_cast<size_t>(*s);
  return n;
}

} // namespace

void insertAllReduce(Graph &graph, size_t bucketBytes) {
  Value *weight = graph.addInput("replica_weight");
  weight->setType(FloatType::get());

  // The distinct values to reduce, in the order the graph computes them
  // (inputs first).
  std::unordered_map<const Node *, size_t> position;
  size_t index = 0;
  position[graph.paramNode()] = index++;
  for (Node *n : graph.nodes())
    position[n] = index++;
  std::vector<Value *> values;
  for (Value *v : graph.outputs())
    if (reducible(v) && v != weight &&
        std::find(values.begin(), values.end(), v) == values.end())
      values.push_back(v);
  std::stable_sort(values.begin(), values.end(), [&](Value *a, Value *b) {
    return position.at(a->node()) < position.at(b->node());
  });

  std::vector<std::vector<Value *>> buckets;
  size_t filled = 0;
  for (Value *v : values) {
    std::optional<size_t> bytes = staticBytes(v);
    if (buckets.empty() || !bytes || filled + *bytes > bucketBytes ||
        !staticBytes(buckets.back().back())) {
      buckets.emplace_back();
      filled = 0;
    }
    buckets.back().push_back(v);
    filled += bytes.value_or(0);
  }

  // Each bucket starts right after its last member; the waits stand before
  // the return (the only reader of the sums), in bucket order.
  Node *ret = graph.returnNode();
  std::unordered_map<Value *, Value *> reduced;
  for (const std::vector<Value *> &bucket : buckets) {
    Node *last = bucket.back()->node();
    Node *before =
        last == graph.paramNode() ? graph.nodes().front() : last->next();
    Node *start = nullptr;
    {
      WithInsertPoint guard(before);
      Node *list = graph.insert(prim::ListConstruct, bucket);
      list->output()->setType(ListType::ofTensors());
      start = graph.insert(Symbol::fromQualString("kiln::all_reduce_start"),
                           std::vector<Value *>{list->output(), weight});
      start->output()->setType(IntType::get());
    }
    WithInsertPoint guard(ret);
    Node *wait = graph.insert(Symbol::fromQualString("kiln::all_reduce_wait"),
                              std::vector<Value *>{start->output()});
    wait->output()->setType(ListType::ofTensors());
    Node *unpack = graph.insert(
        prim::ListUnpack, std::vector<Value *>{wait->output()}, bucket.size());
    for (size_t i = 0; i < bucket.size(); ++i) {
      unpack->output(i)->setType(bucket[i]->type());
      if (bucket[i]->hasDebugName())
        unpack->output(i)->setDebugName(bucket[i]->debugName());
      reduced[bucket[i]] = unpack->output(i);
    }
  }
  for (size_t i = 0; i < ret->inputs().size(); ++i)
    if (auto it = reduced.find(ret->input(i)); it != reduced.end())
      ret->replaceInput(i, it->second);
}

void dataParallel(Graph &graph) { insertAllReduce(graph); }

} // namespace kiln
