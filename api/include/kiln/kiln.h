//===- kiln.h - Kiln's C++ API for applications -----------------*- C++ -*-===//
//
// Run models in a C++ application, without Python:
//
//   #include <kiln/kiln.h>
//
//   kiln::Model model = kiln::Model::load("net.ir");   // PyTorch's graph
//   model.loadWeights("net.safetensors");               // its state_dict
//   kiln::Tensor x = kiln::Tensor::fromVector<float>({1, 2, 3, 4}, {2, 2});
//   std::vector<kiln::IValue> out = model.run({x});
//   std::cout << kiln::formatTensor(out[0].toTensor()) << "\n";
//
// or from the model's script itself:
//
//   kiln::Model model = kiln::Model::compile("net.py");  // class
//   Net(nn.Module) model.loadWeights("net.safetensors");
//
// With CMake: find_package(Kiln) and link Kiln::kiln, or Kiln::runtime for
// graph files alone (Model::compile is then missing at link time: the
// runtime has no frontend). A Model may run from several threads at once.
// Errors are kiln::UserError exceptions whose what() says what is wrong and
// where.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_KILN_H
#define KILN_KILN_H

#include "runtime/IValue.h"
#include "runtime/tensor/Print.h"
#include "runtime/tensor/Tensor.h"
#include "runtime/tensor/io/Npy.h"
#include "support/Error.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kiln {

class Program;
struct ModuleState;

class Model {
public:
  /// Loads a graph in Kiln's IR: the text PyTorch prints for
  /// torch.jit.script(f).graph or a module's inlined_graph.
  static Model load(const std::string &path);
  static Model fromIR(std::string_view text,
                      const std::string &name = "<memory>");
  /// Compiles a model script (Kiln::kiln only). `entry` is a class (its
  /// forward runs on an instance built by running `__init__`),
  /// "Class.method" or a function; "" picks the script's only nn.Module
  /// class, else its only function. A module's parameters start with
  /// PyTorch's default initialisation drawn from `seed`; loadWeights or
  /// setWeights replace them.
  static Model compile(const std::string &path, const std::string &entry = "",
                       uint64_t seed = 0);

  /// A module's graph needs its parameters and buffers, named as in
  /// PyTorch's state_dict ("conv1.weight"); from a safetensors file or given
  /// directly. Missing, unexpected and misshapen tensors are one UserError
  /// listing them. (Copies of a compiled Model share its module's state:
  /// weights set on one are checked against the others' shapes too.)
  void loadWeights(const std::string &safetensorsPath);
  void setWeights(const std::vector<std::pair<std::string, Tensor>> &tensors);

  /// How many inputs run() takes (a module's own object not counted).
  size_t numInputs() const;
  /// The type of input `i`, as the IR spells it ("Tensor", "int", ...).
  std::string inputType(size_t i) const;

  /// Runs the model in evaluation mode. Inputs and results are IValues: a
  /// Tensor, int, float, bool, str, None, list, tuple or dict (see
  /// runtime/IValue.h). Thread-safe: a Model may run from
  /// several threads at once. `seed` seeds random ops (rand, dropout).
  std::vector<IValue> run(std::vector<IValue> inputs, uint64_t seed = 0) const;

private:
  struct ScriptModule;

  explicit Model(std::shared_ptr<const Program> program);
  /// For a compiled script's module: its state, from which `self` is built.
  void setScriptModule(Ref<ModuleState> state);

  std::shared_ptr<const Program> program_;
  std::shared_ptr<const IValue> module_;
  /// Null unless compiled from a script whose entry is a method.
  std::shared_ptr<ScriptModule> script_;
};

/// Tensor files: .npz archives and safetensors files as (name, tensor) lists.
std::vector<std::pair<std::string, Tensor>> loadNpz(const std::string &path);
std::vector<std::pair<std::string, Tensor>>
loadSafetensors(const std::string &path);

} // namespace kiln

#endif // KILN_KILN_H
