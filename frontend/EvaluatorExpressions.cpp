//===- EvaluatorExpressions.cpp - Expressions, attributes, subscripts
//-------===//
//
// Python expressions over concrete values: names, literals, comprehensions,
// attribute lookup on every kind of Value, subscripts and slices.
//
//===----------------------------------------------------------------------===//
#include "frontend/Evaluator.h"

#include <algorithm>

namespace kiln::eval {

int64_t normalizeIndex(int64_t i, size_t size, const SourceRange &at,
                       const char *what) {
  int64_t n = static_cast<int64_t>(size);
  if (i < 0)
    i += n;
  if (i < 0 || i >= n)
    throwErrorAt(at, "IndexError: ", what, " index out of range");
  return i;
}

std::vector<size_t> sliceIndices(std::optional<int64_t> lower,
                                 std::optional<int64_t> upper, int64_t step,
                                 size_t size, const SourceRange &at) {
  if (step == 0)
    throwErrorAt(at, "ValueError: slice step cannot be zero");
  int64_t n = static_cast<int64_t>(size);
  auto clamp = [&](std::optional<int64_t> v, int64_t dflt) {
    if (!v)
      return dflt;
    int64_t x = *v < 0 ? *v + n : *v;
    if (step > 0)
      return std::clamp<int64_t>(x, 0, n);
    return std::clamp<int64_t>(x, -1, n - 1);
  };
  int64_t lo = clamp(lower, step > 0 ? 0 : n - 1);
  int64_t hi = clamp(upper, step > 0 ? n : -1);
  std::vector<size_t> out;
  for (int64_t i = lo; step > 0 ? i < hi : i > hi; i += step)
    out.push_back(static_cast<size_t>(i));
  return out;
}

//===--- Expressions ------------------------------------------------------===//

Value Evaluator::eval(const ast::Expr &e, Frame &f) {
  if (stack_.exhausted())
    throwErrorAt(e.range, "calls and expressions nested too deeply while "
                          "building the module; is the recursion endless?");
  using K = ast::ExprKind;
  switch (e.kind) {
  case K::Name: {
    const std::string &id = e.as<ast::Name>()->id;
    auto it = f.locals.find(id);
    if (it != f.locals.end())
      return it->second;
    if (auto g = lookupGlobal(*f.unit, id, e.range))
      return *g;
    throwErrorAt(e.range, "name '", id, "' is not defined");
  }
  case K::Int:
    return Value(IValue(e.as<ast::Int>()->value));
  case K::Float:
    return Value(IValue(e.as<ast::Float>()->value));
  case K::Bool:
    return Value(IValue(e.as<ast::Bool>()->value));
  case K::NoneLit:
    return Value::none();
  case K::String:
    return Value(IValue(e.as<ast::String>()->value));
  case K::FString:
    return fstring(*e.as<ast::FString>(), f);
  case K::List:
  case K::Tuple: {
    const auto &elts =
        e.isa<ast::List>() ? e.as<ast::List>()->elts : e.as<ast::Tuple>()->elts;
    Items items;
    for (const auto &x : elts)
      items.push_back(eval(*x, f));
    return e.isa<ast::List>() ? Value::list(std::move(items))
                              : Value::tuple(std::move(items));
  }
  case K::Dict: {
    auto &d = *e.as<ast::Dict>();
    Value out;
    out.kind = Value::Kind::Dict;
    out.dict = std::make_shared<Value::DictData>();
    for (size_t i = 0; i < d.keys.size(); ++i) {
      Value k = eval(*d.keys[i], f), v = eval(*d.values[i], f);
      bool replaced = false;
      for (auto &[ek, ev] : out.dict->entries)
        if (equals(ek, k, d.keys[i]->range)) {
          ev = v;
          replaced = true;
        }
      if (!replaced)
        out.dict->entries.emplace_back(std::move(k), std::move(v));
    }
    return out;
  }
  case K::ListComp: {
    auto &c = *e.as<ast::ListComp>();
    Items source = iterate(eval(*c.iter, f), c.iter->range);
    Frame inner = f; // the comprehension's variables stay inside it
    Items out;
    for (const Value &item : source) {
      tick(c.range);
      assign(*c.target, item, inner);
      bool keep = true;
      for (const auto &cond : c.ifs)
        if (!truthy(eval(*cond, inner), cond->range)) {
          keep = false;
          break;
        }
      if (keep)
        out.push_back(eval(*c.elt, inner));
    }
    return Value::list(std::move(out));
  }
  case K::Attribute: {
    auto &a = *e.as<ast::Attribute>();
    return attribute(eval(*a.value, f), a.attr,
                     a.attrRange.valid() ? a.attrRange : a.range);
  }
  case K::Subscript: {
    auto &s = *e.as<ast::Subscript>();
    Value object = eval(*s.value, f);
    if (object.isTensor()) {
      Items advanced;
      Value view = tensorView(object, *s.index, f, s.range, advanced);
      if (advanced.empty())
        return view;
      Args a;
      a.positional = {view, Value::list(std::move(advanced))};
      return callOp("aten::index", "Tensor.__getitem__", a, s.range);
    }
    if (auto sl = s.index->as<ast::Slice>()) {
      auto bound = [&](const ast::ExprPtr &x) -> std::optional<int64_t> {
        if (!x)
          return std::nullopt;
        Value v = eval(*x, f);
        if (v.isNone())
          return std::nullopt;
        if (!v.isIntLike())
          throwErrorAt(x->range, "slice indices must be integers, not ",
                       typeName(v));
        return v.iv.toInt();
      };
      auto lower = bound(sl->lower), upper = bound(sl->upper);
      int64_t step = bound(sl->step).value_or(1);
      if (object.isTensor()) {
        Args a;
        a.positional = {object, Value(IValue(int64_t{0})),
                        lower ? Value(IValue(*lower)) : Value::none(),
                        upper ? Value(IValue(*upper)) : Value::none(),
                        Value(IValue(step))};
        return callOp("aten::slice", "Tensor.__getitem__", a, s.range);
      }
      if (object.kind == Value::Kind::Module) {
        Items kids = children(object);
        Items picked;
        for (size_t i : sliceIndices(lower, upper, step, kids.size(), s.range))
          picked.push_back(kids[i]);
        Args a;
        if (object.cls->container == ClassRef::Container::Sequential)
          a.positional = std::move(picked);
        else if (object.cls->container == ClassRef::Container::ModuleList)
          a.positional.push_back(Value::list(std::move(picked)));
        else
          throwErrorAt(s.range, "'", typeName(object),
                       "' object is not subscriptable");
        return constructContainer(*object.cls, std::move(a), s.range);
      }
      if (object.isString()) {
        const std::string &text = object.iv.toStringRef();
        std::string out;
        for (size_t i : sliceIndices(lower, upper, step, text.size(), s.range))
          out += text[i];
        return Value(IValue(out));
      }
      if (!object.isSequence())
        throwErrorAt(s.range, "'", typeName(object),
                     "' object is not subscriptable");
      Items out;
      for (size_t i :
           sliceIndices(lower, upper, step, object.items->size(), s.range))
        out.push_back((*object.items)[i]);
      return object.kind == Value::Kind::List ? Value::list(std::move(out))
                                              : Value::tuple(std::move(out));
    }
    return subscript(object, eval(*s.index, f), s.range);
  }
  case K::Call: {
    auto &c = *e.as<ast::Call>();
    // super() and super(Class, self) inside a method.
    if (auto n = c.func->as<ast::Name>();
        n && n->id == "super" && !f.locals.count("super")) {
      Value sup;
      sup.kind = Value::Kind::Super;
      if (c.args.empty()) {
        if (!f.cls || f.locals.empty())
          throwErrorAt(c.range, "super() outside a method of a module class");
        sup.cls = f.cls;
        auto self = f.locals.find("self");
        if (self == f.locals.end())
          throwErrorAt(c.range, "super() needs the method's `self`");
        sup.items = std::make_shared<Items>(Items{self->second});
      } else if (c.args.size() == 2) {
        Value cls = eval(*c.args[0], f);
        if (cls.kind != Value::Kind::Class)
          throwErrorAt(c.args[0]->range, "super()'s first argument must be "
                                         "a class");
        sup.cls = cls.cls;
        sup.items = std::make_shared<Items>(Items{eval(*c.args[1], f)});
      } else {
        throwErrorAt(c.range, "super() takes no arguments or two");
      }
      return sup;
    }
    Value callee = eval(*c.func, f);
    Args args;
    for (const auto &a : c.args) {
      if (auto star = a->as<ast::Starred>()) {
        for (Value &v : iterate(eval(*star->value, f), star->range))
          args.positional.push_back(std::move(v));
      } else {
        args.positional.push_back(eval(*a, f));
      }
    }
    for (const auto &kw : c.keywords)
      args.keywords.push_back({kw.name, eval(*kw.value, f), kw.range});
    return call(callee, std::move(args), c.range);
  }
  case K::BinOp: {
    auto &b = *e.as<ast::BinOp>();
    Value l = eval(*b.left, f);
    Value r = eval(*b.right, f);
    return binary(b.op, l, r, b.range);
  }
  case K::UnaryOp: {
    auto &u = *e.as<ast::UnaryOp>();
    Value v = eval(*u.operand, f);
    switch (u.op) {
    case ast::UnaryOpKind::Not:
      return Value(IValue(!truthy(v, u.range)));
    case ast::UnaryOpKind::Pos:
      if (v.isNumber())
        return v.iv.isBool() ? Value(IValue(v.iv.toInt())) : v;
      break;
    case ast::UnaryOpKind::Neg:
      if (v.isIntLike())
        return binary(ast::BinOpKind::Sub, Value(IValue(int64_t{0})), v,
                      u.range);
      if (v.isDouble())
        return Value(IValue(-v.iv.toDouble()));
      if (v.isTensor()) {
        Args a;
        a.positional = {v};
        return callOp("aten::neg", "Tensor.__neg__", a, u.range);
      }
      break;
    case ast::UnaryOpKind::Invert:
      if (v.isBool())
        return Value(IValue(~v.iv.toInt()));
      if (v.isInt())
        return Value(IValue(~v.iv.toInt()));
      break;
    }
    throwErrorAt(u.range, "bad operand type for unary ", spelling(u.op), ": '",
                 typeName(v), "'");
  }
  case K::BoolOp: {
    auto &b = *e.as<ast::BoolOp>();
    Value v;
    for (const auto &x : b.values) {
      v = eval(*x, f);
      if (truthy(v, x->range) != b.isAnd)
        return v;
    }
    return v;
  }
  case K::Compare: {
    auto &c = *e.as<ast::Compare>();
    Value left = eval(*c.left, f);
    Value result(IValue(true));
    for (size_t i = 0; i < c.ops.size(); ++i) {
      Value right = eval(*c.comparators[i], f);
      result = compare(c.ops[i], left, right, c.range);
      if (!result.isBool() || !result.iv.toBool())
        return result;
      left = std::move(right);
    }
    return result;
  }
  case K::IfExp: {
    auto &i = *e.as<ast::IfExp>();
    return truthy(eval(*i.test, f), i.test->range) ? eval(*i.body, f)
                                                   : eval(*i.orelse, f);
  }
  case K::Starred:
    throwErrorAt(e.range, "`*` unpacking is only allowed in call arguments");
  case K::Slice:
    throwErrorAt(e.range, "a slice is only allowed inside `[]`");
  case K::Ellipsis:
    throwErrorAt(e.range, "`...` is not supported while building modules");
  }
  throwErrorAt(e.range, "unsupported expression");
}

Value Evaluator::fstring(const ast::FString &e, Frame &f) {
  std::string out;
  for (const auto &part : e.parts) {
    if (!part.value) {
      out += part.literal;
      continue;
    }
    Value v = eval(*part.value, f);
    if (part.conversion == 'r')
      v = Value(IValue(repr(v)));
    else if (part.conversion == 's')
      v = Value(IValue(str(v)));
    out += formatValue(v, part.spec, part.value->range);
  }
  return Value(IValue(out));
}

Value Evaluator::attribute(const Value &v, const std::string &name,
                           const Location &at) {
  switch (v.kind) {
  case Value::Kind::Module:
    return moduleAttribute(v, name, at);
  case Value::Kind::PyModule:
    if (auto r = resolvePath(v.name + "." + name))
      return *r;
    throwErrorAt(at, "Kiln knows no '", name, "' in ", v.name);
  case Value::Kind::Super: {
    const Value &self = (*v.items)[0];
    for (const ClassRef *base : v.cls->bases) {
      auto [fn, owner] = findMethod(base, name);
      if (fn) {
        Value m;
        m.kind = Value::Kind::Method;
        m.items = v.items;
        m.fn = fn;
        m.unit = owner->unit;
        m.cls = owner;
        return m;
      }
    }
    if (name == "__init__")
      return Value::builtin("nn.Module.__init__");
    if (self.kind != Value::Kind::Module)
      throwErrorAt(at, "super() of a ", typeName(self));
    Value m;
    m.kind = Value::Kind::Method;
    m.items = v.items;
    m.name = name;
    return m;
  }
  case Value::Kind::Class: {
    auto [fn, owner] = findMethod(v.cls, name);
    if (fn) {
      Value out;
      out.kind = Value::Kind::Function;
      out.fn = fn;
      out.unit = owner->unit;
      out.cls = owner;
      return out;
    }
    // Class-level constants (`expansion = 4`).
    for (const ClassRef *c = v.cls; c;
         c = c->bases.empty() ? nullptr : c->bases[0]) {
      for (const auto &s : c->def->body) {
        const ast::Expr *target = nullptr, *value = nullptr;
        if (auto a = s->as<ast::Assign>(); a && a->targets.size() == 1) {
          target = a->targets[0].get();
          value = a->value.get();
        } else if (auto an = s->as<ast::AnnAssign>(); an && an->value) {
          target = an->target.get();
          value = an->value.get();
        }
        if (target && value && target->isa<ast::Name>() &&
            target->as<ast::Name>()->id == name) {
          Frame globals;
          globals.unit = c->unit;
          return eval(*value, globals);
        }
      }
    }
    throwErrorAt(at, "type object '", v.cls->def->name, "' has no attribute '",
                 name, "'");
  }
  case Value::Kind::Plain:
    if (v.iv.isTensor())
      return tensorAttribute(v, name, at);
    [[fallthrough]];
  default: {
    Value m;
    m.kind = Value::Kind::Method;
    m.items = std::make_shared<Items>(Items{v});
    m.name = name;
    return m;
  }
  }
}

Value Evaluator::tensorView(const Value &tensor, const ast::Expr &index,
                            Frame &f, const Location &at, Items &advanced) {
  std::vector<const ast::Expr *> items;
  if (auto t = index.as<ast::Tuple>())
    for (const auto &e : t->elts)
      items.push_back(e.get());
  else
    items.push_back(&index);
  auto consumesDim = [](const ast::Expr &e) {
    return !e.isa<ast::NoneLit>() && !e.isa<ast::Ellipsis>();
  };
  auto intValue = [](int64_t i) { return Value(IValue(i)); };
  Value t = tensor;
  int64_t dim = 0;
  bool fromEnd = false; // after `...`, dimensions count from the end
  for (size_t k = 0; k < items.size(); ++k) {
    const ast::Expr &e = *items[k];
    int64_t remaining = 0;
    if (fromEnd)
      for (size_t j = k; j < items.size(); ++j)
        remaining += consumesDim(*items[j]);
    int64_t here = fromEnd ? -remaining : dim;
    Args a;
    if (e.isa<ast::Ellipsis>()) {
      if (fromEnd)
        throwErrorAt(e.range, "an index may hold only one '...'");
      fromEnd = true;
      continue;
    }
    if (auto sl = e.as<ast::Slice>()) {
      auto bound = [&](const ast::ExprPtr &x) {
        return x ? eval(*x, f) : Value::none();
      };
      Value step = sl->step ? eval(*sl->step, f) : intValue(1);
      a.positional = {t, intValue(here), bound(sl->lower), bound(sl->upper),
                      step};
      t = callOp("aten::slice", "Tensor.__getitem__", a, e.range);
      dim += !fromEnd;
      continue;
    }
    Value v = eval(e, f);
    if (v.isNone()) {
      a.positional = {t, intValue(fromEnd ? -remaining - 1 : dim)};
      t = callOp("aten::unsqueeze", "Tensor.__getitem__", a, e.range);
      dim += !fromEnd;
    } else if (v.isIntLike()) {
      a.positional = {t, intValue(here), v};
      t = callOp("aten::select", "Tensor.__getitem__", a, e.range);
    } else if (v.isTensor() || v.kind == Value::Kind::List) {
      if (fromEnd)
        throwErrorAt(e.range, "tensor indices after '...' are not supported");
      if (v.kind == Value::Kind::List) {
        Args l;
        l.positional = {v};
        v = callOp("aten::tensor", "Tensor.__getitem__", l, e.range);
      }
      while (static_cast<int64_t>(advanced.size()) < dim)
        advanced.push_back(Value::none());
      advanced.push_back(v);
      ++dim;
    } else {
      throwErrorAt(e.range,
                   "a tensor is indexed by ints, slices, None, ..., "
                   "tensors or int lists, not ",
                   typeName(v));
    }
  }
  return t;
}

Value Evaluator::subscript(const Value &v, const Value &index,
                           const Location &at) {
  if (v.isSequence() || v.isString() || v.kind == Value::Kind::Module ||
      v.kind == Value::Kind::Range) {
    if (!index.isIntLike())
      throwErrorAt(at, typeName(v), " indices must be integers, not ",
                   typeName(index));
    int64_t i = index.iv.toInt();
    if (v.isString()) {
      const std::string &s = v.iv.toStringRef();
      return Value(IValue(std::string(
          1,
          s[static_cast<size_t>(normalizeIndex(i, s.size(), at, "string"))])));
    }
    if (v.kind == Value::Kind::Range || v.kind == Value::Kind::Module) {
      Items items = iterate(v, at);
      return items[static_cast<size_t>(
          normalizeIndex(i, items.size(), at, typeName(v).c_str()))];
    }
    return (*v.items)[static_cast<size_t>(
        normalizeIndex(i, v.items->size(), at,
                       v.kind == Value::Kind::List ? "list" : "tuple"))];
  }
  if (v.kind == Value::Kind::Dict) {
    for (const auto &[k, val] : v.dict->entries)
      if (equals(k, index, at))
        return val;
    throwErrorAt(at, "KeyError: ", repr(index));
  }
  if (v.isTensor()) {
    Value t = v;
    int64_t dim = 0;
    Items indices =
        index.kind == Value::Kind::Tuple ? *index.items : Items{index};
    for (const Value &ix : indices) {
      Args a;
      if (ix.isIntLike()) {
        a.positional = {t, Value(IValue(dim)), ix};
        t = callOp("aten::select", "Tensor.__getitem__", a, at);
      } else if (ix.isNone()) {
        a.positional = {t, Value(IValue(dim))};
        t = callOp("aten::unsqueeze", "Tensor.__getitem__", a, at);
        ++dim;
      } else {
        throwErrorAt(at, "tensor indices other than ints, slices and None "
                         "are not supported while building modules");
      }
    }
    return t;
  }
  if (v.kind == Value::Kind::Builtin && v.name.starts_with("typing."))
    return v; // List[int] and the like, as values (e.g. in annotations)
  throwErrorAt(at, "'", typeName(v), "' object is not subscriptable");
}

} // namespace kiln::eval
