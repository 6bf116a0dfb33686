//===- Symbol.h - Interned qualified names ----------------------*- C++ -*-===//
//
// Node kinds (`aten::add`, `prim::If`) and attribute names (`attr::value`)
// are interned: a Symbol is a 32-bit id, compared by value, so the set of
// kinds is open (DESIGN.md, "The IR"). Symbols listed in Symbols.def have
// fixed ids and constexpr names such as kiln::prim::If.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_IR_SYMBOL_H
#define KILN_IR_SYMBOL_H

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace kiln {

namespace detail {
enum class BuiltinSymbol : uint32_t {
#define KILN_SYMBOL(ns, name) ns##_##name,
#include "ir/Symbols.def"
#undef KILN_SYMBOL
  NumBuiltins
};
} // namespace detail

class Symbol {
public:
  constexpr Symbol() = default;
  constexpr explicit Symbol(detail::BuiltinSymbol b)
      : id_(static_cast<uint32_t>(b)) {}

  /// Interns "ns::name" (the namespace is required). Thread-safe.
  static Symbol fromQualString(std::string_view qualified);
  /// Interns "attr::<name>".
  static Symbol attr(std::string_view name);
  /// Looks up without interning; an invalid Symbol when never interned.
  static Symbol lookup(std::string_view qualified);

  bool valid() const { return id_ != kInvalid; }
  uint32_t id() const { return id_; }

  /// "aten::add"
  std::string_view qualString() const;
  /// "aten"
  std::string_view ns() const;
  /// "add"
  std::string_view unqualString() const;

  bool isAten() const { return ns() == "aten"; }
  bool isPrim() const { return ns() == "prim"; }
  bool isAttr() const { return ns() == "attr"; }

  friend constexpr bool operator==(Symbol a, Symbol b) {
    return a.id_ == b.id_;
  }
  friend constexpr bool operator<(Symbol a, Symbol b) { return a.id_ < b.id_; }

private:
  static constexpr uint32_t kInvalid = UINT32_MAX;
  explicit Symbol(uint32_t id) : id_(id) {}
  uint32_t id_ = kInvalid;
};

#define KILN_SYMBOL(ns_, name)                                                 \
  namespace ns_ {                                                              \
  inline constexpr Symbol name{detail::BuiltinSymbol::ns_##_##name};           \
  }
#include "ir/Symbols.def"
#undef KILN_SYMBOL

} // namespace kiln

template <> struct std::hash<kiln::Symbol> {
  size_t operator()(kiln::Symbol s) const noexcept {
    return std::hash<uint32_t>()(s.id());
  }
};

#endif // KILN_IR_SYMBOL_H
