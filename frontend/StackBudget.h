//===- StackBudget.h - How deep the parser may recurse ----------*- C++ -*-===//
//
// The parser and the AST builder recurse as deep as the script nests. Their
// frames differ between builds (several times larger under
// AddressSanitizer), so rather than counting levels they watch the stack
// itself: from where a StackBudget is made, they may use half of the stack
// that is left, which leaves room for whatever runs below them.
//
// Private to kiln_frontend.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTEND_STACKBUDGET_H
#define KILN_FRONTEND_STACKBUDGET_H

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include <pthread.h>

namespace kiln::frontend {

class StackBudget {
public:
  /// Half of the stack left below the caller's frame.
  [[gnu::noinline]] StackBudget() {
    auto here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
    uintptr_t bottom = threadStackBottom();
    size_t budget = size_t(1) << 20; // when the stack's extent is unknown
    if (bottom != 0 && here > bottom)
      budget = std::min<size_t>((here - bottom) / 2, size_t(64) << 20);
    limit_ = here - std::min<uintptr_t>(budget, here);
  }

  /// Whether the caller's frame is past the budget.
  [[gnu::always_inline]] bool exhausted() const {
    return reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) < limit_;
  }

private:
  /// The lowest address of this thread's stack (stacks grow down), or 0
  /// when unknown. glibc reads /proc/self/maps for the main thread, so it
  /// is asked once per thread.
  static uintptr_t threadStackBottom() {
    thread_local uintptr_t bottom = [] {
      uintptr_t result = 0;
      pthread_attr_t attr;
      if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        void *low = nullptr;
        size_t size = 0;
        if (pthread_attr_getstack(&attr, &low, &size) == 0)
          result = reinterpret_cast<uintptr_t>(low);
        pthread_attr_destroy(&attr);
      }
      return result;
    }();
    return bottom;
  }

  uintptr_t limit_ = 0;
};

} // namespace kiln::frontend

#endif // KILN_FRONTEND_STACKBUDGET_H
