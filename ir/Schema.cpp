//===- Schema.cpp - Parsing TorchScript schemas ---------------------------===//
#include "ir/Schema.h"

#include "ir/Lexer.h"
#include "ir/TypeParser.h"
#include "support/StringUtil.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace kiln {

bool FunctionSchema::isMutable() const {
  for (const Argument &a : arguments_)
    if (a.isWritten())
      return true;
  return false;
}

namespace detail {

class SchemaParser {
public:
  explicit SchemaParser(Lexer &lexer) : L(lexer) {}

  FunctionSchema parse(std::string_view text) {
    FunctionSchema s;
    s.text_ = std::string(text);
    parseName(s);
    L.expect(TokenKind::LParen, "'(' to start the arguments");
    parseArguments(s);
    L.expect(TokenKind::Arrow, "'->' before the returns");
    parseReturns(s);
    if (L.peek().kind != TokenKind::Eof)
      L.errorAt(L.peek(), "unexpected ", describeToken(L.peek()),
                " after the schema");
    return s;
  }

private:
  void parseName(FunctionSchema &s) {
    std::string ns(L.expect(TokenKind::Ident, "the op's namespace").text);
    L.expect(TokenKind::ColonColon, "'::' after the namespace");
    std::string name(L.expect(TokenKind::Ident, "the op's name").text);
    s.name_ = ns + "::" + name;
    if (L.nextIf(TokenKind::Dot))
      s.overload_ = L.expect(TokenKind::Ident, "an overload name").text;
    s.kind_ = Symbol::fromQualString(s.name_);
  }

  void parseArguments(FunctionSchema &s) {
    bool kwargOnly = false;
    if (L.nextIf(TokenKind::RParen))
      return;
    do {
      const Token &t = L.peek();
      if (s.vararg_)
        L.errorAt(t, "'...' must be the last argument");
      if (t.kind == TokenKind::Star) {
        L.next();
        kwargOnly = true;
        continue;
      }
      if (t.kind == TokenKind::Ellipsis) {
        L.next();
        s.vararg_ = true;
        continue;
      }
      Argument arg = parseArgument(/*isReturn=*/false);
      arg.kwargOnly = kwargOnly;
      s.arguments_.push_back(std::move(arg));
    } while (L.nextIf(TokenKind::Comma));
    L.expect(TokenKind::RParen, "',' or ')' after an argument");
  }

  void parseReturns(FunctionSchema &s) {
    if (L.nextIf(TokenKind::Ellipsis)) {
      s.varret_ = true;
      return;
    }
    // `-> (A, B)` lists several returns; a single tuple-typed return is
    // written `-> ((A, B))`.
    if (!L.nextIf(TokenKind::LParen)) {
      s.returns_.push_back(parseArgument(/*isReturn=*/true));
      return;
    }
    if (L.nextIf(TokenKind::RParen))
      return;
    do {
      if (L.nextIf(TokenKind::Ellipsis)) {
        s.varret_ = true;
        break;
      }
      s.returns_.push_back(parseArgument(/*isReturn=*/true));
    } while (L.nextIf(TokenKind::Comma));
    L.expect(TokenKind::RParen, "',' or ')' after a return");
  }

  Argument parseArgument(bool isReturn) {
    Argument arg;
    ParsedType parsed = parseType(L, TypeSyntax::Schema);
    arg.type = parsed.type;
    arg.fixedListSize = parsed.fixedListSize;
    arg.alias = parsed.alias;
    arg.elementAlias = parsed.elementAlias;
    if (L.peek().kind == TokenKind::Ident)
      arg.name = L.next().text;
    else if (!isReturn)
      L.errorAt(L.peek(), "expected an argument name but found ",
                describeToken(L.peek()));
    if (!isReturn && L.nextIf(TokenKind::Equal))
      arg.defaultValue = parseDefault(arg);
    return arg;
  }

  // A number token, with an optional leading '-' already consumed.
  ConstantValue parseNumber(bool negative, const Token &t, const Type &type) {
    std::string text = (negative ? "-" : "") + std::string(t.text);
    bool wantsFloat = type.isa<FloatType>();
    if (t.kind == TokenKind::Int && !wantsFloat) {
      auto v = parseInt64(text);
      if (!v)
        L.errorAt(t, "integer '", text, "' out of range");
      return *v;
    }
    double d = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
    if (ec != std::errc() || ptr != text.data() + text.size())
      L.errorAt(t, "invalid number '", text, "'");
    return d;
  }

