//===- ModuleState.h - The state of an nn.Module instance -------*- C++ -*-===//
//
// What a module instance holds once its `__init__` has run: its attributes
// in the order they were set, each a parameter, a buffer, a submodule or a
// plain value (int, float, bool, str, list, None, a tensor that is neither
// parameter nor buffer). The frontend builds ModuleStates by executing
// `__init__` at compile time; the runtime turns one into the object a
// graph's `self` input takes (Program::makeModule), and reads and writes its
// state dict with PyTorch's names ("conv1.weight", "bn1.running_mean").
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_MODULESTATE_H
#define KILN_RUNTIME_MODULESTATE_H

#include "runtime/IValue.h"

#include <string>
#include <utility>
#include <vector>

namespace kiln {

struct ModuleState : RefCounted {
  enum class Kind : uint8_t { Parameter, Buffer, Module, Value };

  struct Entry {
    std::string name;
    Kind kind = Kind::Value;
    /// A Parameter's or Buffer's tensor (or None: `self.bias = None` after
    /// register_parameter), or a plain value.
    IValue value;
    /// A submodule (Kind::Module).
    Ref<ModuleState> module;
  };

  ModuleState(std::string python, std::string qualified)
      : pythonName(std::move(python)), qualifiedName(std::move(qualified)) {}

  /// The class's name as written ("Linear", "Net"), for messages.
  std::string pythonName;
  /// The IR class type's name ("__torch__.torch.nn.modules.linear.Linear").
  std::string qualifiedName;
  /// `self.training`; every module has it.
  bool training = true;
  /// In the order `__init__` set them; setting an existing name again
  /// replaces its value in place (as Python's dicts keep insertion order).
  std::vector<Entry> entries;

  const Entry *find(const std::string &name) const;
  Entry *find(const std::string &name);
  /// Adds or replaces the entry `name`.
  Entry &set(std::string name, Kind kind, IValue value);
  Entry &setModule(std::string name, Ref<ModuleState> module);

  /// A copy with its own tensors (cloned) and submodules (a submodule that
  /// appears twice stays one object); plain values are shared.
  Ref<ModuleState> deepCopy() const;

  /// Sets `training` here and in every submodule.
  void setTraining(bool on);

  /// Parameters, then buffers, then each submodule's entries under
  /// "name." — exactly PyTorch's state_dict() order and names. None-valued
  /// parameters and buffers are left out, as PyTorch leaves them out.
  std::vector<std::pair<std::string, Tensor>> stateDict() const;
  /// The parameters alone, in parameters() order, as named_parameters().
  std::vector<std::pair<std::string, Tensor>> namedParameters() const;

  /// Replaces every parameter and buffer by the tensor of the same name.
  /// Missing names, unexpected names and shapes or dtypes that differ are
  /// one UserError that lists them all (PyTorch's strict load_state_dict);
  /// `what` names the source of the tensors in that message.
  void loadStateDict(const std::vector<std::pair<std::string, Tensor>> &tensors,
                     const std::string &what);
};

} // namespace kiln

#endif // KILN_RUNTIME_MODULESTATE_H
