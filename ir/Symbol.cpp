//===- Symbol.cpp - The interner ------------------------------------------===//
#include "ir/Symbol.h"

#include "support/Error.h"

#include <deque>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <unordered_map>

namespace kiln {

namespace {
class Interner {
public:
  Interner() {
#define KILN_SYMBOL(ns, name) intern(#ns "::" #name);
#include "ir/Symbols.def"
#undef KILN_SYMBOL
  }

  uint32_t intern(std::string_view qualified) {
    {
      std::shared_lock lock(mutex_);
      auto it = ids_.find(qualified);
      if (it != ids_.end())
        return it->second;
    }
    std::unique_lock lock(mutex_);
    auto it = ids_.find(qualified);
    if (it != ids_.end())
      return it->second;
    // std::deque keeps element addresses stable, so the map's keys can view
    // the stored strings.
    strings_.emplace_back(qualified);
    auto id = static_cast<uint32_t>(strings_.size() - 1);
    ids_.emplace(strings_.back(), id);
    return id;
  }

  std::optional<uint32_t> lookup(std::string_view qualified) {
    std::shared_lock lock(mutex_);
    auto it = ids_.find(qualified);
    if (it == ids_.end())
      return std::nullopt;
    return it->second;
  }

  std::string_view string(uint32_t id) {
    std::shared_lock lock(mutex_);
    KILN_INTERNAL_ASSERT(id < strings_.size(), "bad symbol id ", id);
    return strings_[id];
  }

private:
  std::shared_mutex mutex_;
  std::deque<std::string> strings_;
  std::unordered_map<std::string_view, uint32_t> ids_;
};

Interner &interner() {
  static Interner instance;
  return instance;
}
} // namespace

Symbol Symbol::fromQualString(std::string_view qualified) {
  KILN_INTERNAL_ASSERT(qualified.find("::") != std::string_view::npos,
                       "symbol '", qualified, "' has no namespace");
  return Symbol(interner().intern(qualified));
}

Symbol Symbol::attr(std::string_view name) {
  return fromQualString(std::string("attr::") + std::string(name));
}

Symbol Symbol::lookup(std::string_view qualified) {
  if (auto id = interner().lookup(qualified))
    return Symbol(*id);
  return Symbol();
}

std::string_view Symbol::qualString() const {
  KILN_INTERNAL_ASSERT(valid(), "invalid symbol");
  return interner().string(id_);
}

std::string_view Symbol::ns() const {
  std::string_view q = qualString();
  return q.substr(0, q.find("::"));
}

std::string_view Symbol::unqualString() const {
  std::string_view q = qualString();
  return q.substr(q.find("::") + 2);
}

} // namespace kiln
