//===- Gemm.cpp - Blocked, packed, parallel GEMM and convolution ----------===//
//
// A block of the result (rows [m0, m1), columns [n0, n1) of one batch
// element) runs BLIS's loops in the order: depth blocks of kKC (pack the
// B block, kKC x at most kNC columns, which stays in L2), row panels of MR
// (pack one A micro-panel, MR x kKC, which stays in L1), column panels of
// NR (one micro-kernel call each). The micro-kernel adds to C after the
// first depth block and applies the epilogue after the last one.
//
//===----------------------------------------------------------------------===//
#include "codegen/gemm/Gemm.h"

#include "codegen/gemm/Pack.h"

#include "support/Error.h"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace kiln::codegen::gemm {

namespace {

constexpr int64_t kKC = 256; // depth block
constexpr int64_t kNC = 512; // columns of a packed B block (kKC x kNC in L2)
/// Below this many multiply-adds a problem runs on the calling thread.
constexpr int64_t kSerialWork = 1 << 20;

/// A 64-byte aligned scratch buffer per thread, grown on demand.
class Scratch {
public:
  float *get(size_t floats) {
    if (floats > capacity_) {
      std::free(data_);
      size_t bytes = (floats * sizeof(float) + 63) / 64 * 64;
      data_ = static_cast<float *>(std::aligned_alloc(64, bytes));
      KILN_INTERNAL_ASSERT(data_, "out of memory for GEMM packing buffers");
      capacity_ = floats;
    }
    return data_;
  }
  ~Scratch() { std::free(data_); }

private:
  float *data_ = nullptr;
  size_t capacity_ = 0;
};

thread_local Scratch tlsPackedA, tlsPackedB;

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// Packs rows [i0, i0 + rows) x depth [k0, k0 + kc) of a strided matrix as
/// one MR micro-panel: out[k * mr + i], rows past `rows` zero.
void packAPanel(const float *a, int64_t rs, int64_t cs, int64_t i0,
                int64_t rows, int64_t k0, int64_t kc, int mr, float *out) {
  const float *base = a + i0 * rs + k0 * cs;
  if (cs == 1 && mr <= 16) {
    packTransposed(base, rs, static_cast<int>(rows), kc, out, mr, mr);
    return;
  }
  if (rows < mr)
    std::memset(out, 0, sizeof(float) * kc * mr);
  for (int64_t k = 0; k < kc; ++k) {
    const float *src = base + k * cs;
    for (int64_t i = 0; i < rows; ++i)
      out[k * mr + i] = src[i * rs];
  }
}

/// Packs depth [k0, k0 + kc) x columns [j0, j1) of a strided matrix as NR
/// micro-panels: panel q holds out[q * kc * nr + k * nr + j], columns past
/// j1 zero.
void packBBlock(const float *b, int64_t rs, int64_t cs, int64_t k0, int64_t kc,
                int64_t j0, int64_t j1, int nr, float *out) {
  for (int64_t jp = j0; jp < j1; jp += nr) {
    int64_t cols = std::min<int64_t>(nr, j1 - jp);
    float *panel = out + (jp - j0) / nr * kc * nr;
    const float *base = b + k0 * rs + jp * cs;
    if (cs == 1) {
      for (int64_t k = 0; k < kc; ++k) {
        std::memcpy(panel + k * nr, base + k * rs, sizeof(float) * cols);
        std::memset(panel + k * nr + cols, 0, sizeof(float) * (nr - cols));
      }
    } else if (rs == 1) {
      // Transposed B (a linear layer's weight): 16 columns at a time.
      for (int h = 0; h < nr; h += 16) {
        int width = std::min(16, nr - h);
        int valid = static_cast<int>(std::clamp<int64_t>(cols - h, 0, width));
        packTransposed(base + h * cs, cs, valid, kc, panel + h, nr, width);
      }
    } else {
      for (int64_t k = 0; k < kc; ++k)
        for (int64_t j = 0; j < nr; ++j)
          panel[k * nr + j] = j < cols ? base[k * rs + j * cs] : 0.0f;
    }
  }
}

/// One GEMM instance as the block loop sees it.
struct Instance {
  int64_t m, n, k;
  float *c;
  int64_t ldc;
  int64_t rowOffset; // of this instance's rows in the epilogue's rows
  EpilogueArgs args;
};

/// Computes rows [m0, m1) x columns [n0, n1) of an instance.
/// packA(i0, rows, k0, kc, out) and packB(k0, kc, j0, j1, out) fill the
/// micro-panels.
template <typename PackA, typename PackB>
void computeBlock(const GemmKernel &kernel, const Instance &inst, int64_t m0,
                  int64_t m1, int64_t n0, int64_t n1, const PackA &packA,
                  const PackB &packB) {
  const int mr = kernel.shape.mr, nr = kernel.shape.nr;
  for (int64_t nc0 = n0; nc0 < n1; nc0 += kNC) {
    int64_t nc1 = std::min(n1, nc0 + kNC);
    int64_t panels = ceilDiv(nc1 - nc0, nr);
    for (int64_t pc = 0;;) {
      int64_t kc = std::min(kKC, inst.k - pc);
      int32_t flags =
          (pc > 0 ? kAccumulate : 0) | (pc + kc >= inst.k ? kApplyEpilogue : 0);
      float *bp = tlsPackedB.get(
          static_cast<size_t>(std::max<int64_t>(1, panels * nr * kc)));
      packB(pc, kc, nc0, nc1, bp);
      float *ap =
          tlsPackedA.get(static_cast<size_t>(std::max<int64_t>(1, mr * kc)));
      for (int64_t ir = m0; ir < m1; ir += mr) {
        int64_t rows = std::min<int64_t>(mr, m1 - ir);
        packA(ir, rows, pc, kc, ap);
        for (int64_t jr = nc0; jr < nc1; jr += nr) {
          int64_t cols = std::min<int64_t>(nr, nc1 - jr);
          kernel.fn(kc, ap, bp + (jr - nc0) / nr * kc * nr,
                    inst.c + ir * inst.ldc + jr, inst.ldc, rows, cols, flags,
                    &inst.args, inst.rowOffset + ir, jr);
        }
      }
      pc += kc;
      if (pc >= inst.k)
        break;
    }
  }
}

/// How a batch of `count` m x n x k instances is cut into blocks.
struct Partition {
  int64_t rowBlock, colBlock, rowBlocks, colBlocks;
  bool parallel;
};

Partition partition(const GemmKernel &kernel, int64_t count, int64_t m,
                    int64_t n, int64_t k) {
  const int mr = kernel.shape.mr, nr = kernel.shape.nr;
  Partition p{std::max<int64_t>(m, 1), std::max<int64_t>(n, 1), 1, 1, false};
  double work =
      double(count) * double(m) * double(n) * double(std::max<int64_t>(k, 1));
  int64_t threads = tbb::this_task_arena::max_concurrency();
  if (work >= double(kSerialWork) && threads > 1) {
    p.parallel = true;
    // Columns in blocks of kNC (one packed B block each), then split rows
    // and columns further until there are a few blocks per thread.
    p.colBlock = std::min<int64_t>(p.colBlock, kNC);
    auto blocks = [&] {
      return count * ceilDiv(m, p.rowBlock) * ceilDiv(n, p.colBlock);
    };
    while (blocks() < 2 * threads) {
      if (p.rowBlock >= p.colBlock && p.rowBlock > 2 * mr)
        p.rowBlock = ceilDiv(ceilDiv(p.rowBlock, 2), mr) * mr;
      else if (p.colBlock > 2 * nr)
        p.colBlock = ceilDiv(ceilDiv(p.colBlock, 2), nr) * nr;
      else if (p.rowBlock > mr)
        p.rowBlock = ceilDiv(ceilDiv(p.rowBlock, 2), mr) * mr;
      else
        break;
    }
  }
  p.rowBlocks = ceilDiv(std::max<int64_t>(m, 1), p.rowBlock);
  p.colBlocks = ceilDiv(std::max<int64_t>(n, 1), p.colBlock);
  return p;
}

/// Runs fn(instance, m0, m1, n0, n1) over every block of every instance.
template <typename F>
void forEachBlock(const Partition &p, int64_t count, int64_t m, int64_t n,
                  const F &fn) {
  int64_t perInstance = p.rowBlocks * p.colBlocks;
  auto run = [&](int64_t begin, int64_t end) {
    for (int64_t t = begin; t < end; ++t) {
      int64_t inst = t / perInstance, rest = t % perInstance;
      int64_t m0 = rest / p.colBlocks * p.rowBlock;
      int64_t n0 = rest % p.colBlocks * p.colBlock;
      fn(inst, m0, std::min(m, m0 + p.rowBlock), n0,
         std::min(n, n0 + p.colBlock));
    }
  };
  int64_t total = count * perInstance;
  if (!p.parallel || total == 1)
    run(0, total);
  else
    tbb::parallel_for(
        tbb::blocked_range<int64_t>(0, total, 1),
        [&](const tbb::blocked_range<int64_t> &r) { run(r.begin(), r.end()); });
}

/// Per-instance epilogue arguments: the operands' base pointers offset to
/// batch element `b`.
struct OperandTable {
  std::vector<const float *> data;
  std::vector<int64_t> strides;
};

OperandTable operandsAt(const std::vector<OperandBinding> &bindings,
                        int64_t b) {
  OperandTable t;
  for (const OperandBinding &o : bindings) {
    t.data.push_back(o.data + b * o.batchStride);
    t.strides.push_back(o.rowStride);
  }
  return t;
}

} // namespace

