//===- AST.h - The typed syntax tree of a Kiln script -----------*- C++ -*-===//
//
// What the parser (frontend/Parser.h) builds from a script and what the
// module evaluator and the IR emitter read. It holds only constructs Kiln
// accepts: the parser reports everything else (lambda, try, with, yield,
// *args, nested def, ...) at its location, so later stages need not.
//
// Every node keeps the SourceRange of its text. Nodes are owned by their
// parent through unique_ptr; a Module owns the whole tree. The kinds follow
// Python's own `ast` module, so its documentation describes them.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTEND_AST_H
#define KILN_FRONTEND_AST_H

#include "ir/SourceRange.h"
#include "support/Error.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kiln::ast {

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

enum class ExprKind : uint8_t {
  Name,      // x
  Int,       // 1, 0x1F, 1_000
  Float,     // 1.5, 1e-5
  Bool,      // True, False
  NoneLit,   // None
  Ellipsis,  // ...
  String,    // 'a', "a", """a""", adjacent literals joined
  FString,   // f"{x} and {y:.3f}"
  List,      // [a, b]
  Tuple,     // (a, b), a, b
  Dict,      // {k: v}
  ListComp,  // [e for x in xs if c]
  Attribute, // value.attr
  Subscript, // value[index]
  Slice,     // a:b:c (only inside a Subscript's index)
  Call,      // f(a, k=v)
  BinOp,     // a + b
  UnaryOp,   // -a, not a, ~a
  BoolOp,    // a and b and c
  Compare,   // a < b <= c, a is None, a in b
  IfExp,     // a if c else b
  Starred,   // *a (only as a call argument)
};

struct Expr {
  Expr(ExprKind k, SourceRange r) : kind(k), range(std::move(r)) {}
  virtual ~Expr() = default;
  const ExprKind kind;
  SourceRange range;

  template <typename T> bool isa() const { return kind == T::Kind; }
  template <typename T> const T *as() const {
    return isa<T>() ? static_cast<const T *>(this) : nullptr;
  }
  template <typename T> T *as() {
    return isa<T>() ? static_cast<T *>(this) : nullptr;
  }
};
using ExprPtr = std::unique_ptr<Expr>;

#define KILN_AST_EXPR(NAME)                                                    \
  static constexpr ExprKind Kind = ExprKind::NAME;                             \
  explicit NAME(SourceRange r) : Expr(Kind, r) {}

struct Name : Expr {
  KILN_AST_EXPR(Name)
  std::string id;
};

struct Int : Expr {
  KILN_AST_EXPR(Int)
  int64_t value = 0;
};

struct Float : Expr {
  KILN_AST_EXPR(Float)
  double value = 0;
};

struct Bool : Expr {
  KILN_AST_EXPR(Bool)
  bool value = false;
};

struct NoneLit : Expr {
  KILN_AST_EXPR(NoneLit)
};

struct Ellipsis : Expr {
  KILN_AST_EXPR(Ellipsis)
};

struct String : Expr {
  KILN_AST_EXPR(String)
  /// The value, escapes decoded.
  std::string value;
};

/// f"text {expr:spec} text". Literal pieces and replacement fields
/// alternate: parts[i] is either a literal or a field.
struct FString : Expr {
  KILN_AST_EXPR(FString)
  struct Part {
    std::string literal; // when !value
    ExprPtr value;       // a replacement field
    std::string spec;    // after ':' ("" when none)
    char conversion = 0; // 'r', 's' or 0 (after '!')
  };
  std::vector<Part> parts;
};

struct List : Expr {
  KILN_AST_EXPR(List)
  std::vector<ExprPtr> elts;
};

struct Tuple : Expr {
  KILN_AST_EXPR(Tuple)
  std::vector<ExprPtr> elts;
};

struct Dict : Expr {
  KILN_AST_EXPR(Dict)
  std::vector<ExprPtr> keys, values;
};

