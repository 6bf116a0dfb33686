//===- Interpreter.cpp - Lowering graphs and running them -----------------===//
#include "runtime/Interpreter.h"
#include "runtime/Constants.h"
#include "runtime/KernelCompiler.h"

#include "ir/Constant.h"
#include "ir/Diagnostics.h"
#include "ir/IR.h"
#include "ir/OpTable.h"
#include "support/Error.h"

#include <algorithm>
#include <sstream>

namespace kiln {

//===--- ClassRegistry ----------------------------------------------------===//

Ref<ClassInfo> ClassRegistry::getOrCreate(const std::string &name) {
  auto &slot = classes_[name];
  if (!slot)
    slot = Ref<ClassInfo>::make(name);
  return slot;
}

Ref<ClassInfo> ClassRegistry::find(const std::string &name) const {
  auto it = classes_.find(name);
  return it == classes_.end() ? Ref<ClassInfo>() : it->second;
}

//===--- Lowering ---------------------------------------------------------===//

namespace {

// Registers of these types hold no heap object worth freeing early.
bool holdsHeapObject(const Type &t) {
  return !(t.isa<IntType>() || t.isa<FloatType>() || t.isa<BoolType>() ||
           t.isa<NoneType>());
}

IValue constantToIValue(const Node *n) {
  const Value *v = n->output();
  if (v->type()->isa<FunctionType>())
    return IValue::function(n->s(attr::name));
  auto c = constantValueOf(v);
  KILN_INTERNAL_ASSERT(c.has_value(), "unreadable constant ", n->str());
  return ivalueFromConstant(*c);
}

// A fresh copy of a constant for one run: lists are mutable, so each run
// gets its own.
IValue freshConstant(const IValue &c) {
  if (!c.isList())
    return c;
  return IValue::list(c.toList().items);
}

} // namespace

class Lowering {
public:
  Lowering(Code &code, ClassRegistry &classes, bool compileKernels)
      : code_(code), classes_(classes), compileKernels_(compileKernels) {}

  void lowerGraph(const Graph &g) {
    for (const Value *in : g.inputs())
      code_.inputRegs_.push_back(regOf(in));
    coalesceLoopCarried(g.block());
    planDrops(g.block());
    emitNodes(g.block());
    for (const Value *out : g.outputs())
      code_.outputRegs_.push_back(regOf(out));
    emit(Code::OpCode::Return);
    code_.numRegisters_ = nextRegister_;
  }

private:
  using OpCode = Code::OpCode;

  uint32_t regOf(const Value *v) {
    auto [it, inserted] = registers_.emplace(v, nextRegister_);
    if (inserted)
      ++nextRegister_;
    return it->second;
  }
  uint32_t tempRegister() { return nextRegister_++; }

  Code::Instruction &emit(OpCode op) {
    code_.instructions_.push_back({});
    code_.instructions_.back().op = op;
    return code_.instructions_.back();
  }
  uint32_t here() const {
    return static_cast<uint32_t>(code_.instructions_.size());
  }

  void emitMove(uint32_t from, uint32_t to) {
    if (from == to)
      return;
    auto &i = emit(OpCode::Move);
    i.a = from;
    i.b = to;
  }

  // Assigns sources to destinations as one parallel assignment (loop-carried
  // values may swap): when a destination is read by a later move, stage
  // through temporaries.
  void emitParallelMove(const std::vector<uint32_t> &from,
                        const std::vector<uint32_t> &to) {
    bool clash = false;
    for (size_t i = 0; i < to.size() && !clash; ++i)
      for (size_t j = i + 1; j < from.size(); ++j)
        if (from[j] == to[i] && from[j] != to[j])
          clash = true;
    if (!clash) {
      for (size_t i = 0; i < to.size(); ++i)
        emitMove(from[i], to[i]);
      return;
    }
    std::vector<uint32_t> temps;
    for (uint32_t f : from) {
      temps.push_back(tempRegister());
      emitMove(f, temps.back());
    }
    for (size_t i = 0; i < to.size(); ++i)
      emitMove(temps[i], to[i]);
  }

  //===--- Loop-carried registers -----------------------------------------===//

