//===- TypeParser.cpp -----------------------------------------------------===//
#include "ir/TypeParser.h"

#include "support/StringUtil.h"

#include <unordered_map>

namespace kiln {

namespace {

TypePtr simpleType(std::string_view name) {
  static const std::unordered_map<std::string_view, TypePtr> types = {
      {"int", IntType::get()},
      // TorchScript represents these as int in graphs.
      {"SymInt", IntType::get()},
      {"ScalarType", IntType::get()},
      {"Layout", IntType::get()},
      {"MemoryFormat", IntType::get()},
      {"DeviceIndex", IntType::get()},
      {"float", FloatType::get()},
      {"bool", BoolType::get()},
      {"str", StringType::get()},
      {"NoneType", NoneType::get()},
      {"None", NoneType::get()},
      {"Scalar", NumberType::get()},
      {"number", NumberType::get()},
      {"Device", DeviceType::get()},
      {"Generator", GeneratorType::get()},
      {"Function", FunctionType::get()},
      {"Any", AnyType::get()},
  };
  auto it = types.find(name);
  return it == types.end() ? nullptr : it->second;
}

// Schema type variables: t, t1, t2, tVal.
bool isTypeVarName(std::string_view name) {
  if (name.empty() || name[0] != 't')
    return false;
  std::string_view rest = name.substr(1);
  return rest.empty() || isDecimalNumber(rest) || rest == "Val";
}

class TypeParser {
public:
  TypeParser(Lexer &lexer, TypeSyntax syntax) : L(lexer), syntax_(syntax) {}

  ParsedType parse() {
    // Hostile input could nest tuples until the stack runs out.
    if (++depth_ > 64)
      L.errorAt(L.peek(), "type nested too deeply");
    ParsedType r;
    r.type = parseBase();
    int wraps = 0; // each [] or ? nests the type one level deeper
    while (true) {
      const Token &t = L.peek();
      if ((t.kind == TokenKind::LBracket || t.kind == TokenKind::Question) &&
          depth_ + ++wraps > 64)
        L.errorAt(t, "type nested too deeply");
      if (t.kind == TokenKind::LBracket) {
        L.next();
        if (L.peek().kind == TokenKind::Int && syntax_ == TypeSyntax::Schema) {
          Token n = L.next();
          r.fixedListSize = parseSize(n);
        } else {
          r.fixedListSize.reset();
        }
        L.expect(TokenKind::RBracket, "']' to close the list type");
        r.type = ListType::create(r.type);
        // `Tensor(a)[]`: the annotation was on the element.
        r.elementAlias = std::move(r.alias);
        r.alias.reset();
      } else if (t.kind == TokenKind::Question) {
        L.next();
        r.type = OptionalType::create(r.type);
      } else if (t.kind == TokenKind::LParen && syntax_ == TypeSyntax::Schema) {
        r.alias = parseAlias();
      } else {
        break;
      }
    }
    --depth_;
    return r;
  }

private:
  int64_t parseSize(const Token &t) {
    auto v = parseInt64(t.text);
    if (!v || *v < 0)
      L.errorAt(t, "invalid size '", t.text, "'");
    return *v;
  }

  TypePtr parseBase() {
    const Token &t = L.peek();
    if (t.kind == TokenKind::LParen)
      return parseTuple();
    if (t.kind != TokenKind::Ident)
      L.errorAt(t, "expected a type but found ", describeToken(t));
    Token name = L.next();
    std::string_view word = name.text;

    if (word == "Tensor") {
      if (syntax_ == TypeSyntax::IR && L.peek().kind == TokenKind::LParen)
        return parseRefinedTensor(std::nullopt, /*rankKnown=*/false);
      return TensorType::get();
    }
    if (syntax_ == TypeSyntax::IR) {
      if (auto dtype = scalarTypeFromName(word)) {
        if (L.peek().kind != TokenKind::LParen)
          L.errorAt(L.peek(), "expected '(' after tensor type '", word, "'");
        return parseRefinedTensor(dtype, /*rankKnown=*/true);
      }
      // FloatTensor: dtype known, rank unknown.
      if (word.size() > 6 && word.ends_with("Tensor")) {
        if (auto dtype = scalarTypeFromName(word.substr(0, word.size() - 6))) {
          if (L.peek().kind == TokenKind::LParen)
            return parseRefinedTensor(dtype, /*rankKnown=*/false);
          return TensorType::create(dtype, std::nullopt, std::nullopt,
                                    std::nullopt, std::nullopt);
        }
      }
    }
    if (TypePtr simple = simpleType(word))
      return simple;
    if (word == "Dict") {
      L.expect(TokenKind::LParen, "'(' after Dict");
      TypePtr key = parseNested();
      L.expect(TokenKind::Comma, "',' between the key and value types");
      TypePtr value = parseNested();
      L.expect(TokenKind::RParen, "')' to close Dict(...)");
      return DictType::create(key, value);
    }
    if (word == "Union") {
      L.expect(TokenKind::LParen, "'(' after Union");
      std::vector<TypePtr> members{parseNested()};
      while (L.nextIf(TokenKind::Comma))
        members.push_back(parseNested());
      L.expect(TokenKind::RParen, "')' to close Union(...)");
      return UnionType::create(std::move(members));
    }
    if (word == "Optional" && L.peek().kind == TokenKind::LBracket) {
      L.next();
      TypePtr elem = parseNested();
      L.expect(TokenKind::RBracket, "']' to close Optional[...]");
      return OptionalType::create(elem);
    }
    if (L.peek().kind == TokenKind::Dot) {
      std::string qualified(word);
      while (L.nextIf(TokenKind::Dot))
        qualified +=
            "." +
            std::string(
                L.expect(TokenKind::Ident, "a name in the class name").text);
      return ClassType::create(std::move(qualified));
    }
    if (syntax_ == TypeSyntax::Schema && isTypeVarName(word))
      return TypeVarType::create(std::string(word));
    L.errorAt(name, "unknown type '", word, "'");
  }

