//===- AST.cpp - Operator spellings and expression text -------------------===//
#include "frontend/AST.h"

#include <cstdio>
#include <cstdlib>

namespace kiln::ast {

const char *spelling(BinOpKind op) {
  switch (op) {
  case BinOpKind::Add:
    return "+";
  case BinOpKind::Sub:
    return "-";
  case BinOpKind::Mul:
    return "*";
  case BinOpKind::MatMul:
    return "@";
  case BinOpKind::Div:
    return "/";
  case BinOpKind::FloorDiv:
    return "//";
  case BinOpKind::Mod:
    return "%";
  case BinOpKind::Pow:
    return "**";
  case BinOpKind::LShift:
    return "<<";
  case BinOpKind::RShift:
    return ">>";
  case BinOpKind::BitAnd:
    return "&";
  case BinOpKind::BitOr:
    return "|";
  case BinOpKind::BitXor:
    return "^";
  }
  return "?";
}

const char *spelling(UnaryOpKind op) {
  switch (op) {
  case UnaryOpKind::Neg:
    return "-";
  case UnaryOpKind::Pos:
    return "+";
  case UnaryOpKind::Not:
    return "not";
  case UnaryOpKind::Invert:
    return "~";
  }
  return "?";
}

const char *spelling(CmpOpKind op) {
  switch (op) {
  case CmpOpKind::Eq:
    return "==";
  case CmpOpKind::NotEq:
    return "!=";
  case CmpOpKind::Lt:
    return "<";
  case CmpOpKind::LtE:
    return "<=";
  case CmpOpKind::Gt:
    return ">";
  case CmpOpKind::GtE:
    return ">=";
  case CmpOpKind::Is:
    return "is";
  case CmpOpKind::IsNot:
    return "is not";
  case CmpOpKind::In:
    return "in";
  case CmpOpKind::NotIn:
    return "not in";
  }
  return "?";
}

namespace {

/// Python's operator precedence, higher binds tighter; used to add only
/// the parentheses the text needs.
enum Precedence : int {
  kTuple = 0,
  kIfExp,
  kOr,
  kAnd,
  kNot,
  kCompare,
  kBitOr,
  kBitXor,
  kBitAnd,
  kShift,
  kArith,
  kTerm,
  kUnary,
  kPower,
  kPrimary,
  kAtom,
};

int precedence(BinOpKind op) {
  switch (op) {
  case BinOpKind::BitOr:
    return kBitOr;
  case BinOpKind::BitXor:
    return kBitXor;
  case BinOpKind::BitAnd:
    return kBitAnd;
  case BinOpKind::LShift:
  case BinOpKind::RShift:
    return kShift;
  case BinOpKind::Add:
  case BinOpKind::Sub:
    return kArith;
  case BinOpKind::Pow:
    return kPower;
  default:
    return kTerm;
  }
}

int precedence(const Expr &expr) {
  switch (expr.kind) {
  case ExprKind::Tuple:
    return kTuple;
  case ExprKind::IfExp:
    return kIfExp;
  case ExprKind::BoolOp:
    return expr.as<BoolOp>()->isAnd ? kAnd : kOr;
  case ExprKind::UnaryOp:
    return expr.as<UnaryOp>()->op == UnaryOpKind::Not ? kNot : kUnary;
  case ExprKind::Compare:
    return kCompare;
  case ExprKind::BinOp:
    return precedence(expr.as<BinOp>()->op);
  case ExprKind::Attribute:
  case ExprKind::Subscript:
  case ExprKind::Call:
    return kPrimary;
  default:
    return kAtom;
  }
}

std::string quote(const std::string &value) {
  // Python's repr: single quotes unless the text holds one and no double.
  bool useDouble = value.find('\'') != std::string::npos &&
                   value.find('"') == std::string::npos;
  char q = useDouble ? '"' : '\'';
  std::string out(1, q);
  for (unsigned char c : value) {
    switch (c) {
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\r':
      out += "\\r";
      break;
    default:
      if (c == static_cast<unsigned char>(q)) {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c < 0x20 || c == 0x7F) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "\\x%02x", c);
        out += hex;
      } else {
        out += static_cast<char>(c);
      }
    }
  }
  out += q;
  return out;
}

std::string formatFloat(double value) {
  // The shortest text that reads back as the same double, like Python.
  char buf[32];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, value);
    if (std::strtod(buf, nullptr) == value)
      break;
  }
  std::string text = buf;
  if (text == "inf" || text == "-inf" || text == "nan")
    return text;
  if (text.find_first_of(".en") == std::string::npos)
    text += ".0";
  return text;
}

void print(const Expr &expr, int context, std::string &out);

/// `expr`, parenthesized when it binds less tightly than `context`.
void printOperand(const Expr &expr, int context, std::string &out) {
  print(expr, context, out);
}

void printList(const std::vector<ExprPtr> &elts, std::string &out) {
  for (size_t i = 0; i < elts.size(); ++i) {
    if (i)
      out += ", ";
    print(*elts[i], kIfExp, out);
  }
}