  // A loop body's output for carried value k replaces its input k on the
  // next iteration. When the input is dead by the time the output is
  // computed, both can share one register, and the move that carries the
  // value to the next iteration disappears. Conditions: the output is
  // computed in the body (not the input itself, not a value from outside),
  // every use of the input comes before the output's defining node (a use
  // in the body's return comes after everything), that node does not read
  // the input (a kernel may write its output before it is done reading),
  // and the output leaves the body only as carried value k.
  void coalesceLoopCarried(const Block *b) {
    for (const Node *n : b->nodes()) {
      for (const Block *inner : n->blocks())
        coalesceLoopCarried(inner);
      if (n->kind() != prim::Loop)
        continue;
      const Block *body = n->blocks()[0];
      std::unordered_map<const Node *, size_t> position;
      size_t pos = 0;
      for (const Node *m : body->nodes())
        position[m] = pos++;
      auto topLevel = [&](const Node *user) {
        while (user->owningBlock() != body)
          user = user->owningBlock()->owningNode();
        return user;
      };
      for (size_t k = 1; k < body->inputs().size(); ++k) {
        const Value *in = body->inputs()[k];
        const Value *out = body->outputs()[k];
        const Node *def = out->node();
        if (def->owningBlock() != body || registers_.count(out))
          continue;
        bool ok = std::count(body->outputs().begin(), body->outputs().end(),
                             out) == 1;
        for (const Use &u : in->uses()) {
          const Node *user = topLevel(u.user);
          if (user == body->returnNode() || user == def ||
              position[user] > position[def])
            ok = false;
        }
        if (ok)
          registers_[out] = regOf(in);
      }
    }
  }

  //===--- Liveness: when can a register be cleared? --------------------===//

  // For every value defined in `b` (and, recursively, in nested blocks):
  // the node of `b` after which it is dead. Uses inside nested blocks count
  // as uses by the node that owns the block, so values read inside a loop
  // live until the loop ends. Values returned from `b` are left alone.
  void planDrops(const Block *b) {
    std::unordered_map<const Node *, size_t> position;
    size_t pos = 0;
    for (const Node *n : b->nodes())
      position[n] = pos++;
    auto consider = [&](const Value *v, const Node *definer) {
      if (!holdsHeapObject(*v->type()))
        return;
      const Node *last = definer;
      for (const Use &u : v->uses()) {
        const Node *user = u.user;
        while (user->owningBlock() != b)
          user = user->owningBlock()->owningNode();
        if (user == b->returnNode())
          return; // leaves the block: moved out at its end
        if (!last || position[user] > position[last] || last == b->paramNode())
          last = user;
      }
      if (last && last != b->paramNode())
        dropsAfter_[last].push_back(regOf(v));
    };
    for (const Value *in : b->inputs())
      consider(in, b->paramNode());
    for (const Node *n : b->nodes()) {
      // A constant's register is loaded once per run, not where the node
      // stands: inside a loop, a drop after its last use would leave the
      // next iteration without it.
      if (n->kind() != prim::Constant)
        for (const Value *out : n->outputs())
          consider(out, n);
      for (const Block *inner : n->blocks())
        planDrops(inner);
    }
  }

  void attachDrops(Code::Instruction &inst, const Node *n) {
    auto it = dropsAfter_.find(n);
    if (it == dropsAfter_.end())
      return;
    inst.drops = static_cast<uint32_t>(code_.drops_.size());
    inst.numDrops = static_cast<uint32_t>(it->second.size());
    code_.drops_.insert(code_.drops_.end(), it->second.begin(),
                        it->second.end());
  }

  void emitDropsAfter(const Node *n) {
    if (dropsAfter_.count(n))
      attachDrops(emit(OpCode::Drop), n);
  }

  //===--- Nodes ---------------------------------------------------------===//

  void emitNodes(const Block *b) {
    for (const Node *n : b->nodes())
      emitNode(n);
  }

  void emitNode(const Node *n) {
    Symbol k = n->kind();
    if (k == prim::Constant) {
      code_.constants_.emplace_back(regOf(n->output()), constantToIValue(n));
      return;
    }
    if (k == prim::If)
      return emitIf(n);
    if (k == prim::Loop)
      return emitLoop(n);
    if (k == prim::GetAttr || k == prim::SetAttr)
      return emitAttribute(n);
    if (k == prim::FusionGroup)
      return emitSubgraph(n);
    if (k == prim::CallFunction || k == prim::CallMethod)
      throwErrorAt(n->sourceRange(), n->kind().qualString(),
                   ": the graph calls a function whose body is not part of "
                   "it; use a graph with calls inlined (a module's "
                   "inlined_graph in PyTorch)");
    const OpInfo *op = n->maybeOp();
    KILN_INTERNAL_ASSERT(op, "lowering an unverified node ", n->str());
    KernelFn fn = KernelTable::get().find(op->id);
    if (auto compiled = compiledKernelFor(n)) {
      // The reference kernel is the fallback; without one, the compiled
      // kernel must accept every input it is given (the compiler's promise).
      auto &inst = emitCall(n, fn);
      inst.op = OpCode::Compiled;
      inst.compiled = compiled.get();
      code_.compiledKernels_.push_back(std::move(compiled));
      attachDrops(inst, n);
      return;
    }
    if (!fn) {
      std::string name = op->schema.name();
      if (!op->schema.overloadName().empty())
        name += "." + op->schema.overloadName();
      throwErrorAt(n->sourceRange(), "Kiln has no kernel for ", name, " yet (",
                   op->schema.str(), ")");
    }
    auto &inst = emitCall(n, fn);
    attachDrops(inst, n);
  }

