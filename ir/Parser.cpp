//===- Parser.cpp - Reading IR text ---------------------------------------===//
#include "ir/Parser.h"

#include "ir/CompilationUnit.h"
#include "ir/Lexer.h"
#include "ir/OpTable.h"
#include "ir/TypeParser.h"
#include "support/StringUtil.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace kiln {

namespace {

// Deeper nesting than this is not a real graph; refusing it keeps hostile
// input from exhausting the stack.
constexpr int kMaxBlockDepth = 256;
// Subgraph sections nest at most this deep.
constexpr int kMaxGroupDepth = 64;
// Numbered values keep their numbers; larger ones are rejected.
constexpr size_t kMaxValueNumber = size_t(1) << 31;

// A group reference such as prim::FusionGroup_0, waiting for its
// `with prim::FusionGroup_0 = graph(...)` section.
struct PendingGroup {
  Node *node;
  std::string name; // "prim::FusionGroup_0"
  Symbol baseKind;  // prim::FusionGroup, the node's kind
  Token token;
};

class IRParser {
public:
  explicit IRParser(std::shared_ptr<const Source> source)
      : L(source), source_(std::move(source)) {}

  // `def NAME = graph(...)` sections, added to `unit`, then the main graph,
  // returned.
  std::unique_ptr<Graph> parseFile(CompilationUnit &unit) {
    while (L.peekWord("def")) {
      L.next();
      Token first = L.peek();
      std::string name = parseDefinitionName();
      SourceRange nameRange(source_, first.start, lastEnd_);
      L.expect(TokenKind::Equal, "'=' after the definition's name");
      if (!L.peekWord("graph"))
        L.errorAt(L.peek(), "expected 'graph(' after 'def ", name,
                  " =' but found ", describeToken(L.peek()));
      unit.define(std::move(name), parseGraphWithGroups(), nameRange);
    }
    if (!unit.definitions().empty() && !L.peekWord("graph"))
      L.errorAt(L.peek(),
                "expected another 'def NAME = graph(...)' or the main "
                "graph ('graph(...)') but found ",
                describeToken(L.peek()));
    std::unique_ptr<Graph> main = parseGraphWithGroups();
    if (L.peekWord("def"))
      L.errorAt(L.peek(), "definitions ('def NAME = graph(...)') come before "
                          "the main graph, not after it");
    if (L.peek().kind != TokenKind::Eof)
      L.errorAt(L.peek(), "unexpected ", describeToken(L.peek()),
                " after the graph's return");
    return main;
  }

private:
  struct Scope {
    Graph *graph;
    std::unordered_map<std::string, Value *> values;
    std::unordered_map<std::string, Token> definitions;
    std::vector<PendingGroup> groups;
  };

  //===--- Graphs ---------------------------------------------------------===//

  // A graph, then one `with NAME = graph(...)` section per group node it
  // uses, in order; each section may be followed by its own groups.
  std::unique_ptr<Graph> parseGraphWithGroups() {
    if (++groupDepth_ > kMaxGroupDepth)
      L.errorAt(L.peek(), "subgraphs nested more than ", kMaxGroupDepth,
                " deep");
    auto graph = std::make_unique<Graph>();
    graph->reserveUniquesBelow(maxNumberedValue() + 1);
    Scope scope{graph.get(), {}, {}, {}};
    scopes_.push_back(&scope);
    Token graphTok = L.expectWord("graph");
    graph->paramNode()->setSourceRange(L.range(graphTok));
    L.expect(TokenKind::LParen, "'(' after 'graph'");
    parseParams(graph->block(), TokenKind::RParen);
    L.expect(TokenKind::Colon, "':' after the graph's inputs");
    parseStatements(graph->block(), /*depth=*/0);
    if (!L.peekWord("return"))
      L.errorAt(L.peek(),
                "expected 'return' at the end of the graph but "
                "found ",
                describeToken(L.peek()));
    Token returnTok = L.next();
    graph->returnNode()->setSourceRange(L.range(returnTok));
    L.expect(TokenKind::LParen, "'(' after 'return'");
    for (Value *v : parseValueRefs(TokenKind::RParen))
      graph->registerOutput(v);
    scopes_.pop_back();

    for (PendingGroup &group : scope.groups) {
      if (!L.peekWord("with"))
        L.errorAt(group.token, "unknown op '", group.name, "' (no 'with ",
                  group.name,
                  " = graph(...)' section defines it as a subgraph)");
      L.next();
      Token nameTok = L.peek();
      std::string name = parseKindName();
      if (name != group.name)
        L.errorAt(nameTok, "expected the subgraph section '", group.name,
                  "' but found '", name, "'");
      L.expect(TokenKind::Equal, "'=' after the subgraph's name");
      std::shared_ptr<Graph> body = parseGraphWithGroups();
      group.node->g_(attr::Subgraph, std::move(body));
    }
    --groupDepth_;
    return graph;
  }

