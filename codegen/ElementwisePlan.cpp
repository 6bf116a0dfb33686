//===- ElementwisePlan.cpp ------------------------------------------------===//
#include "codegen/ElementwisePlan.h"
#include "codegen/ElementwiseEmitters.h"
#include "codegen/Jit.h"

#include "ir/Constant.h"
#include "ir/IR.h"
#include "ir/OpTable.h"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <unordered_map>

namespace kiln::codegen {

namespace {

// Version of the generated code's design: bump when the IR a plan gives
// changes, so stale disk-cache entries are never found.
constexpr const char *kGeneratorVersion = "kiln-elementwise-5";

bool supportedTensorDtype(ScalarType t) {
  return t == ScalarType::Float || t == ScalarType::Double ||
         t == ScalarType::Long || t == ScalarType::Bool;
}

const TensorType *completeTensor(const Value *v) {
  const TensorType *t = v->type()->cast<TensorType>();
  if (!t || !t->dtype() || !supportedTensorDtype(*t->dtype()) ||
      !t->hasCompleteSizes())
    return nullptr;
  return t;
}

std::vector<int64_t> sizesOf(const TensorType &t) {
  std::vector<int64_t> sizes;
  for (const auto &s : *t.sizes())
    sizes.push_back(*s);
  return sizes;
}

std::optional<std::vector<int64_t>>
broadcast(const std::vector<std::vector<int64_t>> &shapes) {
  size_t rank = 0;
  for (const auto &s : shapes)
    rank = std::max(rank, s.size());
  std::vector<int64_t> out(rank, 1);
  for (const auto &s : shapes)
    for (size_t i = 0; i < s.size(); ++i) {
      int64_t &o = out[rank - s.size() + i];
      if (s[i] == o || s[i] == 1)
        continue;
      if (o != 1)
        return std::nullopt;
      o = s[i];
    }
  return out;
}

std::string hex64(uint64_t v) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

uint64_t fnv1a(std::string_view bytes) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

} // namespace

InnerAccess innerAccessOf(int64_t stride) {
  if (stride == 1)
    return InnerAccess::Unit;
  if (stride == 0)
    return InnerAccess::Broadcast;
  return InnerAccess::Strided;
}

CollapsedShape collapse(std::span<const int64_t> outSizes,
                        std::vector<std::vector<int64_t>> strides) {
  CollapsedShape c;
  c.strides.resize(strides.size());
  // Drop size-1 dimensions, then merge dimension d into d+1 when every
  // operand steps over d as over size[d+1] elements of d+1.
  for (size_t d = 0; d < outSizes.size(); ++d) {
    if (outSizes[d] == 1)
      continue;
    bool merge = !c.sizes.empty();
    for (size_t k = 0; merge && k < strides.size(); ++k)
      merge = c.strides[k].back() == strides[k][d] * outSizes[d];
    if (merge) {
      c.sizes.back() *= outSizes[d];
      for (size_t k = 0; k < strides.size(); ++k)
        c.strides[k].back() = strides[k][d];
      continue;
    }
    c.sizes.push_back(outSizes[d]);
    for (size_t k = 0; k < strides.size(); ++k)
      c.strides[k].push_back(strides[k][d]);
  }
  if (c.sizes.empty()) {
    c.sizes.push_back(1);
    for (auto &s : c.strides)
      s.push_back(0);
  }
  return c;
}

std::optional<ElementwisePlan> planElementwiseGroup(const Node &group) {
  if (group.kind() != prim::FusionGroup)
    return std::nullopt;
  const Graph &body = *group.g(attr::Subgraph);
  ElementwisePlan plan;
  plan.body = &body;
  std::ostringstream key;
  key << kGeneratorVersion << "\n";

  // Inputs.
  std::unordered_map<const Value *, std::string> names;
  std::unordered_map<const Value *, std::vector<size_t>> deps;
  std::vector<std::vector<int64_t>> inputSizes, inputStrides;
  for (const Value *in : body.inputs()) {
    PlanInput p;
    if (in->type()->isa<TensorType>()) {
      const TensorType *t = completeTensor(in);
      if (!t)
        return std::nullopt;
      p.dtype = *t->dtype();
      std::vector<int64_t> sizes = sizesOf(*t);
      p.rank = static_cast<int64_t>(sizes.size());
      p.tensorIndex = plan.numTensorInputs++;
      // Unknown strides: assume contiguous; run() checks the real ones.
      std::vector<int64_t> strides =
          t->strides() && t->strides()->size() == sizes.size()
              ? *t->strides()
              : Tensor::contiguousStrides(sizes);
      deps[in] = {p.tensorIndex};
      inputSizes.push_back(std::move(sizes));
      inputStrides.push_back(std::move(strides));
    } else {
      p.isTensor = false;
      switch (in->type()->kind()) {
      case TypeKind::Int:
        p.dtype = ScalarType::Long;
        break;
      case TypeKind::Float:
        p.dtype = ScalarType::Double;
        break;
      case TypeKind::Bool:
        p.dtype = ScalarType::Bool;
        break;
      default:
        return std::nullopt;
      }
      p.scalarIndex = plan.numScalarInputs++;
    }
    names[in] = "%" + std::to_string(names.size());
    plan.inputs.push_back(p);
  }
  if (plan.numTensorInputs == 0)
    return std::nullopt;

  // Constants first: the fuser may leave one after a use (they are values,
  // not computations).
  for (const Node *n : body.nodes()) {
    if (n->kind() != prim::Constant)
      continue;
    auto c = constantValueOf(n->output());
    if (!c || std::holds_alternative<Tensor>(*c))
      return std::nullopt;
    names[n->output()] = "$" + formatConstant(*c);
  }
  // Nodes: each op needs an emitter and fully typed tensor results.
  for (const Node *n : body.nodes()) {
    if (n->kind() == prim::Constant)
      continue;
    const OpInfo *op = n->maybeOp();
    if (!op || !n->blocks().empty() || !hasElementwiseEmitter(op->id))
      return std::nullopt;
    std::vector<size_t> nodeDeps;
    key << op->idName << "(";
    for (const Value *in : n->inputs()) {
      auto it = names.find(in);
      if (it == names.end())
        return std::nullopt;
      key << it->second << ",";
      for (size_t d : deps[in])
        if (std::find(nodeDeps.begin(), nodeDeps.end(), d) == nodeDeps.end())
          nodeDeps.push_back(d);
    }
    key << ") ->";
    for (const Value *out : n->outputs()) {
      const TensorType *t = completeTensor(out);
      if (!t)
        return std::nullopt;
      names[out] = "%" + std::to_string(names.size());
      deps[out] = nodeDeps;
      key << " " << names[out] << ":" << scalarTypeName(*t->dtype());
    }
    key << "\n";
  }

  // The iteration space, and outputs that cover it.
  std::optional<std::vector<int64_t>> shape = broadcast(inputSizes);
  if (!shape)
    return std::nullopt;
  key << "return";
  for (const Value *out : body.outputs()) {
    const TensorType *t = out->node()->kind() == prim::Param ||
                                  out->node()->kind() == prim::Constant
                              ? nullptr
                              : completeTensor(out);
    if (!t || sizesOf(*t) != *shape)
      return std::nullopt;
    plan.outputDtypes.push_back(*t->dtype());
    plan.outputDeps.push_back(deps[out]);
    key << " " << names[out];
  }
  key << "\n";

  // Collapse with the compile-time strides.
  std::vector<std::vector<int64_t>> viewStrides;
  for (size_t k = 0; k < inputSizes.size(); ++k) {
    std::vector<int64_t> s(shape->size(), 0);
    size_t offset = shape->size() - inputSizes[k].size();
    for (size_t d = 0; d < inputSizes[k].size(); ++d)
      if (inputSizes[k][d] != 1)
        s[offset + d] = inputStrides[k][d];
    viewStrides.push_back(std::move(s));
  }
  CollapsedShape collapsed = collapse(*shape, std::move(viewStrides));
  plan.rank = static_cast<int64_t>(collapsed.sizes.size());
  key << "rank " << plan.rank << "\n";
  for (PlanInput &p : plan.inputs) {
    if (p.isTensor)
      p.inner = collapsed.sizes.back() == 1
                    ? InnerAccess::Unit
                    : innerAccessOf(collapsed.strides[p.tensorIndex].back());
    key << "in " << (p.isTensor ? "T" : "S") << " " << scalarTypeName(p.dtype)
        << " " << p.rank << " " << static_cast<int>(p.inner) << "\n";
  }
  Jit &jit = Jit::get();
  key << "cpu " << jit.cpuName() << " " << jit.cpuFeatures() << "\n";
  plan.key = key.str();
  plan.symbol = "kiln_ew_" + hex64(fnv1a(plan.key));
  return plan;
}

} // namespace kiln::codegen
