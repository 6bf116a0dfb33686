//===- Frontend.h - Scripts to graphs ---------------------------*- C++ -*-===//
//
// The frontend's entry point: parse a script, pick its entry (a function, a
// module class whose `forward` runs on a default-constructed instance, or
// `Class.method`), build the module tree by running `__init__`, and emit the
// entry's graph with every call inlined.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTEND_FRONTEND_H
#define KILN_FRONTEND_FRONTEND_H

#include "ir/IR.h"
#include "runtime/ModuleState.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiln {

struct CompileOptions {
  /// "Net", "Net.method", "function", or "" for the default: the script's
  /// only nn.Module class, else its only function, else an error listing
  /// the choices.
  std::string entry;
  /// Seeds the default initialisation of parameters.
  uint64_t seed = 0;
};

struct CompiledScript {
  /// The entry's graph, every call inlined. For a method, input 0 is `self`.
  std::shared_ptr<Graph> graph;
  /// The module instance for a method's `self` (null for a function), in
  /// training mode as constructed.
  Ref<ModuleState> module;
  /// "Net.forward" or "function".
  std::string entryName;
  /// The default of each parameter the caller passes (`self` excluded), or
  /// nullopt for one without a default.
  std::vector<std::optional<IValue>> defaults;
};

CompiledScript compileScript(std::string_view text, const std::string &filename,
                             const CompileOptions &options);
CompiledScript compileScriptFile(const std::string &path,
                                 const CompileOptions &options);

} // namespace kiln

#endif // KILN_FRONTEND_FRONTEND_H