void print(const Expr &expr, int context, std::string &out) {
  bool parens = precedence(expr) < context;
  if (parens)
    out += '(';
  switch (expr.kind) {
  case ExprKind::Name:
    out += expr.as<Name>()->id;
    break;
  case ExprKind::Int:
    out += std::to_string(expr.as<Int>()->value);
    break;
  case ExprKind::Float:
    out += formatFloat(expr.as<Float>()->value);
    break;
  case ExprKind::Bool:
    out += expr.as<Bool>()->value ? "True" : "False";
    break;
  case ExprKind::NoneLit:
    out += "None";
    break;
  case ExprKind::Ellipsis:
    out += "...";
    break;
  case ExprKind::String:
    out += quote(expr.as<String>()->value);
    break;
  case ExprKind::FString: {
    std::string body;
    for (const FString::Part &part : expr.as<FString>()->parts) {
      if (!part.value) {
        for (char c : part.literal) {
          body += c;
          if (c == '{' || c == '}')
            body += c;
        }
        continue;
      }
      body += '{';
      print(*part.value, kIfExp, body);
      if (part.conversion) {
        body += '!';
        body += part.conversion;
      }
      if (!part.spec.empty())
        body += ':' + part.spec;
      body += '}';
    }
    out += 'f' + quote(body);
    break;
  }
  case ExprKind::List:
    out += '[';
    printList(expr.as<List>()->elts, out);
    out += ']';
    break;
  case ExprKind::Tuple: {
    const auto &elts = expr.as<Tuple>()->elts;
    if (!parens)
      out += '(';
    printList(elts, out);
    if (elts.size() == 1)
      out += ',';
    if (!parens)
      out += ')';
    break;
  }
  case ExprKind::Dict: {
    const Dict *dict = expr.as<Dict>();
    out += '{';
    for (size_t i = 0; i < dict->keys.size(); ++i) {
      if (i)
        out += ", ";
      print(*dict->keys[i], kIfExp, out);
      out += ": ";
      print(*dict->values[i], kIfExp, out);
    }
    out += '}';
    break;
  }
  case ExprKind::ListComp: {
    const ListComp *comp = expr.as<ListComp>();
    out += '[';
    print(*comp->elt, kIfExp, out);
    out += " for ";
    if (const Tuple *tuple = comp->target->as<Tuple>())
      printList(tuple->elts, out);
    else
      print(*comp->target, kBitOr, out);
    out += " in ";
    print(*comp->iter, kOr, out);
    for (const ExprPtr &cond : comp->ifs) {
      out += " if ";
      print(*cond, kOr, out);
    }
    out += ']';
    break;
  }
  case ExprKind::Attribute:
    printOperand(*expr.as<Attribute>()->value, kPrimary, out);
    out += '.';
    out += expr.as<Attribute>()->attr;
    break;
  case ExprKind::Subscript: {
    const Subscript *sub = expr.as<Subscript>();
    printOperand(*sub->value, kPrimary, out);
    out += '[';
    if (const Tuple *tuple = sub->index->as<Tuple>();
        tuple && !tuple->elts.empty()) {
      for (size_t i = 0; i < tuple->elts.size(); ++i) {
        if (i)
          out += ", ";
        print(*tuple->elts[i], kIfExp, out);
      }
      if (tuple->elts.size() == 1)
        out += ',';
    } else {
      print(*sub->index, kIfExp, out);
    }
    out += ']';
    break;
  }
  case ExprKind::Slice: {
    const Slice *slice = expr.as<Slice>();
    if (slice->lower)
      print(*slice->lower, kIfExp, out);
    out += ':';
    if (slice->upper)
      print(*slice->upper, kIfExp, out);
    if (slice->step) {
      out += ':';
      print(*slice->step, kIfExp, out);
    }
    break;
  }
  case ExprKind::Call: {
    const Call *call = expr.as<Call>();
    printOperand(*call->func, kPrimary, out);
    out += '(';
    printList(call->args, out);
    for (size_t i = 0; i < call->keywords.size(); ++i) {
      if (i || !call->args.empty())
        out += ", ";
      out += call->keywords[i].name + "=";
      print(*call->keywords[i].value, kIfExp, out);
    }
    out += ')';
    break;
  }
  case ExprKind::BinOp: {
    const BinOp *bin = expr.as<BinOp>();
    int p = precedence(bin->op);
    // Left-associative, except `**`, which is right-associative.
    bool right = bin->op == BinOpKind::Pow;
    printOperand(*bin->left, right ? p + 1 : p, out);
    out += ' ';
    out += spelling(bin->op);
    out += ' ';
    printOperand(*bin->right, right ? kUnary : p + 1, out);
    break;
  }
  case ExprKind::UnaryOp: {
    const UnaryOp *unary = expr.as<UnaryOp>();
    out += spelling(unary->op);
    if (unary->op == UnaryOpKind::Not) {
      out += ' ';
      printOperand(*unary->operand, kNot, out);
    } else {
      printOperand(*unary->operand, kUnary, out);
    }
    break;
  }
  case ExprKind::BoolOp: {
    const BoolOp *bools = expr.as<BoolOp>();
    int p = precedence(expr);
    for (size_t i = 0; i < bools->values.size(); ++i) {
      if (i)
        out += bools->isAnd ? " and " : " or ";
      printOperand(*bools->values[i], p + 1, out);
    }
    break;
  }
  case ExprKind::Compare: {
    const Compare *cmp = expr.as<Compare>();
    printOperand(*cmp->left, kCompare + 1, out);
    for (size_t i = 0; i < cmp->ops.size(); ++i) {
      out += ' ';
      out += spelling(cmp->ops[i]);
      out += ' ';
      printOperand(*cmp->comparators[i], kCompare + 1, out);
    }
    break;
  }
  case ExprKind::IfExp: {
    const IfExp *ifexp = expr.as<IfExp>();
    printOperand(*ifexp->body, kIfExp + 1, out);
    out += " if ";
    printOperand(*ifexp->test, kIfExp + 1, out);
    out += " else ";
    printOperand(*ifexp->orelse, kIfExp, out);
    break;
  }
  case ExprKind::Starred:
    out += '*';
    printOperand(*expr.as<Starred>()->value, kBitOr, out);
    break;
  }
  if (parens)
    out += ')';
}

} // namespace

std::string toString(const Expr &expr) {
  std::string out;
  print(expr, kTuple, out);
  return out;
}

} // namespace kiln::ast
