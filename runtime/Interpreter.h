//===- Interpreter.h - Register bytecode for graphs -------------*- C++ -*-===//
//
// A Graph is lowered once into Code: a flat list of instructions over a
// register file with one register per SSA value (TorchScript's interpreter
// is the reference point). prim::If and prim::Loop become jumps; constants
// are loaded into their registers before the first instruction; each
// instruction's kernel is looked up by OpId when lowering, so running an op
// is one indirect call; a register holding a tensor, list or string is
// cleared after the last instruction that reads it, so memory is freed as
// early as the graph allows.
//
// Code is immutable once built: any number of threads may run it at once,
// each run with its own registers.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_INTERPRETER_H
#define KILN_RUNTIME_INTERPRETER_H

#include "runtime/IValue.h"
#include "runtime/Kernel.h"

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace kiln {

class CompiledKernel;
class Graph;
class Node;

/// The classes (module types) a program's objects have, by qualified name.
class ClassRegistry {
public:
  /// The class named `name`, created empty when new.
  Ref<ClassInfo> getOrCreate(const std::string &name);
  Ref<ClassInfo> find(const std::string &name) const;

private:
  std::unordered_map<std::string, Ref<ClassInfo>> classes_;
};

class Code {
public:
  /// Lowers a verified graph. Nodes for which the registered KernelCompiler
  /// (runtime/KernelCompiler.h) gives a compiled kernel run it, with their
  /// reference kernel or subgraph as the fallback. Ops without a kernel, calls
  /// of functions whose bodies are not in the graph, and module attributes of
  /// unknown classes are CompileErrors at the node. The graph must outlive the
  /// Code. Without `compileKernels` every node runs its reference kernel
  /// (the fallback Code of a fusion group that got a compiled kernel: its
  /// nodes need none of their own).
  static std::unique_ptr<Code> compile(const Graph &graph,
                                       ClassRegistry &classes,
                                       bool compileKernels = true);

  /// Runs the code on `inputs` (one per graph input). Errors in kernels are
  /// rethrown as CompileErrors located at the node that raised them.
  std::vector<IValue> run(std::vector<IValue> inputs, RunContext &ctx) const;

  size_t numInputs() const { return inputRegs_.size(); }
  size_t numRegisters() const { return numRegisters_; }
  size_t numInstructions() const { return instructions_.size(); }
  /// A readable listing of the instructions, for tests and debugging.
  std::string dump() const;

  enum class OpCode : uint8_t {
    Call,        // kernel(inputs) -> outputs
    Move,        // r[b] = r[a]
    Jump,        // pc = target
    JumpIfFalse, // if !r[a] pc = target
    LoopTest,    // if !(r[a] < r[b] && r[c]) pc = target
    LoopNext,    // ++r[a]; if (r[a] < r[b] && r[c]) pc = target
    Increment,   // r[a] += 1
    Drop,        // clear the drop list
    GetAttr,     // r[b] = r[a].slots[target]
    SetAttr,     // r[a].slots[target] = r[b]
    Subgraph,    // outputs = subgraph(inputs)
    Compiled,    // compiled(inputs) -> outputs, else fn or subgraph
    Return,      // the graph's results
  };

  struct Instruction {
    OpCode op;
    uint32_t numInputs = 0, numOutputs = 0;
    uint32_t operands = 0; // index into operands_: inputs, then outputs
    uint32_t a = 0, b = 0, c = 0;
    uint32_t target = 0;
    uint32_t drops = 0, numDrops = 0; // index into drops_
    KernelFn fn = nullptr;
    const Node *node = nullptr;
    const Code *subgraph = nullptr;
    const CompiledKernel *compiled = nullptr;
  };

private:
  friend class Lowering;
  Code() = default;

  void execute(std::vector<IValue> &regs, RunContext &ctx) const;
  void runSubgraph(const Instruction &inst, IValue *regs,
                   RunContext &ctx) const;

  std::vector<Instruction> instructions_;
  std::vector<uint32_t> operands_;
  std::vector<uint32_t> drops_;
  std::vector<std::pair<uint32_t, IValue>> constants_;
  std::vector<uint32_t> inputRegs_, outputRegs_;
  std::vector<std::unique_ptr<Code>> subgraphs_;
  std::vector<std::shared_ptr<const CompiledKernel>> compiledKernels_;
  uint32_t numRegisters_ = 0;
};

} // namespace kiln

#endif // KILN_RUNTIME_INTERPRETER_H