  // The largest %N in the text, so that values the parser names itself
  // never take a number that appears later.
  size_t maxNumberedValue() {
    if (maxNumbered_)
      return *maxNumbered_;
    size_t best = 0;
    std::string_view text = source_->text();
    for (size_t i = 0; i + 1 < text.size(); ++i) {
      if (text[i] != '%')
        continue;
      size_t j = i + 1;
      size_t n = 0;
      while (j < text.size() && text[j] >= '0' && text[j] <= '9' &&
             n < kMaxValueNumber)
        n = n * 10 + static_cast<size_t>(text[j++] - '0');
      if (j > i + 1 && n < kMaxValueNumber)
        best = std::max(best, n);
    }
    maxNumbered_ = best;
    return best;
  }

  Scope &scope() { return *scopes_.back(); }

  //===--- Values ---------------------------------------------------------===//

  void defineValue(Value *v, const Token &tok) {
    std::string name(tok.text);
    auto [it, inserted] = scope().values.emplace(name, v);
    if (!inserted) {
      CompileError err(Diagnostic{Severity::Error,
                                  L.range(tok),
                                  "redefinition of value '%" + name + "'",
                                  {}});
      err.addNote(L.range(scope().definitions.at(name)),
                  "previous definition is here");
      throw err;
    }
    scope().definitions.emplace(name, tok);
    if (isDecimalNumber(name)) {
      if (name.size() > 1 && name[0] == '0')
        L.errorAt(tok, "value number '%", name,
                  "' has a leading zero; write it without one");
      auto n = parseInt64(name);
      if (!n || static_cast<size_t>(*n) >= kMaxValueNumber)
        L.errorAt(tok, "value number '%", name, "' is too large");
      scope().graph->setUnique(v, static_cast<size_t>(*n));
    } else {
      v->setDebugName(name);
    }
  }

  Value *lookupValue(const Token &tok) {
    auto it = scope().values.find(std::string(tok.text));
    if (it == scope().values.end())
      L.errorAt(tok, "use of undefined value '%", tok.text, "'");
    return it->second;
  }

  std::vector<Value *> parseValueRefs(TokenKind close) {
    std::vector<Value *> values;
    if (L.nextIf(close))
      return values;
    do {
      Token t = L.expect(TokenKind::ValueRef, "a value (%name)");
      values.push_back(lookupValue(t));
    } while (L.nextIf(TokenKind::Comma));
    L.expect(close, close == TokenKind::RParen ? "',' or ')'" : "',' or ']'");
    return values;
  }

  // `%a : T, %b : U` up to and including `close`.
  void parseParams(Block *block, TokenKind close) {
    if (L.nextIf(close))
      return;
    do {
      Token name = L.expect(TokenKind::ValueRef, "a value (%name)");
      L.expect(TokenKind::Colon, "':' and a type after the value's name");
      TypePtr type = parseIRType();
      Value *v = block->addInput();
      v->setType(type);
      defineValue(v, name);
    } while (L.nextIf(TokenKind::Comma));
    L.expect(close, "',' or ')' after an input");
  }

  TypePtr parseIRType() {
    ParsedType parsed = parseType(L, TypeSyntax::IR);
    return parsed.type;
  }