  Code::Instruction &emitCall(const Node *n, KernelFn fn) {
    uint32_t operands = static_cast<uint32_t>(code_.operands_.size());
    for (const Value *v : n->inputs())
      code_.operands_.push_back(regOf(v));
    for (const Value *v : n->outputs())
      code_.operands_.push_back(regOf(v));
    auto &inst = emit(OpCode::Call);
    inst.operands = operands;
    inst.numInputs = static_cast<uint32_t>(n->inputs().size());
    inst.numOutputs = static_cast<uint32_t>(n->outputs().size());
    inst.fn = fn;
    inst.node = n;
    return inst;
  }

  std::vector<uint32_t> registersOf(std::span<Value *const> values) {
    std::vector<uint32_t> out;
    for (const Value *v : values)
      out.push_back(regOf(v));
    return out;
  }

  void emitIf(const Node *n) {
    uint32_t jumpToElse = here();
    emit(OpCode::JumpIfFalse).a = regOf(n->input(0));
    emitNodes(n->blocks()[0]);
    emitParallelMove(registersOf(n->blocks()[0]->outputs()),
                     registersOf(n->outputs()));
    uint32_t jumpToEnd = here();
    emit(OpCode::Jump);
    code_.instructions_[jumpToElse].target = here();
    emitNodes(n->blocks()[1]);
    emitParallelMove(registersOf(n->blocks()[1]->outputs()),
                     registersOf(n->outputs()));
    code_.instructions_[jumpToEnd].target = here();
    emitDropsAfter(n);
  }

  // prim::Loop(max, cond, carried...) { block(i, carried...) -> (cond,
  // carried...) }: the body's iteration input is the counter itself.
  void emitLoop(const Node *n) {
    const Block *body = n->blocks()[0];
    uint32_t counter = regOf(body->inputs()[0]);
    uint32_t maxTrips = regOf(n->input(0));
    uint32_t cond = tempRegister();
    std::vector<uint32_t> params = registersOf(body->inputs().subspan(1));
    // counter = 0; cond = initial condition; params = carried inputs.
    uint32_t zero = tempRegister();
    code_.constants_.emplace_back(zero, IValue(int64_t{0}));
    emitMove(zero, counter);
    emitMove(regOf(n->input(1)), cond);
    emitParallelMove(registersOf(n->inputs().subspan(2)), params);

    // The first test; later ones are part of LoopNext.
    uint32_t testIndex = here();
    auto &test = emit(OpCode::LoopTest);
    test.a = counter;
    test.b = maxTrips;
    test.c = cond;
    uint32_t bodyStart = here();
    emitNodes(body);
    std::vector<uint32_t> from = registersOf(body->outputs());
    std::vector<uint32_t> to = {cond};
    to.insert(to.end(), params.begin(), params.end());
    // A for-loop returns its initial condition (a constant True): the
    // condition register already holds it.
    if (body->outputs()[0] == n->input(1)) {
      from.erase(from.begin());
      to.erase(to.begin());
    }
    emitParallelMove(from, to);
    auto &next = emit(OpCode::LoopNext);
    next.a = counter;
    next.b = maxTrips;
    next.c = cond;
    next.target = bodyStart;
    code_.instructions_[testIndex].target = here();
    emitParallelMove(params, registersOf(n->outputs()));
    emitDropsAfter(n);
  }

  void emitAttribute(const Node *n) {
    auto cls = n->input(0)->type()->cast<ClassType>();
    KILN_INTERNAL_ASSERT(cls, "GetAttr/SetAttr on a non-class (unverified)");
    Ref<ClassInfo> info = classes_.getOrCreate(cls->name());
    size_t slot = info->addAttribute(n->s(attr::name));
    if (n->kind() == prim::GetAttr) {
      auto &inst = emit(OpCode::GetAttr);
      inst.a = regOf(n->input(0));
      inst.b = regOf(n->output());
      inst.target = static_cast<uint32_t>(slot);
      inst.node = n;
      attachDrops(inst, n);
    } else {
      auto &inst = emit(OpCode::SetAttr);
      inst.a = regOf(n->input(0));
      inst.b = regOf(n->input(1));
      inst.target = static_cast<uint32_t>(slot);
      inst.node = n;
      attachDrops(inst, n);
    }
  }

