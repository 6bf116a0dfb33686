//===- UnrollLoops.cpp ----------------------------------------------------===//
#include "passes/UnrollLoops.h"

#include "ir/Constant.h"
#include "ir/IR.h"

#include <unordered_map>
#include <vector>

namespace kiln {

namespace {

constexpr int64_t kMaxTripCount = 16;
constexpr size_t kMaxUnrolledNodes = 1024;

size_t countNodes(const Block *block) {
  size_t count = 0;
  for (const Node *n : block->nodes()) {
    ++count;
    for (const Block *b : n->blocks())
      count += countNodes(b);
  }
  return count;
}

template <typename T> std::optional<T> constantOf(const Value *v) {
  std::optional<ConstantValue> c = constantValueOf(v);
  if (!c)
    return std::nullopt;
  if (auto *x = std::get_if<T>(&*c))
    return *x;
  return std::nullopt;
}

void unroll(Graph &graph, Node *loop) {
  auto trips = constantOf<int64_t>(loop->input(0));
  auto enter = constantOf<bool>(loop->input(1));
  if (!trips || !enter)
    return;
  std::vector<Value *> carried(loop->inputs().begin() + 2,
                               loop->inputs().end());
  if (*trips > 0 && *enter) {
    Block *body = loop->blocks()[0];
    auto keepGoing = constantOf<bool>(body->outputs()[0]);
    if (!keepGoing || *trips > kMaxTripCount ||
        static_cast<size_t>(*trips) * countNodes(body) > kMaxUnrolledNodes)
      return;
    int64_t iterations = *keepGoing ? *trips : 1;
    WithInsertPoint guard(loop);
    for (int64_t i = 0; i < iterations; ++i) {
      std::unordered_map<Value *, Value *> map;
      Value *index = insertConstant(graph, i, loop->sourceRange());
      map[body->inputs()[0]] = index;
      for (size_t j = 0; j < carried.size(); ++j)
        map[body->inputs()[1 + j]] = carried[j];
      auto lookup = [&map](Value *v) {
        auto it = map.find(v);
        return it == map.end() ? v : it->second;
      };
      for (Node *n : body->nodes()) {
        Node *copy = graph.insertNode(graph.createClone(n, lookup));
        for (size_t k = 0; k < n->outputs().size(); ++k)
          map[n->output(k)] = copy->output(k);
      }
      for (size_t j = 0; j < carried.size(); ++j)
        carried[j] = lookup(body->outputs()[1 + j]);
      if (!index->hasUses())
        index->node()->destroy();
    }
  }
  for (size_t j = 0; j < carried.size(); ++j)
    loop->output(j)->replaceAllUsesWith(carried[j]);
  loop->destroy();
}

void visitBlock(Graph &graph, Block *block) {
  std::vector<Node *> nodes;
  for (Node *n : block->nodes())
    nodes.push_back(n);
  for (Node *n : nodes) {
    for (Block *b : n->blocks())
      visitBlock(graph, b);
    if (n->kind() == prim::Loop)
      unroll(graph, n);
  }
}

} // namespace

void unrollLoops(Graph &graph) { visitBlock(graph, graph.block()); }

} // namespace kiln