  //===--- Nodes ----------------------------------------------------------===//

  void parseStatements(Block *block, int depth) {
    while (true) {
      const Token &t = L.peek();
      if (t.kind == TokenKind::Arrow || L.peekWord("return"))
        return;
      if (t.kind == TokenKind::Eof)
        L.errorAt(t, depth == 0 ? "expected 'return' before the end of input"
                                : "expected '-> (...)' to end the block "
                                  "before the end of input");
      parseNode(block, depth);
    }
  }

  // `helper` or `__torch__.Block.forward`: what prim::Constant[name=...]
  // and a class type with a method name say.
  std::string parseDefinitionName() {
    std::string name;
    do {
      if (!name.empty())
        name += ".";
      Token part = L.expect(TokenKind::Ident,
                            "a function name, or a class name and a method "
                            "name such as __torch__.Block.forward");
      name += part.text;
      lastEnd_ = part.end;
    } while (L.nextIf(TokenKind::Dot));
    return name;
  }

  std::string parseKindName() {
    Token ns = L.expect(TokenKind::Ident, "an op name such as aten::add");
    L.expect(TokenKind::ColonColon, "'::' in the op name");
    Token name = L.expect(TokenKind::Ident, "an op name after '::'");
    return std::string(ns.text) + "::" + std::string(name.text);
  }

  // `prim::FusionGroup_3` -> (prim::FusionGroup, 3).
  static std::optional<std::pair<std::string, size_t>>
  splitGroupName(const std::string &kind) {
    size_t underscore = kind.rfind('_');
    if (underscore == std::string::npos ||
        !isDecimalNumber(std::string_view(kind).substr(underscore + 1)))
      return std::nullopt;
    auto n = parseInt64(std::string_view(kind).substr(underscore + 1));
    if (!n)
      return std::nullopt;
    return std::make_pair(kind.substr(0, underscore), static_cast<size_t>(*n));
  }

  void parseNode(Block *block, int depth) {
    Graph *graph = scope().graph;
    std::vector<std::pair<Token, TypePtr>> outputs;
    if (L.peek().kind == TokenKind::ValueRef) {
      do {
        Token name = L.expect(TokenKind::ValueRef, "a value (%name)");
        L.expect(TokenKind::Colon, "':' and a type after the result's name");
        outputs.emplace_back(name, parseIRType());
      } while (L.nextIf(TokenKind::Comma));
    }
    L.expect(TokenKind::Equal, outputs.empty() ? "a node ('%x : T = op(...)')"
                                               : "'=' after the results");
    Token kindTok = L.peek();
    std::string kindName = parseKindName();
    SourceRange kindRange(source_, kindTok.start, L.peek().start);

    // Look kinds up without interning them: garbage input must not grow the
    // symbol table. (Building the op table interns every known kind.)
    const OpTable &ops = OpTable::get();
    Symbol kind = Symbol::lookup(kindName);
    std::optional<PendingGroup> group;
    if (!kind.valid() || !ops.isKnownKind(kind)) {
      auto split = splitGroupName(kindName);
      // Only ops that carry a subgraph print as `kind_N` with a
      // `with kind_N = graph(...)` section.
      Symbol base = split ? Symbol::lookup(split->first) : Symbol();
      if (!base.valid() || !ops.hasSubgraph(base) ||
          split->second != scope().groups.size())
        throwErrorAt(kindRange, "unknown op '", kindName, "'",
                     ops.suggestKind(kindName));
      kind = base;
      group = PendingGroup{nullptr, kindName, base, kindTok};
    }

    Node *node = graph->create(kind, 0);
    for (auto &[name, type] : outputs) {
      Value *v = node->addOutput();
      v->setType(type);
    }
    // Append before defining outputs so that a failure below leaves the
    // node owned by the graph in a consistent place.
    block->appendNode(node);
    if (L.peek().kind == TokenKind::LBracket)
      parseAttributes(node);
    L.expect(TokenKind::LParen, "'(' and the op's inputs");
    for (Value *v : parseValueRefs(TokenKind::RParen))
      node->addInput(v);
    // The results are visible after the node (not in its own inputs).
    for (size_t i = 0; i < outputs.size(); ++i)
      defineValue(node->output(i), outputs[i].first);

    node->setSourceRange(kindRange);
    if (auto loc = parseLocation(L.peek().trailingComment))
      node->setSourceRange(*loc);

    if (group) {
      group->node = node;
      scope().groups.push_back(std::move(*group));
    }
    parseBlocks(node, depth);
  }

