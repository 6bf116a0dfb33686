//===- LoneElementwise.cpp ------------------------------------------------===//
#include "codegen/LoneElementwise.h"
#include "codegen/ElementwiseEmitters.h"
#include "codegen/ElementwiseKernel.h"

#include "ir/IR.h"
#include "ir/OpTable.h"

#include <unordered_map>
#include <vector>

namespace kiln::codegen {

namespace {

bool isTensor(const Value *v) { return v->type()->isa<TensorType>(); }

bool isConstantOperand(const Value *v) {
  return v->node()->kind() == prim::Constant && !isTensor(v);
}

// What the fuser would take into a group (passes/Fusion.cpp's isFusible),
// and what the elementwise generator has an emitter for.
bool isLoneElementwise(const Node &node) {
  if (node.kind() == prim::FusionGroup || !node.blocks().empty())
    return false;
  const OpInfo *op = node.maybeOp();
  if (!op || !op->isElementwise() || op->isMutating() || op->hasSideEffects() ||
      op->isNondeterministic() || !hasElementwiseEmitter(op->id) ||
      node.outputs().empty())
    return false;
  for (const Argument &ret : op->schema.returns())
    if (ret.alias)
      return false;
  bool readsTensor = false;
  for (const Value *in : node.inputs()) {
    if (isTensor(in)) {
      readsTensor = true;
      continue;
    }
    if (isConstantOperand(in))
      continue;
    TypeKind k = in->type()->kind();
    if (k != TypeKind::Int && k != TypeKind::Float && k != TypeKind::Bool &&
        k != TypeKind::Number)
      return false;
  }
  for (const Value *out : node.outputs())
    if (!isTensor(out))
      return false;
  return readsTensor;
}

/// A one-op fusion group standing for `node`, and which of the node's
/// operands are the group's inputs.
struct Wrapped {
  std::shared_ptr<Graph> outer;
  Node *group = nullptr;
  std::vector<uint32_t> operands; // node input index per group input
};

Wrapped wrap(const Node &node) {
  Wrapped w;
  w.outer = std::make_shared<Graph>();
  auto sub = std::make_shared<Graph>();
  w.group = w.outer->create(prim::FusionGroup, 0);
  w.group->g_(attr::Subgraph, sub);
  w.outer->block()->appendNode(w.group);
  std::unordered_map<const Value *, Value *> inner;
  std::vector<Node *> constants;
  for (size_t i = 0; i < node.inputs().size(); ++i) {
    Value *v = node.input(i);
    if (inner.count(v))
      continue;
    if (isConstantOperand(v)) {
      Node *c = sub->createClone(v->node(), [](Value *x) { return x; });
      constants.push_back(c);
      inner[v] = c->output();
      continue;
    }
    Value *outerInput = w.outer->addInput();
    outerInput->setType(v->type());
    w.group->addInput(outerInput);
    Value *param = sub->addInput();
    param->setType(v->type());
    inner[v] = param;
    w.operands.push_back(static_cast<uint32_t>(i));
  }
  for (Node *c : constants)
    sub->block()->appendNode(c);
  Node *copy = sub->createClone(&node, [&](Value *v) { return inner.at(v); });
  sub->block()->appendNode(copy);
  for (Value *out : copy->outputs()) {
    sub->registerOutput(out);
    w.group->addOutput()->setType(out->type());
  }
  return w;
}

/// Runs the group's kernel on the node's non-constant operands.
class LoneElementwiseKernel final : public CompiledKernel {
public:
  LoneElementwiseKernel(std::shared_ptr<const CompiledKernel> kernel,
                        std::vector<uint32_t> operands)
      : kernel_(std::move(kernel)), operands_(std::move(operands)) {}

  bool run(const KernelArgs &args) const override {
    constexpr size_t kInline = 8;
    uint32_t inline_[kInline];
    std::vector<uint32_t> heap;
    uint32_t *inputs = inline_;
    if (operands_.size() > kInline) {
      heap.resize(operands_.size());
      inputs = heap.data();
    }
    for (size_t i = 0; i < operands_.size(); ++i) {
      if (operands_[i] >= args.numInputs)
        return false;
      inputs[i] = args.inputs[operands_[i]];
    }
    KernelArgs groupArgs = args;
    groupArgs.inputs = inputs;
    groupArgs.numInputs = static_cast<uint32_t>(operands_.size());
    return kernel_->run(groupArgs);
  }
  std::string describe() const override { return kernel_->describe(); }

private:
  std::shared_ptr<const CompiledKernel> kernel_;
  std::vector<uint32_t> operands_;
};

} // namespace

std::shared_ptr<const CompiledKernel> compileLoneElementwise(const Node &node) {
  if (!isLoneElementwise(node))
    return nullptr;
  Wrapped w = wrap(node);
  std::shared_ptr<const CompiledKernel> kernel =
      compileElementwiseGroup(*w.group);
  if (!kernel)
    return nullptr;
  return std::make_shared<LoneElementwiseKernel>(std::move(kernel),
                                                 std::move(w.operands));
}

std::string loneElementwiseCode(const Node &node, bool assembly) {
  if (!isLoneElementwise(node))
    return "";
  Wrapped w = wrap(node);
  return elementwiseGroupCode(*w.group, assembly);
}

} // namespace kiln::codegen