  // The type that default values are read as: T for T?, the element for
  // lists.
  static const Type &baseOf(const Type &t) {
    if (auto o = t.cast<OptionalType>())
      return baseOf(*o->element());
    return t;
  }

  ConstantValue parseScalarDefault(const Type &type) {
    const Token &t = L.peek();
    if (t.kind == TokenKind::Ident) {
      Token w = L.next();
      if (w.text == "None")
        return NoneConstant{};
      if (w.text == "True")
        return true;
      if (w.text == "False")
        return false;
      if (w.text == "inf")
        return std::numeric_limits<double>::infinity();
      if (w.text == "nan")
        return std::numeric_limits<double>::quiet_NaN();
      L.errorAt(w, "unknown default value '", w.text, "'");
    }
    if (t.kind == TokenKind::String)
      return L.next().str;
    bool negative = L.nextIf(TokenKind::Minus);
    if (negative && L.peekWord("inf")) {
      L.next();
      return -std::numeric_limits<double>::infinity();
    }
    const Token &n = L.peek();
    if (n.kind != TokenKind::Int && n.kind != TokenKind::Float)
      L.errorAt(n, "expected a default value but found ", describeToken(n));
    Token num = L.next();
    return parseNumber(negative, num, type);
  }

  ConstantValue parseDefault(const Argument &arg) {
    const Type &type = baseOf(*arg.type);
    auto list = type.cast<ListType>();
    if (!list || L.peekWord("None"))
      return parseScalarDefault(type);
    const Type &elem = baseOf(*list->element());
    std::vector<ConstantValue> items;
    if (L.nextIf(TokenKind::LBracket)) {
      if (!L.nextIf(TokenKind::RBracket)) {
        do {
          items.push_back(parseScalarDefault(elem));
        } while (L.nextIf(TokenKind::Comma));
        L.expect(TokenKind::RBracket, "']' to close the default list");
      }
    } else {
      // `int[2] padding=0` repeats a single value N times.
      ConstantValue one = parseScalarDefault(elem);
      size_t n =
          arg.fixedListSize ? static_cast<size_t>(*arg.fixedListSize) : 1;
      items.assign(n, one);
    }
    return makeList(elem, items);
  }

  ConstantValue makeList(const Type &elem,
                         const std::vector<ConstantValue> &items) {
    if (elem.isa<FloatType>()) {
      std::vector<double> out;
      for (const auto &v : items)
        out.push_back(std::holds_alternative<double>(v)
                          ? std::get<double>(v)
                          : static_cast<double>(std::get<int64_t>(v)));
      return out;
    }
    if (elem.isa<BoolType>()) {
      std::vector<bool> out;
      for (const auto &v : items)
        out.push_back(std::get<bool>(v));
      return out;
    }
    if (elem.isa<StringType>()) {
      std::vector<std::string> out;
      for (const auto &v : items)
        out.push_back(std::get<std::string>(v));
      return out;
    }
    std::vector<int64_t> out;
    for (const auto &v : items) {
      if (!std::holds_alternative<int64_t>(v))
        L.errorAt(L.peek(), "list default of ", elem.str(),
                  " must hold integers");
      out.push_back(std::get<int64_t>(v));
    }
    return out;
  }

  Lexer &L;
};

} // namespace detail

FunctionSchema parseSchema(std::string_view text, std::string_view filename) {
  auto source = std::make_shared<Source>(
      std::string(filename), std::string(text), Source::Kind::IRText);
  Lexer lexer(source);
  return detail::SchemaParser(lexer).parse(text);
}

FunctionSchema::FunctionSchema(std::string name,
                               std::vector<Argument> arguments,
                               std::vector<Argument> returns)
    : name_(std::move(name)), kind_(Symbol::fromQualString(name_)),
      arguments_(std::move(arguments)), returns_(std::move(returns)) {
  text_ = name_ + "(";
  bool kwargOnly = false;
  for (size_t i = 0; i < arguments_.size(); ++i) {
    const Argument &a = arguments_[i];
    if (i)
      text_ += ", ";
    if (a.kwargOnly && !kwargOnly) {
      text_ += "*, ";
      kwargOnly = true;
    }
    text_ += a.type->str() + " " + a.name;
    if (a.defaultValue)
      text_ += "=" + formatConstant(*a.defaultValue);
  }
  text_ += ") -> ";
  if (returns_.size() == 1) {
    text_ += returns_[0].type->str();
  } else {
    text_ += "(";
    for (size_t i = 0; i < returns_.size(); ++i)
      text_ += (i ? ", " : "") + returns_[i].type->str();
    text_ += ")";
  }
}

} // namespace kiln