  void parseBlocks(Node *node, int depth) {
    for (size_t index = 0;; ++index) {
      const Token &t = L.peek();
      if (t.kind != TokenKind::Ident ||
          t.text != "block" + std::to_string(index))
        return;
      Token blockTok = L.next();
      if (depth + 1 > kMaxBlockDepth)
        L.errorAt(blockTok, "blocks nested more than ", kMaxBlockDepth,
                  " deep");
      Block *b = node->addBlock();
      b->paramNode()->setSourceRange(L.range(blockTok));
      L.expect(TokenKind::LParen,
               "'(' after '" + std::string(blockTok.text) + "'");
      parseParams(b, TokenKind::RParen);
      L.expect(TokenKind::Colon, "':' after the block's inputs");
      parseStatements(b, depth + 1);
      Token arrow = L.expect(TokenKind::Arrow, "'->' to end the block");
      b->returnNode()->setSourceRange(L.range(arrow));
      L.expect(TokenKind::LParen, "'(' after '->'");
      for (Value *v : parseValueRefs(TokenKind::RParen))
        b->registerOutput(v);
    }
  }

  // ` models/f.py:12:8` -> a location in a source known by name.
  std::optional<SourceRange> parseLocation(std::string_view comment) {
    while (!comment.empty() &&
           (comment.front() == ' ' || comment.front() == '\t'))
      comment.remove_prefix(1);
    while (!comment.empty() &&
           (comment.back() == ' ' || comment.back() == '\r'))
      comment.remove_suffix(1);
    size_t colColon = comment.rfind(':');
    if (colColon == std::string_view::npos || colColon == 0)
      return std::nullopt;
    size_t lineColon = comment.rfind(':', colColon - 1);
    if (lineColon == std::string_view::npos || lineColon == 0)
      return std::nullopt;
    std::string_view file = comment.substr(0, lineColon);
    std::string_view line =
        comment.substr(lineColon + 1, colColon - lineColon - 1);
    std::string_view col = comment.substr(colColon + 1);
    auto l = parseInt64(line), c = parseInt64(col);
    if (!isDecimalNumber(line) || !isDecimalNumber(col) || !l || !c ||
        *l <= 0 || *c <= 0 || *l > UINT32_MAX || *c > UINT32_MAX)
      return std::nullopt;
    auto &named = namedSources_[std::string(file)];
    if (!named)
      named = std::make_shared<Source>(std::string(file));
    return SourceRange::fromLineCol(named, static_cast<uint32_t>(*l),
                                    static_cast<uint32_t>(*c));
  }

  //===--- Attributes -----------------------------------------------------===//

  void parseAttributes(Node *node) {
    L.expect(TokenKind::LBracket);
    do {
      Token name = L.expect(TokenKind::Ident, "an attribute name");
      L.expect(TokenKind::Equal, "'=' after the attribute name");
      Symbol sym = Symbol::attr(name.text);
      if (node->hasAttribute(sym))
        L.errorAt(name, "attribute '", name.text, "' given twice");
      // prim::Constant's result type says how to read its value.
      TypePtr hint;
      if (node->kind() == prim::Constant && node->outputs().size() == 1 &&
          sym == attr::value)
        hint = node->output()->type();
      node->setAttribute(sym, parseAttributeValue(hint));
    } while (L.nextIf(TokenKind::Comma));
    L.expect(TokenKind::RBracket, "',' or ']' after an attribute");
  }

  static bool wantsFloat(const TypePtr &hint) {
    if (!hint)
      return false;
    if (hint->isa<FloatType>())
      return true;
    auto list = hint->cast<ListType>();
    return list && list->element()->isa<FloatType>();
  }