/// [elt for target in iter if cond ...]: one `for` clause (Kiln accepts no
/// nested clauses), any number of `if`s.
struct ListComp : Expr {
  KILN_AST_EXPR(ListComp)
  ExprPtr elt;
  ExprPtr target; // a Name or a Tuple of Names
  ExprPtr iter;
  std::vector<ExprPtr> ifs;
};

struct Attribute : Expr {
  KILN_AST_EXPR(Attribute)
  ExprPtr value;
  std::string attr;
  SourceRange attrRange; // the attribute's name alone
};

/// value[index]. Several comma-separated indices make `index` a Tuple
/// (x[0, 1:2, None, ...]); slices appear as Slice expressions.
struct Subscript : Expr {
  KILN_AST_EXPR(Subscript)
  ExprPtr value;
  ExprPtr index;
};

struct Slice : Expr {
  KILN_AST_EXPR(Slice)
  ExprPtr lower, upper, step; // each may be null
};

struct Keyword {
  std::string name;
  SourceRange range; // `name=value`
  ExprPtr value;
};

struct Call : Expr {
  KILN_AST_EXPR(Call)
  ExprPtr func;
  std::vector<ExprPtr> args;
  std::vector<Keyword> keywords;
};

enum class BinOpKind : uint8_t {
  Add,
  Sub,
  Mul,
  MatMul,
  Div,
  FloorDiv,
  Mod,
  Pow,
  LShift,
  RShift,
  BitAnd,
  BitOr,
  BitXor,
};
/// "+", "//", "@", ...
const char *spelling(BinOpKind op);

struct BinOp : Expr {
  KILN_AST_EXPR(BinOp)
  BinOpKind op = BinOpKind::Add;
  ExprPtr left, right;
};

enum class UnaryOpKind : uint8_t { Neg, Pos, Not, Invert };
const char *spelling(UnaryOpKind op);

struct UnaryOp : Expr {
  KILN_AST_EXPR(UnaryOp)
  UnaryOpKind op = UnaryOpKind::Neg;
  ExprPtr operand;
};

struct BoolOp : Expr {
  KILN_AST_EXPR(BoolOp)
  bool isAnd = true;           // `and`, else `or`
  std::vector<ExprPtr> values; // two or more
};

enum class CmpOpKind : uint8_t {
  Eq,
  NotEq,
  Lt,
  LtE,
  Gt,
  GtE,
  Is,
  IsNot,
  In,
  NotIn
};
const char *spelling(CmpOpKind op);

/// left ops[0] comparators[0] ops[1] comparators[1] ...
struct Compare : Expr {
  KILN_AST_EXPR(Compare)
  ExprPtr left;
  std::vector<CmpOpKind> ops;
  std::vector<ExprPtr> comparators;
};

struct IfExp : Expr {
  KILN_AST_EXPR(IfExp)
  ExprPtr test, body, orelse;
};

struct Starred : Expr {
  KILN_AST_EXPR(Starred)
  ExprPtr value;
};

#undef KILN_AST_EXPR

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

enum class StmtKind : uint8_t {
  FunctionDef,
  ClassDef,
  Assign,
  AugAssign,
  AnnAssign,
  If,
  While,
  For,
  Return,
  Break,
  Continue,
  Pass,
  Assert,
  Raise,
  ExprStmt,
  Import,
  ImportFrom,
  Delete,
};

struct Stmt {
  Stmt(StmtKind k, SourceRange r) : kind(k), range(std::move(r)) {}
  virtual ~Stmt() = default;
  const StmtKind kind;
  SourceRange range;

  template <typename T> bool isa() const { return kind == T::Kind; }
  template <typename T> const T *as() const {
    return isa<T>() ? static_cast<const T *>(this) : nullptr;
  }
  template <typename T> T *as() {
    return isa<T>() ? static_cast<T *>(this) : nullptr;
  }
};
using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

#define KILN_AST_STMT(NAME)                                                    \
  static constexpr StmtKind Kind = StmtKind::NAME;                             \
  explicit NAME(SourceRange r) : Stmt(Kind, r) {}

