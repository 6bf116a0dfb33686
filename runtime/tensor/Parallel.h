//===- Parallel.h - TBB where the work is large -----------------*- C++ -*-===//
#ifndef KILN_RUNTIME_TENSOR_PARALLEL_H
#define KILN_RUNTIME_TENSOR_PARALLEL_H

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstdint>

namespace kiln {

/// Work below this many elements stays on the calling thread.
constexpr int64_t kParallelGrain = 32768;

/// Calls fn(begin, end) over [begin, end) in chunks of at least `grain`,
/// on TBB's threads when there is more than one chunk.
template <typename F>
void parallelFor(int64_t begin, int64_t end, int64_t grain, const F &fn) {
  if (end <= begin)
    return;
  grain = std::max<int64_t>(grain, 1);
  if (end - begin <= grain) {
    fn(begin, end);
    return;
  }
  tbb::parallel_for(
      tbb::blocked_range<int64_t>(begin, end, grain),
      [&](const tbb::blocked_range<int64_t> &r) { fn(r.begin(), r.end()); });
}

} // namespace kiln

#endif // KILN_RUNTIME_TENSOR_PARALLEL_H