  AttributeValue parseAttributeValue(const TypePtr &hint) {
    const Token &t = L.peek();
    switch (t.kind) {
    case TokenKind::String:
      return L.next().str;
    case TokenKind::LBracket:
      return parseAttributeList(hint);
    case TokenKind::LBrace:
      return parseShortTensor(hint);
    case TokenKind::LParen:
      return std::make_shared<const ConstantTuple>(parseTupleConstant(hint));
    case TokenKind::Less:
      L.errorAt(t, "PyTorch printed this tensor constant as '<Tensor>' and "
                   "left out its value; the graph cannot be read back");
    case TokenKind::Ident:
      if (scalarTypeFromName(t.text) && L.peek(1).kind == TokenKind::LParen)
        return parseTensorLiteral();
      [[fallthrough]];
    default: {
      Scalar s = parseNumber();
      const Token &after = L.peek();
      if (after.kind == TokenKind::Int || after.kind == TokenKind::Float ||
          after.kind == TokenKind::LBracket)
        L.errorAt(after, "this looks like PyTorch's display of a tensor "
                         "constant, which drops digits; Kiln cannot read it "
                         "back exactly");
      if (s.isFloat() || wantsFloat(hint))
        return s.toDouble();
      return s.toInt();
    }
    }
  }

  // `(1, (2.5, "b"), None, True)`, as PyTorch prints literal tuples; a
  // one-element tuple has a trailing comma.
  // `hint` is the constant's declared type: a whole float such as 3e10
  // prints without a '.', and the tuple's type says it is a float.
  ConstantTuple parseTupleConstant(const TypePtr &hint) {
    auto tupleType = hint ? hint->cast<TupleType>() : nullptr;
    auto itemHint = [&](size_t i) -> TypePtr {
      if (!tupleType || i >= tupleType->elements().size())
        return nullptr;
      return tupleType->elements()[i];
    };
    if (++tupleDepth_ > 64)
      L.errorAt(L.peek(), "tuple constant nested too deeply");
    L.expect(TokenKind::LParen);
    ConstantTuple tuple;
    while (!L.nextIf(TokenKind::RParen)) {
      const Token &t = L.peek();
      if (t.kind == TokenKind::LParen) {
        tuple.items.push_back(std::make_shared<const ConstantTuple>(
            parseTupleConstant(itemHint(tuple.items.size()))));
      } else if (t.kind == TokenKind::String) {
        tuple.items.push_back(L.next().str);
      } else if (L.peekWord("None")) {
        L.next();
        tuple.items.push_back(NoneConstant{});
      } else if (L.peekWord("True") || L.peekWord("False")) {
        tuple.items.push_back(L.next().text == "True");
      } else {
        TypePtr want = itemHint(tuple.items.size());
        Scalar s = parseNumber();
        if (s.isFloat() || (want && want->isa<FloatType>()))
          tuple.items.push_back(s.toDouble());
        else
          tuple.items.push_back(s.toInt());
      }
      if (L.peek().kind != TokenKind::RParen)
        L.expect(TokenKind::Comma, "',' or ')' in the tuple");
    }
    --tupleDepth_;
    return tuple;
  }

  // An int or float literal, with optional '-', or inf / nan.
  Scalar parseNumber() {
    bool negative = L.nextIf(TokenKind::Minus);
    const Token &t = L.peek();
    if (t.kind == TokenKind::Ident && (t.text == "inf" || t.text == "nan")) {
      Token w = L.next();
      double v = w.text == "inf" ? std::numeric_limits<double>::infinity()
                                 : std::numeric_limits<double>::quiet_NaN();
      return Scalar(negative ? -v : v);
    }
    if (t.kind != TokenKind::Int && t.kind != TokenKind::Float)
      L.errorAt(t, "expected an attribute value but found ", describeToken(t));
    Token num = L.next();
    std::string text = (negative ? "-" : "") + std::string(num.text);
    if (num.kind == TokenKind::Int) {
      auto v = parseInt64(text);
      if (!v)
        L.errorAt(num, "integer '", text, "' does not fit in 64 bits");
      return Scalar(*v);
    }
    double d = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
    if (ptr != text.data() + text.size() ||
        (ec != std::errc() && ec != std::errc::result_out_of_range))
      L.errorAt(num, "invalid number '", text, "'");
    if (ec == std::errc::result_out_of_range)
      d = std::strtod(text.c_str(), nullptr); // inf or a denormal/zero
    return Scalar(d);
  }