void runGemm(const GemmKernel &kernel, const GemmProblem &p) {
  if (p.m == 0 || p.n == 0 || p.batch == 0)
    return;
  std::vector<OperandTable> tables;
  for (int64_t b = 0; b < p.batch; ++b)
    tables.push_back(operandsAt(p.operands, b));
  Partition part = partition(kernel, p.batch, p.m, p.n, p.k);
  forEachBlock(
      part, p.batch, p.m, p.n,
      [&](int64_t b, int64_t m0, int64_t m1, int64_t n0, int64_t n1) {
        Instance inst{p.m,
                      p.n,
                      p.k,
                      p.c + b * p.cBatchStride,
                      p.cRowStride,
                      0,
                      {tables[b].data.data(), tables[b].strides.data()}};
        const float *a = p.a + b * p.aBatchStride;
        const float *bm = p.b + b * p.bBatchStride;
        int mr = kernel.shape.mr, nr = kernel.shape.nr;
        computeBlock(
            kernel, inst, m0, m1, n0, n1,
            [&](int64_t i0, int64_t rows, int64_t k0, int64_t kc, float *out) {
              packAPanel(a, p.aRowStride, p.aColStride, i0, rows, k0, kc, mr,
                         out);
            },
            [&](int64_t k0, int64_t kc, int64_t j0, int64_t j1, float *out) {
              packBBlock(bm, p.bRowStride, p.bColStride, k0, kc, j0, j1, nr,
                         out);
            });
      });
}

