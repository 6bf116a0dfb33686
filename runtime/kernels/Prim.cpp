//===- Prim.cpp - Kernels of the structural prim:: ops --------------------===//
//
// Constants, control flow, attributes and subgraphs are instructions of the
// interpreter; these are the structural ops that are ordinary calls.
//
//===----------------------------------------------------------------------===//
#include "ir/IR.h"
#include "runtime/Boxing.h"
#include "runtime/kernels/Kernels.h"

#include <ostream>

namespace kiln {

namespace {

void listConstruct(const KernelArgs &a) {
  std::vector<IValue> items;
  items.reserve(a.numInputs);
  for (uint32_t i = 0; i < a.numInputs; ++i)
    items.push_back(a.in(i));
  a.setOut(0, IValue::list(std::move(items)));
}

void tupleConstruct(const KernelArgs &a) {
  std::vector<IValue> items;
  items.reserve(a.numInputs);
  for (uint32_t i = 0; i < a.numInputs; ++i)
    items.push_back(a.in(i));
  a.setOut(0, IValue::tuple(std::move(items)));
}

void dictConstruct(const KernelArgs &a) {
  auto dict = Ref<DictImpl>::make();
  for (uint32_t i = 0; i + 1 < a.numInputs; i += 2)
    dict->set(a.in(i), a.in(i + 1));
  a.setOut(0, IValue(std::move(dict)));
}

void unpack(const KernelArgs &a, const std::vector<IValue> &items,
            const char *what) {
  KILN_USER_CHECK(items.size() == a.numOutputs, "cannot unpack a ", what,
                  " of ", items.size(), " values into ", a.numOutputs);
  for (uint32_t i = 0; i < a.numOutputs; ++i)
    a.setOut(i, items[i]);
}

void tupleUnpack(const KernelArgs &a) {
  // Copy: the outputs may overwrite the tuple's register.
  IValue tuple = a.in(0);
  unpack(a, tuple.toTupleItems(), "tuple");
}

void listUnpack(const KernelArgs &a) {
  IValue list = a.in(0);
  unpack(a, list.toList().items, "list");
}

void tupleIndex(const KernelArgs &a) {
  const auto &items = a.in(0).toTupleItems();
  int64_t i = a.in(1).toInt();
  int64_t n = static_cast<int64_t>(items.size());
  KILN_USER_CHECK(i >= -n && i < n, "tuple index ", i,
                  " out of range for a tuple of ", n);
  a.setOut(0, items[static_cast<size_t>(i < 0 ? i + n : i)]);
}

void uninitialized(const KernelArgs &a) { a.setOut(0, IValue()); }

void uncheckedCast(const KernelArgs &a) { a.setOut(0, a.in(0)); }

// raise ValueError("...") is RaiseException("...", "builtins.ValueError");
// assert's message already names AssertionError.
void raiseException(const KernelArgs &a) {
  std::string message = a.in(0).toStringRef();
  if (!a.in(1).isNone()) {
    std::string cls = a.in(1).toStringRef();
    size_t dot = cls.rfind('.');
    message =
        cls.substr(dot == std::string::npos ? 0 : dot + 1) + ": " + message;
  }
  throw UserError(message);
}

void print(const KernelArgs &a) {
  std::string line;
  for (uint32_t i = 0; i < a.numInputs; ++i)
    line += (i ? " " : "") + a.in(i).str();
  *a.ctx->out << line << '\n';
}

} // namespace

void registerPrimKernels(KernelTable &t) {
  t.setVariadic(OpId::prim_ListConstruct, listConstruct);
  t.setVariadic(OpId::prim_TupleConstruct, tupleConstruct);
  t.setVariadic(OpId::prim_DictConstruct, dictConstruct);
  t.setVariadic(OpId::prim_Print, print);
  t.set(OpId::prim_TupleUnpack, tupleUnpack, 1);
  t.set(OpId::prim_ListUnpack, listUnpack, 1);
  t.set(OpId::prim_TupleIndex, tupleIndex, 2);
  t.set(OpId::prim_Uninitialized, uninitialized, 0);
  t.set(OpId::prim_unchecked_cast, uncheckedCast, 1);
  t.set(OpId::prim_RaiseException, raiseException, 2);
}

} // namespace kiln