  AttributeValue parseAttributeList(const TypePtr &hint) {
    L.expect(TokenKind::LBracket);
    if (L.nextIf(TokenKind::RBracket)) {
      if (hint) {
        if (auto list = hint->cast<ListType>()) {
          if (list->element()->isa<FloatType>())
            return std::vector<double>{};
          if (list->element()->isa<StringType>())
            return std::vector<std::string>{};
        }
      }
      return std::vector<int64_t>{};
    }
    const Token &first = L.peek();
    if (first.kind == TokenKind::String) {
      std::vector<std::string> items;
      do {
        items.push_back(L.expect(TokenKind::String, "a string").str);
      } while (L.nextIf(TokenKind::Comma));
      L.expect(TokenKind::RBracket, "',' or ']' in the list");
      return items;
    }
    if (first.kind == TokenKind::LBrace ||
        (first.kind == TokenKind::Ident && scalarTypeFromName(first.text))) {
      std::vector<Tensor> items;
      do {
        items.push_back(L.peek().kind == TokenKind::LBrace
                            ? parseShortTensor(nullptr)
                            : parseTensorLiteral());
      } while (L.nextIf(TokenKind::Comma));
      L.expect(TokenKind::RBracket, "',' or ']' in the list");
      return items;
    }
    std::vector<Scalar> items;
    bool anyFloat = wantsFloat(hint);
    do {
      items.push_back(parseNumber());
      anyFloat = anyFloat || items.back().isFloat();
    } while (L.nextIf(TokenKind::Comma));
    L.expect(TokenKind::RBracket, "',' or ']' in the list");
    if (anyFloat) {
      std::vector<double> out;
      for (const Scalar &s : items)
        out.push_back(s.toDouble());
      return out;
    }
    std::vector<int64_t> out;
    for (const Scalar &s : items)
      out.push_back(s.toInt());
    return out;
  }

  // `{3.25}`: a 0-d tensor; float32 for a float literal, int64 for an
  // integer, unless the constant's type names the dtype.
  Tensor parseShortTensor(const TypePtr &hint) {
    Token open = L.expect(TokenKind::LBrace);
    Token valueTok = L.peek();
    Scalar v = parseNumber();
    L.expect(TokenKind::RBrace, "'}' after the tensor's value");
    ScalarType dtype = v.isFloat() ? ScalarType::Float : ScalarType::Long;
    if (hint)
      if (auto t = hint->cast<TensorType>(); t && t->dtype())
        dtype = *t->dtype();
    checkSupportedDtype(open, dtype);
    checkElementFits(valueTok, v, dtype);
    return Tensor::scalar(v, dtype);
  }

  // A literal that the dtype cannot hold exactly is an error, not a silent
  // conversion.
  void checkElementFits(const Token &at, const Scalar &v, ScalarType dtype) {
    auto bad = [&](const char *why) {
      L.errorAt(at, "element ", describeToken(at), " of a ",
                scalarTypeName(dtype), " tensor ", why);
    };
    if (isFloatingType(dtype)) {
      double d = v.toDouble();
      if (dtype == ScalarType::Float && std::isfinite(d) &&
          std::abs(d) > std::numeric_limits<float>::max())
        bad("is out of range");
      return;
    }
    if (v.isFloat())
      bad("must be an integer");
    int64_t i = v.toInt();
    auto outside = [&](int64_t lo, int64_t hi) { return i < lo || i > hi; };
    if ((dtype == ScalarType::Bool && outside(0, 1)) ||
        (dtype == ScalarType::Byte && outside(0, 255)) ||
        (dtype == ScalarType::Char && outside(-128, 127)) ||
        (dtype == ScalarType::Short && outside(INT16_MIN, INT16_MAX)) ||
        (dtype == ScalarType::Int && outside(INT32_MIN, INT32_MAX)))
      bad("is out of range");
  }