namespace {} // namespace

void runConv2d(const GemmKernel &kernel, const Conv2dProblem &p) {
  const int64_t groupIn = p.inChannels / p.groups;
  const int64_t groupOut = p.outChannels / p.groups;
  const int64_t pixels = p.outHeight * p.outWidth;
  const int64_t depth = groupIn * p.kernelHeight * p.kernelWidth;
  if (p.batch == 0 || groupOut == 0 || pixels == 0)
    return;
  const int64_t count = p.batch * p.groups;
  std::vector<OperandTable> tables;
  for (int64_t b = 0; b < p.batch; ++b)
    tables.push_back(operandsAt(p.operands, b));
  Partition part = partition(kernel, count, groupOut, pixels, depth);
  const int mr = kernel.shape.mr, nr = kernel.shape.nr;
  const Im2colGeometry geometry{p.inHeight,    p.inWidth, p.kernelHeight,
                                p.kernelWidth, p.strideH, p.strideW,
                                p.padH,        p.padW,    p.dilationH,
                                p.dilationW,   p.outWidth};
  forEachBlock(
      part, count, groupOut, pixels,
      [&](int64_t index, int64_t m0, int64_t m1, int64_t n0, int64_t n1) {
        int64_t b = index / p.groups, g = index % p.groups;
        Instance inst{groupOut,
                      pixels,
                      depth,
                      p.output + (b * p.outChannels + g * groupOut) * pixels,
                      pixels,
                      g * groupOut,
                      {tables[b].data.data(), tables[b].strides.data()}};
        const float *weight = p.weight + g * groupOut * depth;
        const float *input =
            p.input + (b * p.inChannels + g * groupIn) * p.inHeight * p.inWidth;
        computeBlock(
            kernel, inst, m0, m1, n0, n1,
            [&](int64_t i0, int64_t rows, int64_t k0, int64_t kc, float *out) {
              packAPanel(weight, depth, 1, i0, rows, k0, kc, mr, out);
            },
            [&](int64_t k0, int64_t kc, int64_t j0, int64_t j1, float *out) {
              for (int64_t jp = j0; jp < j1; jp += nr)
                packIm2colPanel(
                    geometry, input, k0, kc, jp,
                    static_cast<int>(std::min<int64_t>(nr, j1 - jp)), nr,
                    out + (jp - j0) / nr * kc * nr);
            });
      });
}

} // namespace kiln::codegen::gemm