  TypePtr parseNested() { return parse().type; }

  TypePtr parseTuple() {
    L.expect(TokenKind::LParen);
    std::vector<TypePtr> elements;
    if (!L.nextIf(TokenKind::RParen)) {
      do {
        elements.push_back(parseNested());
      } while (L.nextIf(TokenKind::Comma));
      L.expect(TokenKind::RParen, "')' to close the tuple type");
    }
    return TupleType::create(std::move(elements));
  }

  // `(2, *, strides=[3, 1], requires_grad=0, device=cpu)` after a tensor
  // type name. `Tensor(...)` with keywords only leaves the rank unknown, as
  // PyTorch prints it.
  TypePtr parseRefinedTensor(std::optional<ScalarType> dtype, bool rankKnown) {
    L.expect(TokenKind::LParen);
    TensorType::Sizes sizes;
    std::optional<std::vector<int64_t>> strides;
    std::optional<bool> requiresGrad;
    std::optional<std::string> device;
    bool sawKeyword = false;
    bool first = true;
    while (L.peek().kind != TokenKind::RParen) {
      if (!first)
        L.expect(TokenKind::Comma, "',' or ')' in the tensor type");
      first = false;
      const Token &t = L.peek();
      if (t.kind == TokenKind::Int && !sawKeyword) {
        sizes.push_back(parseSize(L.next()));
      } else if (t.kind == TokenKind::Star && !sawKeyword) {
        L.next();
        sizes.push_back(std::nullopt);
      } else if (t.kind == TokenKind::Ident) {
        sawKeyword = true;
        Token key = L.next();
        L.expect(TokenKind::Equal, "'=' after '" + std::string(key.text) + "'");
        if (key.text == "strides") {
          strides = parseIntList();
        } else if (key.text == "requires_grad") {
          Token v = L.expect(TokenKind::Int, "0 or 1");
          if (v.text != "0" && v.text != "1")
            L.errorAt(v, "requires_grad must be 0 or 1");
          requiresGrad = v.text == "1";
        } else if (key.text == "device") {
          std::string d(L.expect(TokenKind::Ident, "a device name").text);
          if (L.nextIf(TokenKind::Colon))
            d += ":" +
                 std::string(L.expect(TokenKind::Int, "a device index").text);
          device = std::move(d);
        } else {
          L.errorAt(key, "unknown tensor type property '", key.text,
                    "'; expected strides, requires_grad or device");
        }
      } else {
        L.errorAt(t, "unexpected ", describeToken(t), " in the tensor type");
      }
    }
    Token close = L.expect(TokenKind::RParen);
    bool hasRank = rankKnown || !sizes.empty() || !sawKeyword;
    if (strides && strides->size() != sizes.size())
      L.errorAt(close, "tensor type has ", sizes.size(), " sizes but ",
                strides->size(), " strides");
    std::optional<TensorType::Sizes> maybeSizes;
    if (hasRank)
      maybeSizes = std::move(sizes);
    if (strides && !hasRank)
      L.errorAt(close, "tensor type has strides but no sizes");
    return TensorType::create(dtype, std::move(maybeSizes), std::move(strides),
                              requiresGrad, std::move(device));
  }

  std::vector<int64_t> parseIntList() {
    L.expect(TokenKind::LBracket);
    std::vector<int64_t> values;
    if (!L.nextIf(TokenKind::RBracket)) {
      do {
        bool negative = L.nextIf(TokenKind::Minus);
        Token t = L.expect(TokenKind::Int, "an integer");
        auto v = parseInt64((negative ? "-" : "") + std::string(t.text));
        if (!v)
          L.errorAt(t, "integer '", t.text, "' out of range");
        values.push_back(*v);
      } while (L.nextIf(TokenKind::Comma));
      L.expect(TokenKind::RBracket, "']' to close the list");
    }
    return values;
  }

  // `(a)`, `(a!)`, `(a -> *)`, `(b|c)`, `(*)`.
  AliasInfo parseAlias() {
    L.expect(TokenKind::LParen);
    AliasInfo info;
    auto parseSets = [&](std::vector<std::string> &sets) {
      do {
        const Token &t = L.peek();
        if (t.kind == TokenKind::Star) {
          L.next();
          sets.push_back("*");
        } else {
          sets.emplace_back(L.expect(TokenKind::Ident, "an alias set").text);
        }
      } while (L.nextIf(TokenKind::Pipe));
    };
    parseSets(info.beforeSets);
    if (L.nextIf(TokenKind::Bang))
      info.isWrite = true;
    if (L.nextIf(TokenKind::Arrow))
      parseSets(info.afterSets);
    L.expect(TokenKind::RParen, "')' to close the alias annotation");
    return info;
  }

  Lexer &L;
  TypeSyntax syntax_;
  int depth_ = 0;
};

} // namespace

ParsedType parseType(Lexer &lexer, TypeSyntax syntax) {
  return TypeParser(lexer, syntax).parse();
}

TypePtr parseTypeString(std::string_view text) {
  auto source = std::make_shared<Source>("<type>", std::string(text),
                                         Source::Kind::IRText);
  Lexer lexer(source);
  TypePtr t = parseType(lexer, TypeSyntax::IR).type;
  if (lexer.peek().kind != TokenKind::Eof)
    lexer.errorAt(lexer.peek(), "unexpected ", describeToken(lexer.peek()),
                  " after the type");
  return t;
}

} // namespace kiln