  void checkSupportedDtype(const Token &at, ScalarType dtype) {
    if (dtype == ScalarType::Half || dtype == ScalarType::BFloat16)
      L.errorAt(at, "tensor constants of dtype ", scalarTypeName(dtype),
                " are not supported");
  }

  // `Double(2, 2){1., 2.5, 3., 4.}`.
  Tensor parseTensorLiteral() {
    Token dtypeTok = L.expect(TokenKind::Ident);
    ScalarType dtype = *scalarTypeFromName(dtypeTok.text);
    checkSupportedDtype(dtypeTok, dtype);
    L.expect(TokenKind::LParen);
    std::vector<int64_t> sizes;
    if (!L.nextIf(TokenKind::RParen)) {
      do {
        Token s = L.expect(TokenKind::Int, "a size");
        auto v = parseInt64(s.text);
        if (!v)
          L.errorAt(s, "size '", s.text, "' out of range");
        sizes.push_back(*v);
      } while (L.nextIf(TokenKind::Comma));
      L.expect(TokenKind::RParen, "',' or ')' in the tensor's sizes");
    }
    Token open = L.expect(TokenKind::LBrace, "'{' and the tensor's elements");
    std::vector<Scalar> elements;
    if (!L.nextIf(TokenKind::RBrace)) {
      do {
        Token at = L.peek();
        elements.push_back(parseNumber());
        checkElementFits(at, elements.back(), dtype);
      } while (L.nextIf(TokenKind::Comma));
      L.expect(TokenKind::RBrace, "',' or '}' in the tensor's elements");
    }
    // The element count is checked against the sizes before anything is
    // allocated for them.
    size_t count = 1;
    for (int64_t s : sizes) {
      if (s < 0 ||
          (s != 0 && count > elements.size() / static_cast<size_t>(s) + 1))
        L.errorAt(open, "the tensor's sizes do not match its ", elements.size(),
                  " elements");
      count *= static_cast<size_t>(s);
    }
    if (count != elements.size())
      L.errorAt(open, "the tensor's sizes call for ", count,
                " elements but it has ", elements.size());
    Tensor t = Tensor::zeros(sizes, dtype);
    for (size_t i = 0; i < elements.size(); ++i)
      t.setItem(static_cast<int64_t>(i), elements[i]);
    return t;
  }

  Lexer L;
  std::shared_ptr<const Source> source_;
  std::vector<Scope *> scopes_;
  std::optional<size_t> maxNumbered_;
  int groupDepth_ = 0;
  int tupleDepth_ = 0;
  size_t lastEnd_ = 0;
  std::unordered_map<std::string, std::shared_ptr<const Source>> namedSources_;
};

} // namespace

std::shared_ptr<CompilationUnit>
parseUnit(std::shared_ptr<const Source> source) {
  auto unit = CompilationUnit::create();
  unit->setMain(IRParser(std::move(source)).parseFile(*unit));
  return unit;
}

std::shared_ptr<CompilationUnit> parseUnit(std::string_view text,
                                           std::string filename) {
  return parseUnit(std::make_shared<Source>(
      std::move(filename), std::string(text), Source::Kind::IRText));
}

std::unique_ptr<Graph> parseIR(std::shared_ptr<const Source> source) {
  auto unit = CompilationUnit::create();
  std::unique_ptr<Graph> graph = IRParser(std::move(source)).parseFile(*unit);
  if (!unit->definitions().empty())
    throwErrorAt(unit->definitions().front().range,
                 "this file defines functions or methods; read it as a "
                 "compilation unit (kiln-opt and kiln run do)");
  return graph;
}

std::unique_ptr<Graph> parseIR(std::string_view text, std::string filename) {
  return parseIR(std::make_shared<Source>(
      std::move(filename), std::string(text), Source::Kind::IRText));
}

} // namespace kiln
