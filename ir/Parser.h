//===- Parser.h - Reading IR text -------------------------------*- C++ -*-===//
//
// Parses TorchScript's graph syntax, as PyTorch prints `torch.jit.script(f)
// .graph` and modules' `inlined_graph`, and as Kiln prints graphs:
//
//   graph(%x.1 : Tensor, %n : int):
//     %2 : int = prim::Constant[value=1]()
//     %y : Tensor = aten::add(%x.1, %x.1, %2) # model.py:3:8
//     return (%y)
//   with prim::FusionGroup_0 = graph(...)
//
// Before the graph, a file may define the functions and methods it calls
// (`def NAME = graph(...)`, ir/CompilationUnit.h); parseUnit reads such
// files, parseIR single graphs.
//
// Numbered values keep their numbers and named values their names, so
// printing a parsed graph gives back the text. `# file:line:col` comments
// after a node become its source range; other comments are ignored. Node
// kinds must be in the op table. Errors are CompileErrors located in the
// text.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_PARSER_H
#define KILN_IR_PARSER_H

#include "ir/CompilationUnit.h"
#include "ir/IR.h"

#include <memory>
#include <string>
#include <string_view>

namespace kiln {

/// Definitions and the main graph. A file that is a single graph gives a
/// unit without definitions.
std::shared_ptr<CompilationUnit>
parseUnit(std::shared_ptr<const Source> source);
std::shared_ptr<CompilationUnit> parseUnit(std::string_view text,
                                           std::string filename = "<string>");

/// A single graph; definitions are an error.
std::unique_ptr<Graph> parseIR(std::shared_ptr<const Source> source);
std::unique_ptr<Graph> parseIR(std::string_view text,
                               std::string filename = "<string>");

} // namespace kiln

#endif // KILN_IR_PARSER_H