struct Param {
  std::string name;
  SourceRange range;    // the parameter's name
  ExprPtr annotation;   // null when unannotated
  ExprPtr defaultValue; // null when none
};

/// A decorator (`@torch.jit.export`, `@torch.jit.ignore`, ...), kept so the
/// emitter can accept the harmless ones and reject the others.
struct Decorator {
  ExprPtr expr;
};

struct FunctionDef : Stmt {
  KILN_AST_STMT(FunctionDef)
  std::string name;
  SourceRange nameRange;
  std::vector<Param> params;
  ExprPtr returns; // null when unannotated
  std::vector<Decorator> decorators;
  Body body; // a leading docstring is dropped
};

struct ClassDef : Stmt {
  KILN_AST_STMT(ClassDef)
  std::string name;
  SourceRange nameRange;
  std::vector<ExprPtr> bases;
  std::vector<Decorator> decorators;
  /// FunctionDefs, class-level assignments (`__constants__ = [...]`,
  /// annotations such as `x: int`), pass; a docstring is dropped.
  Body body;
};

/// targets[0] = targets[1] = ... = value. A target is a Name, Attribute,
/// Subscript, or a Tuple/List of targets (unpacking).
struct Assign : Stmt {
  KILN_AST_STMT(Assign)
  std::vector<ExprPtr> targets;
  ExprPtr value;
};

struct AugAssign : Stmt {
  KILN_AST_STMT(AugAssign)
  ExprPtr target;
  BinOpKind op = BinOpKind::Add;
  ExprPtr value;
};

/// target: annotation [= value]
struct AnnAssign : Stmt {
  KILN_AST_STMT(AnnAssign)
  ExprPtr target;
  ExprPtr annotation;
  ExprPtr value; // may be null
};

/// `elif` chains are nested Ifs in orelse, as in Python's ast.
struct If : Stmt {
  KILN_AST_STMT(If)
  ExprPtr test;
  Body body, orelse;
};

struct While : Stmt {
  KILN_AST_STMT(While)
  ExprPtr test;
  Body body;
};

struct For : Stmt {
  KILN_AST_STMT(For)
  ExprPtr target; // a Name or a Tuple of targets
  ExprPtr iter;
  Body body;
};

struct Return : Stmt {
  KILN_AST_STMT(Return)
  ExprPtr value; // null for a bare `return`
};

struct Break : Stmt {
  KILN_AST_STMT(Break)
};

struct Continue : Stmt {
  KILN_AST_STMT(Continue)
};

struct Pass : Stmt {
  KILN_AST_STMT(Pass)
};

struct Assert : Stmt {
  KILN_AST_STMT(Assert)
  ExprPtr test;
  ExprPtr msg; // may be null
};

/// raise Exc("message"); `exc` is the expression after `raise`.
struct Raise : Stmt {
  KILN_AST_STMT(Raise)
  ExprPtr exc; // null for a bare `raise`
};

struct ExprStmt : Stmt {
  KILN_AST_STMT(ExprStmt)
  ExprPtr value;
};

struct Alias {
  std::string name;   // dotted: "torch.nn.functional"
  std::string asname; // "" when none
  SourceRange range;
};

/// import a.b as c, d
struct Import : Stmt {
  KILN_AST_STMT(Import)
  std::vector<Alias> names;
};

/// from module import a as b, c
struct ImportFrom : Stmt {
  KILN_AST_STMT(ImportFrom)
  std::string module; // dotted
  std::vector<Alias> names;
};

struct Delete : Stmt {
  KILN_AST_STMT(Delete)
  std::vector<ExprPtr> targets;
};

#undef KILN_AST_STMT

/// A parsed script: its top-level statements, in order.
struct Module {
  std::shared_ptr<const Source> source;
  Body body;
};

/// Python-like text of an expression, for diagnostics ("self.conv1(x)").
std::string toString(const Expr &expr);

} // namespace kiln::ast

#endif // KILN_FRONTEND_AST_H
