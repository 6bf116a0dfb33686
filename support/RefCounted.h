//===- RefCounted.h - Intrusive reference counting --------------*- C++ -*-===//
//
// Shared objects that sit behind one pointer: tensors, their storage, and
// the interpreter's lists, tuples, strings and objects. A Ref<T> is the size
// of a raw pointer (so a Tensor handle or an IValue payload is 8 bytes) and
// counts atomically, so values may be shared between threads.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_SUPPORT_REFCOUNTED_H
#define KILN_SUPPORT_REFCOUNTED_H

#include <atomic>
#include <cstdint>
#include <utility>

namespace kiln {

class RefCounted {
public:
  RefCounted() = default;
  RefCounted(const RefCounted &) = delete;
  RefCounted &operator=(const RefCounted &) = delete;
  uint32_t refCount() const { return refs_.load(std::memory_order_relaxed); }

protected:
  virtual ~RefCounted() = default;

private:
  template <typename T> friend class Ref;
  void retain() const { refs_.fetch_add(1, std::memory_order_relaxed); }
  void release() const {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1)
      delete this;
  }
  mutable std::atomic<uint32_t> refs_{0};
};

/// An owning pointer to a RefCounted object.
template <typename T> class Ref {
public:
  Ref() = default;
  Ref(std::nullptr_t) {}
  /// Takes a new reference to `p` (which may already be shared).
  explicit Ref(T *p) : p_(p) {
    if (p_)
      p_->retain();
  }
  Ref(const Ref &o) : Ref(o.p_) {}
  Ref(Ref &&o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
  template <typename U> Ref(const Ref<U> &o) : Ref(static_cast<T *>(o.get())) {}
  Ref &operator=(Ref o) noexcept {
    std::swap(p_, o.p_);
    return *this;
  }
  ~Ref() {
    if (p_)
      p_->release();
  }

  template <typename... Args> static Ref make(Args &&...args) {
    return Ref(new T(std::forward<Args>(args)...));
  }

  T *get() const { return p_; }
  T *operator->() const { return p_; }
  T &operator*() const { return *p_; }
  explicit operator bool() const { return p_ != nullptr; }
  bool operator==(const Ref &o) const { return p_ == o.p_; }
  /// Gives up ownership without releasing (for unions that hold a Ref's
  /// pointer); adopt() takes it back.
  T *leak() { return std::exchange(p_, nullptr); }
  static Ref adopt(T *p) {
    Ref r;
    r.p_ = p;
    return r;
  }

private:
  T *p_ = nullptr;
};

} // namespace kiln

#endif // KILN_SUPPORT_REFCOUNTED_H
