//===- Dicts.cpp - Kernels of dict ops ------------------------------------===//
//
// d[k], d.get, d.pop, d.items(), ... as PyTorch 1.13 implements them
// (register_prim_ops.cpp). Each op has one overload per key type (str, int,
// float, bool, Tensor); they share a kernel, since DictImpl hashes any key.
// Dicts keep insertion order. As in PyTorch, popitem() removes the *first*
// entry (Python removes the last).
//
//===----------------------------------------------------------------------===//
#include "runtime/Boxing.h"
#include "runtime/kernels/ScalarFamily.h"

#include <initializer_list>

namespace kiln {

namespace {

DictImpl &dictOf(IValue &d) { return d.toDict(); }

[[noreturn]] void keyError(const IValue &key) {
  throw UserError("KeyError: " + torchStr(key));
}

IValue newDict(const DictImpl &from) {
  auto dict = Ref<DictImpl>::make();
  for (const auto &[k, v] : from.entries())
    dict->set(k, v);
  return IValue(std::move(dict));
}

IValue getItem(IValue &d, IValue &key) {
  const IValue *v = dictOf(d).find(key);
  if (!v)
    keyError(key);
  return *v;
}

IValue get(IValue &d, IValue &key) {
  const IValue *v = dictOf(d).find(key);
  return v ? *v : IValue();
}

IValue getOr(IValue &d, IValue &key, IValue &dflt) {
  const IValue *v = dictOf(d).find(key);
  return v ? *v : dflt;
}

void setItem(IValue &d, IValue &key, IValue &value) {
  dictOf(d).set(key, value);
}

IValue setDefault(IValue &d, IValue &key, IValue &dflt) {
  DictImpl &dict = dictOf(d);
  if (const IValue *v = dict.find(key))
    return *v;
  dict.set(key, dflt);
  return dflt;
}

IValue pop(IValue &d, IValue &key) {
  IValue v = getItem(d, key);
  dictOf(d).erase(key);
  return v;
}

IValue popOr(IValue &d, IValue &key, IValue &dflt) {
  DictImpl &dict = dictOf(d);
  const IValue *found = dict.find(key);
  if (!found)
    return dflt;
  IValue v = *found;
  dict.erase(key);
  return v;
}

void erase(IValue &d, IValue &key) {
  if (!dictOf(d).erase(key))
    keyError(key);
}

IValue popItem(IValue &d) {
  DictImpl &dict = dictOf(d);
  KILN_USER_CHECK(dict.size() != 0, "KeyError: popitem(): dictionary is empty");
  auto [key, value] = dict.entries().front(); // copies: erase invalidates
  dict.erase(key);
  return IValue::tuple({key, value});
}

void update(IValue &d, IValue &other) {
  IValue added = newDict(dictOf(other)); // a copy: d.update(d)
  for (const auto &[k, v] : added.toDict().entries())
    dictOf(d).set(k, v);
}

IValue keys(IValue &d) {
  std::vector<IValue> out;
  for (const auto &entry : dictOf(d).entries())
    out.push_back(entry.first);
  return IValue::list(std::move(out));
}

IValue values(IValue &d) {
  std::vector<IValue> out;
  for (const auto &entry : dictOf(d).entries())
    out.push_back(entry.second);
  return IValue::list(std::move(out));
}

IValue items(IValue &d) {
  std::vector<IValue> out;
  for (const auto &[k, v] : dictOf(d).entries())
    out.push_back(IValue::tuple({k, v}));
  return IValue::list(std::move(out));
}

IValue copy(IValue &d) { return newDict(dictOf(d)); }

// dict(list of (key, value) tuples); a later key overwrites.
IValue fromItems(IValue &list) {
  auto dict = Ref<DictImpl>::make();
  for (const IValue &item : list.toList().items) {
    const auto &pair = item.toTupleItems();
    KILN_USER_CHECK(pair.size() == 2,
                    "aten::dict: expected (key, value) "
                    "pairs, got a tuple of ",
                    pair.size());
    dict->set(pair[0], pair[1]);
  }
  return IValue(std::move(dict));
}

// The five overloads of an op, in the order str, int, float, bool, Tensor.
template <auto Fn>
void bindAll(KernelTable &t, std::initializer_list<OpId> ops) {
  for (OpId op : ops)
    bind<Fn>(t, op);
}

} // namespace

void registerDictKernels(KernelTable &t) {
  bindAll<getItem>(
      t, {OpId::aten___getitem___Dict_str, OpId::aten___getitem___Dict_int,
          OpId::aten___getitem___Dict_float, OpId::aten___getitem___Dict_bool,
          OpId::aten___getitem___Dict_Tensor});
  bindAll<get>(t, {OpId::aten_get_str, OpId::aten_get_int, OpId::aten_get_float,
                   OpId::aten_get_bool, OpId::aten_get_Tensor});
  bindAll<getOr>(t, {OpId::aten_get_default_str, OpId::aten_get_default_int,
                     OpId::aten_get_default_float, OpId::aten_get_default_bool,
                     OpId::aten_get_default_Tensor});
  bindAll<setItem>(t, {OpId::aten__set_item_str, OpId::aten__set_item_int,
                       OpId::aten__set_item_float, OpId::aten__set_item_bool,
                       OpId::aten__set_item_Tensor});
  bindAll<setDefault>(t,
                      {OpId::aten_setdefault_str, OpId::aten_setdefault_int,
                       OpId::aten_setdefault_float, OpId::aten_setdefault_bool,
                       OpId::aten_setdefault_Tensor});
  bindAll<pop>(t, {OpId::aten_pop_Dict_str, OpId::aten_pop_Dict_int,
                   OpId::aten_pop_Dict_float, OpId::aten_pop_Dict_bool,
                   OpId::aten_pop_Dict_Tensor});
  bindAll<popOr>(
      t, {OpId::aten_pop_Dict_default_str, OpId::aten_pop_Dict_default_int,
          OpId::aten_pop_Dict_default_float, OpId::aten_pop_Dict_default_bool,
          OpId::aten_pop_Dict_default_Tensor});
  bindAll<erase>(t, {OpId::aten_Delete_Dict_str, OpId::aten_Delete_Dict_int,
                     OpId::aten_Delete_Dict_float, OpId::aten_Delete_Dict_bool,
                     OpId::aten_Delete_Dict_Tensor});
  bindAll<popItem>(t, {OpId::aten_popitem_str, OpId::aten_popitem_int,
                       OpId::aten_popitem_float, OpId::aten_popitem_bool,
                       OpId::aten_popitem_Tensor});
  bindAll<[](IValue &d) { dictOf(d).clear(); }>(
      t, {OpId::aten_clear_str, OpId::aten_clear_int, OpId::aten_clear_float,
          OpId::aten_clear_bool, OpId::aten_clear_Tensor});
  bindAll<update>(t, {OpId::aten_update_str, OpId::aten_update_int,
                      OpId::aten_update_float, OpId::aten_update_bool,
                      OpId::aten_update_Tensor});
  bindAll<keys>(t, {OpId::aten_keys_str, OpId::aten_keys_int,
                    OpId::aten_keys_float, OpId::aten_keys_bool,
                    OpId::aten_keys_Tensor});
  bindAll<values>(t, {OpId::aten_values_str, OpId::aten_values_int,
                      OpId::aten_values_float, OpId::aten_values_bool,
                      OpId::aten_values_Tensor});
  bindAll<items>(t, {OpId::aten_items_str, OpId::aten_items_int,
                     OpId::aten_items_float, OpId::aten_items_bool,
                     OpId::aten_items_Tensor});
  bindAll<[](IValue &d) { return static_cast<int64_t>(dictOf(d).size()); }>(
      t, {OpId::aten_len_Dict_str, OpId::aten_len_Dict_int,
          OpId::aten_len_Dict_float, OpId::aten_len_Dict_bool,
          OpId::aten_len_Dict_Tensor});
  bindAll<[](IValue &d, IValue &key) {
    return dictOf(d).find(key) != nullptr;
  }>(t, {OpId::aten___contains___str, OpId::aten___contains___int,
         OpId::aten___contains___float, OpId::aten___contains___bool,
         OpId::aten___contains___Tensor});
  bindAll<copy>(t, {OpId::aten_copy_Dict_str, OpId::aten_copy_Dict_int,
                    OpId::aten_copy_Dict_float, OpId::aten_copy_Dict_bool,
                    OpId::aten_copy_Dict_Tensor, OpId::aten_dict_Dict_str,
                    OpId::aten_dict_Dict_int, OpId::aten_dict_Dict_float,
                    OpId::aten_dict_Dict_bool, OpId::aten_dict_Dict_Tensor});
  bindAll<fromItems>(t, {OpId::aten_dict_str, OpId::aten_dict_int,
                         OpId::aten_dict_float, OpId::aten_dict_bool,
                         OpId::aten_dict_Tensor});
  bind<[]() { return IValue(Ref<DictImpl>::make()); }>(t, OpId::aten_dict);
}

} // namespace kiln