  // Asks the registered compiler; null when there is none or it declines.
  std::shared_ptr<const CompiledKernel> compiledKernelFor(const Node *n) {
    KernelCompiler *compiler = compileKernels_ ? kernelCompiler() : nullptr;
    return compiler ? compiler->compile(*n) : nullptr;
  }

  void emitSubgraph(const Node *n) {
    std::shared_ptr<const CompiledKernel> compiled = compiledKernelFor(n);
    code_.subgraphs_.push_back(Code::compile(*n->g(attr::Subgraph), classes_,
                                             compileKernels_ && !compiled));
    auto &inst = emitCall(n, nullptr);
    inst.op = compiled ? OpCode::Compiled : OpCode::Subgraph;
    inst.subgraph = code_.subgraphs_.back().get();
    inst.compiled = compiled.get();
    if (compiled)
      code_.compiledKernels_.push_back(std::move(compiled));
    attachDrops(inst, n);
  }

  Code &code_;
  ClassRegistry &classes_;
  bool compileKernels_;
  std::unordered_map<const Value *, uint32_t> registers_;
  std::unordered_map<const Node *, std::vector<uint32_t>> dropsAfter_;
  uint32_t nextRegister_ = 0;
};

std::unique_ptr<Code> Code::compile(const Graph &graph, ClassRegistry &classes,
                                    bool compileKernels) {
  std::unique_ptr<Code> code(new Code());
  Lowering(*code, classes, compileKernels).lowerGraph(graph);
  return code;
}

//===--- Execution --------------------------------------------------------===//

namespace {
[[noreturn]] void rethrowAt(const Node *node, const std::string &message) {
  std::string text = message;
  std::string kind(node->kind().qualString());
  if (text.rfind(kind, 0) != 0 && node->kind() != prim::RaiseException)
    text = kind + ": " + text;
  Diagnostic diag;
  diag.range = node->sourceRange();
  diag.message = text;
  if (!diag.range.valid() || !diag.range.source()->hasText()) {
    Diagnostic note;
    note.severity = Severity::Note;
    note.message = "in node: " + node->str();
    diag.notes.push_back(std::move(note));
  }
  throw CompileError(std::move(diag));
}
} // namespace

std::vector<IValue> Code::run(std::vector<IValue> inputs,
                              RunContext &ctx) const {
  KILN_USER_CHECK(inputs.size() == inputRegs_.size(), "the graph takes ",
                  inputRegs_.size(), " inputs but ", inputs.size(),
                  " were given");
  std::vector<IValue> regs(numRegisters_);
  for (const auto &[reg, value] : constants_)
    regs[reg] = freshConstant(value);
  for (size_t i = 0; i < inputs.size(); ++i)
    regs[inputRegs_[i]] = std::move(inputs[i]);
  execute(regs, ctx);
  std::vector<IValue> outputs;
  outputs.reserve(outputRegs_.size());
  for (uint32_t r : outputRegs_)
    outputs.push_back(regs[r]);
  return outputs;
}

void Code::execute(std::vector<IValue> &regsVec, RunContext &ctx) const {
  IValue *regs = regsVec.data();
  const Instruction *code = instructions_.data();
  const uint32_t *operands = operands_.data();
  size_t pc = 0;
  try {
    while (true) {
      const Instruction &inst = code[pc];
      switch (inst.op) {
      case OpCode::Call: {
        KernelArgs args{regs,
                        operands + inst.operands,
                        operands + inst.operands + inst.numInputs,
                        inst.numInputs,
                        inst.numOutputs,
                        inst.node,
                        &ctx};
        inst.fn(args);
        break;
      }
      case OpCode::Move:
        regs[inst.b] = regs[inst.a];
        break;
      case OpCode::Jump:
        pc = inst.target;
        continue;
      case OpCode::JumpIfFalse:
        if (!regs[inst.a].toBool()) {
          pc = inst.target;
          continue;
        }
        break;
      case OpCode::LoopTest:
        if (!(regs[inst.a].toInt() < regs[inst.b].toInt() &&
              regs[inst.c].toBool())) {
          pc = inst.target;
          continue;
        }
        break;
      case OpCode::Increment:
        regs[inst.a].setInt(regs[inst.a].toInt() + 1);
        break;
      case OpCode::LoopNext: {
        int64_t i = regs[inst.a].toInt() + 1;
        regs[inst.a].setInt(i);
        if (i < regs[inst.b].toInt() && regs[inst.c].toBool()) {
          pc = inst.target;
          continue;
        }
        break;
      }
      case OpCode::Drop:
        break;
      case OpCode::GetAttr: {
        ObjectImpl &obj = regs[inst.a].toObject();
        KILN_INTERNAL_ASSERT(inst.target < obj.slots.size(), "object of class ",
                             obj.cls->name, " has no slot ", inst.target);
        regs[inst.b] = obj.slots[inst.target];
        break;
      }
      case OpCode::SetAttr: {
        ObjectImpl &obj = regs[inst.a].toObject();
        KILN_INTERNAL_ASSERT(inst.target < obj.slots.size(), "object of class ",
                             obj.cls->name, " has no slot ", inst.target);
        obj.slots[inst.target] = regs[inst.b];
        break;
      }
      case OpCode::Subgraph:
        runSubgraph(inst, regs, ctx);
        break;
      case OpCode::Compiled: {
        KernelArgs args{regs,
                        operands + inst.operands,
                        operands + inst.operands + inst.numInputs,
                        inst.numInputs,
                        inst.numOutputs,
                        inst.node,
                        &ctx};
        if (inst.compiled->run(args))
          break;
        if (inst.subgraph)
          runSubgraph(inst, regs, ctx);
        else
          inst.fn(args);
        break;
      }
      case OpCode::Return:
        return;
      }
      for (uint32_t d = 0; d < inst.numDrops; ++d)
        regs[drops_[inst.drops + d]] = IValue();
      ++pc;
    }
  } catch (const CompileError &) {
    throw; // already located (a nested subgraph, a RaiseException)
  } catch (const UserError &e) {
    const Node *node = code[pc].node;
    if (!node)
      throw;
    rethrowAt(node, e.what());
  }
}

void Code::runSubgraph(const Instruction &inst, IValue *regs,
                       RunContext &ctx) const {
  const uint32_t *operands = operands_.data() + inst.operands;
  std::vector<IValue> in;
  in.reserve(inst.numInputs);
  for (uint32_t i = 0; i < inst.numInputs; ++i)
    in.push_back(regs[operands[i]]);
  std::vector<IValue> out = inst.subgraph->run(std::move(in), ctx);
  for (uint32_t i = 0; i < inst.numOutputs; ++i)
    regs[operands[inst.numInputs + i]] = std::move(out[i]);
}

std::string Code::dump() const {
  std::ostringstream os;
  static const char *names[] = {
      "call",      "move",      "jump",  "jump_if_false", "loop_test",
      "loop_next", "increment", "drop",  "get_attr",      "set_attr",
      "subgraph",  "compiled",  "return"};
  for (const auto &[reg, value] : constants_)
    os << "const r" << reg << " = " << value.repr() << "\n";
  for (size_t pc = 0; pc < instructions_.size(); ++pc) {
    const Instruction &i = instructions_[pc];
    os << pc << ": " << names[static_cast<int>(i.op)];
    switch (i.op) {
    case OpCode::Call:
    case OpCode::Subgraph:
    case OpCode::Compiled:
      os << " " << i.node->kind().qualString() << " (";
      for (uint32_t k = 0; k < i.numInputs; ++k)
        os << (k ? ", r" : "r") << operands_[i.operands + k];
      os << ") ->";
      for (uint32_t k = 0; k < i.numOutputs; ++k)
        os << " r" << operands_[i.operands + i.numInputs + k];
      if (i.compiled)
        os << " [" << i.compiled->describe() << "]";
      break;
    case OpCode::Move:
      os << " r" << i.a << " -> r" << i.b;
      break;
    case OpCode::Jump:
      os << " " << i.target;
      break;
    case OpCode::JumpIfFalse:
      os << " r" << i.a << ", " << i.target;
      break;
    case OpCode::LoopTest:
      os << " r" << i.a << " < r" << i.b << " and r" << i.c << ", else "
         << i.target;
      break;
    case OpCode::LoopNext:
      os << " ++r" << i.a << " < r" << i.b << " and r" << i.c << ", then "
         << i.target;
      break;
    case OpCode::Increment:
      os << " r" << i.a;
      break;
    case OpCode::GetAttr:
      os << " r" << i.a << ".slot" << i.target << " -> r" << i.b;
      break;
    case OpCode::SetAttr:
      os << " r" << i.a << ".slot" << i.target << " = r" << i.b;
      break;
    default:
      break;
    }
    if (i.numDrops) {
      os << "  drop";
      for (uint32_t k = 0; k < i.numDrops; ++k)
        os << " r" << drops_[i.drops + k];
    }
    os << "\n";
  }
  return os.str();
}

} // namespace kiln
