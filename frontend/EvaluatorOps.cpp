//===- EvaluatorOps.cpp - torch.* calls on concrete values ----------------===//
//
// `torch.zeros(3, 4)`, `self.weight.uniform_(-b, b)`, `t.size(1)`: the call
// is matched against the op table's overloads with the same rules the IR
// emitter uses (frontend/CallMatching.h), then the runtime's kernel runs on
// the values directly, drawing random numbers from the builder's generator.
//
//===----------------------------------------------------------------------===//
#include "frontend/Evaluator.h"
#include "runtime/Constants.h"

#include "frontend/CallMatching.h"
#include "ir/OpTable.h"

namespace kiln::eval {

namespace {

TypePtr typeOf(const IValue &v) {
  switch (v.tag()) {
  case IValue::Tag::None:
    return NoneType::get();
  case IValue::Tag::Bool:
    return BoolType::get();
  case IValue::Tag::Int:
    return IntType::get();
  case IValue::Tag::Double:
    return FloatType::get();
  case IValue::Tag::Tensor:
    return TensorType::get();
  case IValue::Tag::String:
    return StringType::get();
  case IValue::Tag::Device:
    return DeviceType::get();
  case IValue::Tag::List: {
    const auto &items = v.toList().items;
    // An empty list is most often a size (`torch.zeros([])`).
    return ListType::create(items.empty() ? IntType::get() : typeOf(items[0]));
  }
  case IValue::Tag::Tuple: {
    std::vector<TypePtr> elements;
    for (const IValue &item : v.toTupleItems())
      elements.push_back(typeOf(item));
    return TupleType::create(std::move(elements));
  }
  case IValue::Tag::Dict: {
    const auto &entries = v.toDict().entries();
    if (entries.empty())
      return DictType::create(StringType::get(), TensorType::get());
    return DictType::create(typeOf(entries[0].first),
                            typeOf(entries[0].second));
  }
  default:
    return AnyType::get();
  }
}

std::string describeArgs(const CallArguments &args) {
  std::string out = "(";
  bool first = true;
  for (const TypePtr &t : args.positional) {
    out += (first ? "" : ", ") + t->str();
    first = false;
  }
  for (const auto &[name, t] : args.keywords) {
    out += (first ? "" : ", ") + name + "=" + t->str();
    first = false;
  }
  return out + ")";
}

/// `t.float()`, `t.long()`, ...: conversions to a dtype.
std::optional<ScalarType> conversionDtype(const std::string &method) {
  static const std::pair<const char *, ScalarType> conversions[] = {
      {"float", ScalarType::Float}, {"double", ScalarType::Double},
      {"long", ScalarType::Long},   {"int", ScalarType::Int},
      {"bool", ScalarType::Bool},   {"half", ScalarType::Half}};
  for (const auto &[n, dtype] : conversions)
    if (method == n)
      return dtype;
  return std::nullopt;
}

} // namespace

Value Evaluator::callTensorMethod(const Value &self, const std::string &name,
                                  Args args, const Location &at) {
  if (auto dtype = conversionDtype(name)) {
    if (!args.positional.empty() || !args.keywords.empty())
      throwErrorAt(at, "Tensor.", name, "() takes no arguments");
    args.positional = {self, Value(IValue(static_cast<int64_t>(*dtype)))};
    return callOp("aten::to", "Tensor." + name, std::move(args), at);
  }
  args.positional.insert(args.positional.begin(), self);
  return callOp("aten::" + name, "Tensor." + name, std::move(args), at);
}

IValue Evaluator::toIValue(const Value &v, const Location &at) {
  switch (v.kind) {
  case Value::Kind::Plain:
    return v.iv;
  case Value::Kind::List: {
    std::vector<IValue> items;
    bool anyFloat = false, allNumbers = true, allBools = true;
    for (const Value &item : *v.items) {
      items.push_back(toIValue(item, at));
      anyFloat |= item.isDouble();
      allNumbers &= item.isNumber();
      allBools &= item.isBool();
    }
    // Python mixes ints and floats in one list; TorchScript lists have one
    // element type: [1, 2.5] is a float list, [True, 1] an int list.
    if (allNumbers && !items.empty() && !allBools) {
      for (IValue &item : items)
        item = anyFloat ? IValue(item.toDouble()) : IValue(item.toInt());
    } else if (!items.empty()) {
      TypePtr first = typeOf(items[0]);
      for (const IValue &item : items)
        if (!typeOf(item)->equals(*first))
          throwErrorAt(at, "a list whose elements have different types (",
                       first->str(), " and ", typeOf(item)->str(),
                       ") cannot be passed here");
    }
    return IValue::list(std::move(items));
  }
  case Value::Kind::Tuple: {
    std::vector<IValue> items;
    for (const Value &item : *v.items)
      items.push_back(toIValue(item, at));
    return IValue::tuple(std::move(items));
  }
  case Value::Kind::Dict: {
    auto d = Ref<DictImpl>::make();
    for (const auto &[k, val] : v.dict->entries)
      d->set(toIValue(k, at), toIValue(val, at));
    return IValue(d);
  }
  case Value::Kind::Range: {
    std::vector<IValue> items;
    for (const Value &item : iterate(v, at))
      items.push_back(item.iv);
    return IValue::list(std::move(items));
  }
  default:
    throwErrorAt(at, "a ", typeName(v),
                 " cannot be used as a value here (only numbers, strings, "
                 "tensors, None and lists, tuples and dicts of those)");
  }
}

Value Evaluator::fromIValue(const IValue &v) {
  if (v.isList()) {
    Items items;
    for (const IValue &item : v.toList().items)
      items.push_back(fromIValue(item));
    return Value::list(std::move(items));
  }
  if (v.isTuple()) {
    Items items;
    for (const IValue &item : v.toTupleItems())
      items.push_back(fromIValue(item));
    return Value::tuple(std::move(items));
  }
  if (v.isDict()) {
    Value d;
    d.kind = Value::Kind::Dict;
    d.dict = std::make_shared<Value::DictData>();
    for (const auto &[k, val] : v.toDict().entries())
      d.dict->entries.emplace_back(fromIValue(k), fromIValue(val));
    return d;
  }
  return Value(v);
}

Value Evaluator::callOp(const std::string &kind, const std::string &what,
                        Args args, const Location &at) {
  const OpTable &table = OpTable::get();
  auto overloads = table.overloads(Symbol::fromQualString(kind));
  if (overloads.empty())
    throwErrorAt(at, what, " is not an op Kiln knows", table.suggestKind(kind));

  std::vector<IValue> positional, keywords;
  CallArguments types;
  for (const Value &v : args.positional) {
    positional.push_back(toIValue(v, at));
    types.positional.push_back(typeOf(positional.back()));
  }
  for (const Keyword &kw : args.keywords) {
    keywords.push_back(toIValue(kw.value, at));
    types.keywords.emplace_back(kw.name, typeOf(keywords.back()));
  }
  std::string whyNot;
  std::optional<MatchedCall> match = matchOverloads(overloads, types, &whyNot);
  // `torch.zeros(2, 3)` and `x.view(2, -1)`: trailing ints stand for one
  // int list, as in PyTorch.
  if (!match) {
    size_t first = positional.size();
    while (first > 0 && positional[first - 1].isInt())
      --first;
    if (first < positional.size()) {
      std::vector<IValue> packed(positional.begin(),
                                 positional.begin() + first);
      packed.push_back(IValue::list(
          std::vector<IValue>(positional.begin() + first, positional.end())));
      CallArguments packedTypes = types;
      packedTypes.positional.resize(first);
      packedTypes.positional.push_back(ListType::ofInts());
      if (auto m = matchOverloads(overloads, packedTypes)) {
        match = m;
        positional = std::move(packed);
        types = std::move(packedTypes);
      }
    }
  }
  if (!match)
    throwErrorAt(at, "no overload of ", what, " accepts the arguments ",
                 describeArgs(types), ":\n", whyNot);

  const FunctionSchema &schema = *match->schema;
  const OpInfo *info = nullptr;
  for (const OpInfo *o : overloads)
    if (&o->schema == &schema)
      info = o;
  KILN_INTERNAL_ASSERT(info, "matched schema is not among the overloads");
  if (schema.isVarret())
    throwErrorAt(at, what,
                 " returns a variable number of results, which "
                 "is not supported while building modules");
  KernelFn kernel = KernelTable::get().find(info->id);
  if (!kernel)
    throwErrorAt(at, what, " (", schema.name(),
                 ") has no kernel in Kiln's runtime");

  std::vector<IValue> regs;
  const auto &formals = schema.arguments();
  for (size_t i = 0; i < match->arguments.size(); ++i) {
    const ArgumentSource &src = match->arguments[i];
    IValue v;
    switch (src.kind) {
    case ArgumentSource::Kind::Positional:
      v = positional[src.index];
      break;
    case ArgumentSource::Kind::Keyword:
      v = keywords[src.index];
      break;
    case ArgumentSource::Kind::Default:
      KILN_INTERNAL_ASSERT(i < formals.size() && formals[i].defaultValue,
                           "argument ", i, " of ", schema.str(),
                           " has no default");
      v = ivalueFromConstant(*formals[i].defaultValue);
      // `int[2] padding=0` means [0, 0].
      if (formals[i].fixedListSize && v.isInt())
        v = IValue::list(std::vector<IValue>(
            static_cast<size_t>(*formals[i].fixedListSize), v));
      break;
    }
    switch (src.conversion) {
    case ArgumentSource::Conversion::None:
    case ArgumentSource::Conversion::ToOptional:
      break;
    case ArgumentSource::Conversion::BroadcastScalar: {
      int64_t n = i < formals.size() && formals[i].fixedListSize
                      ? *formals[i].fixedListSize
                      : 1;
      if (v.isInt() && i < formals.size()) {
        TypePtr list = formals[i].type;
        if (auto opt = list->cast<OptionalType>())
          list = opt->element();
        if (auto l = list->cast<ListType>();
            l && l->element()->isa<FloatType>())
          v = IValue(v.toDouble());
      }
      v = IValue::list(std::vector<IValue>(static_cast<size_t>(n), v));
      break;
    }
    case ArgumentSource::Conversion::TupleToList:
      v = IValue::list(v.toTupleItems());
      break;
    case ArgumentSource::Conversion::IntToFloat:
      v = IValue(v.toDouble());
      break;
    }
    regs.push_back(std::move(v));
  }
  size_t numInputs = regs.size();
  size_t numOutputs = schema.returns().size();
  regs.resize(numInputs + numOutputs);
  std::vector<uint32_t> inputs(numInputs), outputs(numOutputs);
  for (size_t i = 0; i < numInputs; ++i)
    inputs[i] = static_cast<uint32_t>(i);
  for (size_t i = 0; i < numOutputs; ++i)
    outputs[i] = static_cast<uint32_t>(numInputs + i);
  KernelArgs kargs{regs.data(),
                   inputs.data(),
                   outputs.data(),
                   static_cast<uint32_t>(numInputs),
                   static_cast<uint32_t>(numOutputs),
                   nullptr,
                   &runContext()};
  try {
    kernel(kargs);
  } catch (const CompileError &) {
    throw;
  } catch (const UserError &e) {
    throwErrorAt(at, e.what());
  }
  if (numOutputs == 0)
    return Value::none();
  if (numOutputs == 1)
    return fromIValue(regs[numInputs]);
  Items results;
  for (size_t i = 0; i < numOutputs; ++i)
    results.push_back(fromIValue(regs[numInputs + i]));
  return Value::tuple(std::move(results));
}

Value Evaluator::tensorAttribute(const Value &tensor, const std::string &name,
                                 const Location &at) {
  const Tensor &t = tensor.iv.toTensor();
  if (name == "shape") {
    Items sizes;
    for (int64_t s : t.sizes())
      sizes.emplace_back(IValue(s));
    return Value::tuple(std::move(sizes));
  }
  if (name == "dtype")
    return Value(IValue(static_cast<int64_t>(t.dtype())));
  if (name == "ndim")
    return Value(IValue(t.dim()));
  if (name == "data")
    return Value(tensor.iv); // the same tensor, no longer a Parameter
  if (name == "requires_grad")
    return Value(IValue(tensor.parameter));
  if (name == "device")
    return Value(IValue::device("cpu"));
  if (name == "is_cuda")
    return Value(IValue(false));
  if (name == "grad")
    return Value::none();
  if (!conversionDtype(name) &&
      !OpTable::get().isKnownKind(Symbol::fromQualString("aten::" + name)))
    throwErrorAt(at, "'Tensor' object has no attribute '", name, "'");
  Value m;
  m.kind = Value::Kind::Method;
  m.name = name;
  m.items = std::make_shared<Items>(Items{tensor});
  return m;
}

} // namespace kiln::eval
