//===- ModuleState.cpp ----------------------------------------------------===//
#include "runtime/ModuleState.h"

#include "runtime/tensor/ScalarType.h"

#include <map>
#include <unordered_map>

namespace kiln {

const ModuleState::Entry *ModuleState::find(const std::string &name) const {
  for (const Entry &e : entries)
    if (e.name == name)
      return &e;
  return nullptr;
}

ModuleState::Entry *ModuleState::find(const std::string &name) {
  for (Entry &e : entries)
    if (e.name == name)
      return &e;
  return nullptr;
}

ModuleState::Entry &ModuleState::set(std::string name, Kind kind,
                                     IValue value) {
  KILN_INTERNAL_ASSERT(kind != Kind::Module, "use setModule for submodules");
  Entry *e = find(name);
  if (!e) {
    entries.push_back(Entry{std::move(name), kind, IValue(), nullptr});
    e = &entries.back();
  }
  e->kind = kind;
  e->value = std::move(value);
  e->module = nullptr;
  return *e;
}

ModuleState::Entry &ModuleState::setModule(std::string name,
                                           Ref<ModuleState> module) {
  KILN_INTERNAL_ASSERT(module, "setModule without a module");
  Entry *e = find(name);
  if (!e) {
    entries.push_back(Entry{std::move(name), Kind::Module, IValue(), nullptr});
    e = &entries.back();
  }
  e->kind = Kind::Module;
  e->value = IValue();
  e->module = std::move(module);
  return *e;
}

namespace {

Ref<ModuleState>
deepCopyOf(const ModuleState &m,
           std::unordered_map<const ModuleState *, Ref<ModuleState>> &done) {
  if (auto it = done.find(&m); it != done.end())
    return it->second;
  auto copy = Ref<ModuleState>::make(m.pythonName, m.qualifiedName);
  done.emplace(&m, copy);
  copy->training = m.training;
  for (const ModuleState::Entry &e : m.entries) {
    ModuleState::Entry c{e.name, e.kind, e.value, nullptr};
    if (e.kind == ModuleState::Kind::Module)
      c.module = deepCopyOf(*e.module, done);
    else if (e.value.isTensor())
      c.value = IValue(e.value.toTensor().clone());
    copy->entries.push_back(std::move(c));
  }
  return copy;
}

} // namespace

Ref<ModuleState> ModuleState::deepCopy() const {
  std::unordered_map<const ModuleState *, Ref<ModuleState>> done;
  return deepCopyOf(*this, done);
}

void ModuleState::setTraining(bool on) {
  training = on;
  for (Entry &e : entries)
    if (e.kind == Kind::Module)
      e.module->setTraining(on);
}

namespace {

/// Appends the tensors of `kinds` under `prefix`, PyTorch's
/// _named_members order: this module's own first, then each submodule's.
void collect(const ModuleState &m, const std::string &prefix, bool buffers,
             std::vector<std::pair<std::string, Tensor>> &out) {
  for (const auto &e : m.entries)
    if (e.kind == ModuleState::Kind::Parameter && e.value.isTensor())
      out.emplace_back(prefix + e.name, e.value.toTensor());
  if (buffers)
    for (const auto &e : m.entries)
      if (e.kind == ModuleState::Kind::Buffer && e.value.isTensor())
        out.emplace_back(prefix + e.name, e.value.toTensor());
  for (const auto &e : m.entries)
    if (e.kind == ModuleState::Kind::Module)
      collect(*e.module, prefix + e.name + ".", buffers, out);
}

/// Every parameter and buffer slot (also None ones), for loading.
void collectSlots(
    ModuleState &m, const std::string &prefix,
    std::vector<std::pair<std::string, ModuleState::Entry *>> &out) {
  for (auto &e : m.entries)
    if (e.kind == ModuleState::Kind::Parameter ||
        e.kind == ModuleState::Kind::Buffer)
      out.emplace_back(prefix + e.name, &e);
  for (auto &e : m.entries)
    if (e.kind == ModuleState::Kind::Module)
      collectSlots(*e.module, prefix + e.name + ".", out);
}

} // namespace

std::vector<std::pair<std::string, Tensor>> ModuleState::stateDict() const {
  std::vector<std::pair<std::string, Tensor>> out;
  collect(*this, "", /*buffers=*/true, out);
  return out;
}

std::vector<std::pair<std::string, Tensor>>
ModuleState::namedParameters() const {
  std::vector<std::pair<std::string, Tensor>> out;
  collect(*this, "", /*buffers=*/false, out);
  return out;
}

void ModuleState::loadStateDict(
    const std::vector<std::pair<std::string, Tensor>> &tensors,
    const std::string &what) {
  std::map<std::string, const Tensor *> given;
  std::vector<std::string> duplicated;
  for (const auto &[name, tensor] : tensors)
    if (!given.emplace(name, &tensor).second)
      duplicated.push_back(name);

  std::vector<std::pair<std::string, Entry *>> slots;
  collectSlots(*this, "", slots);
  std::vector<std::string> missing, misshapen;
  std::vector<std::pair<Entry *, Tensor>> updates;
  for (auto &[name, entry] : slots) {
    // None parameters and buffers are not in PyTorch's state dict either.
    if (!entry->value.isTensor())
      continue;
    auto found = given.find(name);
    if (found == given.end()) {
      missing.push_back(name);
      continue;
    }
    const Tensor &have = entry->value.toTensor();
    const Tensor &got = *found->second;
    given.erase(found);
    if (have.sizes() != got.sizes() || have.dtype() != got.dtype()) {
      misshapen.push_back(name + ": expected " + have.describe() + ", got " +
                          got.describe());
      continue;
    }
    updates.emplace_back(entry, got);
  }

  std::string problems;
  auto list = [&](const char *heading, const std::vector<std::string> &items) {
    if (items.empty())
      return;
    problems += std::string("\n  ") + heading + ":";
    for (const std::string &item : items)
      problems += "\n    " + item;
  };
  std::vector<std::string> unexpected;
  for (const auto &[name, tensor] : given)
    unexpected.push_back(name);
  list("missing", missing);
  list("unexpected", unexpected);
  list("wrong shape or dtype", misshapen);
  list("given twice", duplicated);
  if (!problems.empty())
    throw UserError(what + " do not fit the module " + pythonName + ":" +
                    problems);
  for (auto &[entry, tensor] : updates)
    entry->value = IValue(tensor);
}

} // namespace kiln
