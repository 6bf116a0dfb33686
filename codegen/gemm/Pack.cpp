//===- Pack.cpp - Transposing copies for GEMM packing ---------------------===//
//
// The AVX-512 path is compiled for AVX-512 with a function attribute and
// chosen at run time, so the library itself still runs on any x86-64.
//
//===----------------------------------------------------------------------===//
#include "codegen/gemm/Pack.h"

// GCC 12 reports the AVX-512 intrinsics' deliberately undefined
// pass-through operands as maybe-uninitialized.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>

#include <algorithm>
#include <cstdint>

namespace kiln::codegen::gemm {

namespace {

void packTransposedScalar(const float *src, int64_t srcStride, int rows,
                          int64_t depth, float *dst, int64_t dstStride,
                          int width) {
  for (int64_t k = 0; k < depth; ++k) {
    float *out = dst + k * dstStride;
    for (int i = 0; i < rows; ++i)
      out[i] = src[i * srcStride + k];
    for (int i = rows; i < width; ++i)
      out[i] = 0.0f;
  }
}

#if defined(__x86_64__) && defined(__GNUC__)
#define KILN_HAVE_AVX512_PACK 1

__attribute__((target("avx512f"))) inline __m512 lo(__m512 a, __m512 b) {
  return _mm512_castpd_ps(
      _mm512_unpacklo_pd(_mm512_castps_pd(a), _mm512_castps_pd(b)));
}

__attribute__((target("avx512f"))) inline __m512 hi(__m512 a, __m512 b) {
  return _mm512_castpd_ps(
      _mm512_unpackhi_pd(_mm512_castps_pd(a), _mm512_castps_pd(b)));
}

/// r[i] becomes column i of the 16 x 16 matrix whose rows were r[0..15].
__attribute__((target("avx512f"))) inline void transpose16(__m512 *r) {
  __m512 t[16];
  for (int i = 0; i < 8; ++i) {
    t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
  }
  for (int q = 0; q < 16; q += 4) {
    r[q] = lo(t[q], t[q + 2]);
    r[q + 1] = hi(t[q], t[q + 2]);
    r[q + 2] = lo(t[q + 1], t[q + 3]);
    r[q + 3] = hi(t[q + 1], t[q + 3]);
  }
  for (int h = 0; h < 16; h += 8)
    for (int i = 0; i < 4; ++i) {
      t[h + i] = _mm512_shuffle_f32x4(r[h + i], r[h + 4 + i], 0x88);
      t[h + 4 + i] = _mm512_shuffle_f32x4(r[h + i], r[h + 4 + i], 0xdd);
    }
  for (int i = 0; i < 8; ++i) {
    r[i] = _mm512_shuffle_f32x4(t[i], t[8 + i], 0x88);
    r[8 + i] = _mm512_shuffle_f32x4(t[i], t[8 + i], 0xdd);
  }
}

__attribute__((target("avx512f"))) void
packTransposedAvx512(const float *src, int64_t srcStride, int rows,
                     int64_t depth, float *dst, int64_t dstStride, int width) {
  const __mmask16 store = static_cast<__mmask16>((1u << width) - 1);
  __m512 r[16];
  for (int64_t k0 = 0; k0 < depth; k0 += 16) {
    int kb = static_cast<int>(depth - k0 < 16 ? depth - k0 : 16);
    const __mmask16 load = static_cast<__mmask16>((1u << kb) - 1);
    for (int i = 0; i < 16; ++i) {
      if (i < rows) {
        const float *p = src + i * srcStride + k0;
        // Sixteen rows far apart are more streams than the hardware
        // prefetcher follows: fetch each row's next lines ahead.
        _mm_prefetch(reinterpret_cast<const char *>(p + 256), _MM_HINT_T0);
        r[i] = _mm512_maskz_loadu_ps(load, p);
      } else {
        r[i] = _mm512_setzero_ps();
      }
    }
    transpose16(r);
    for (int t = 0; t < kb; ++t)
      _mm512_mask_storeu_ps(dst + (k0 + t) * dstStride, store, r[t]);
  }
}

/// dst[0, len) = row[iw0 + i] where 0 <= iw0 + i < width, else 0.
__attribute__((target("avx512f"))) inline void
copyRowPadded(const float *row, int64_t iw0, int64_t len, int64_t width,
              float *dst) {
  for (int64_t off = 0; off < len; off += 16) {
    int64_t n = len - off < 16 ? len - off : 16;
    int64_t first = iw0 + off;
    int64_t lo = first < 0 ? -first : 0;
    int64_t hi = width - first < n ? width - first : n;
    if (n == 16 && lo == 0 && hi == 16) {
      _mm512_storeu_ps(dst + off, _mm512_loadu_ps(row + first));
      continue;
    }
    uint32_t valid = 0;
    if (hi > lo)
      valid = ((1u << hi) - 1) & ~((1u << lo) - 1);
    // Masked-off lanes are never read, so the address may lie outside the
    // row; compute it as an integer to keep the arithmetic defined.
    auto *p = reinterpret_cast<const float *>(reinterpret_cast<uintptr_t>(row) +
                                              first * int64_t(sizeof(float)));
    __m512 v = _mm512_maskz_loadu_ps(static_cast<__mmask16>(valid), p);
    _mm512_mask_storeu_ps(dst + off, static_cast<__mmask16>((1u << n) - 1), v);
  }
}

/// A run of output pixels within output row oh: columns [ow, ow + len),
/// at panel column `column`.
struct PixelRun {
  int64_t oh, ow, len, column;
};

__attribute__((target("avx512f"))) void
packIm2colAvx512(const Im2colGeometry &g, const float *input, int64_t k0,
                 int64_t kc, const PixelRun *runs, int numRuns, int cols,
                 int nr, float *out) {
  const int64_t taps = g.kernelHeight * g.kernelWidth;
  int64_t c = k0 / taps, kh = k0 % taps / g.kernelWidth,
          kw = k0 % g.kernelWidth;
  for (int64_t kk = 0; kk < kc; ++kk) {
    const float *plane = input + c * g.height * g.width;
    float *dst = out + kk * nr;
    for (int r = 0; r < numRuns; ++r) {
      const PixelRun &run = runs[r];
      int64_t ih = run.oh * g.strideH + kh * g.dilationH - g.padH;
      if (ih < 0 || ih >= g.height)
        copyRowPadded(plane, 0, run.len, 0, dst + run.column);
      else
        copyRowPadded(plane + ih * g.width, run.ow + kw * g.dilationW - g.padW,
                      run.len, g.width, dst + run.column);
    }
    if (cols < nr)
      copyRowPadded(plane, 0, nr - cols, 0, dst + cols);
    if (++kw == g.kernelWidth) {
      kw = 0;
      if (++kh == g.kernelHeight) {
        kh = 0;
        ++c;
      }
    }
  }
}

bool hostHasAvx512() {
  static const bool has = __builtin_cpu_supports("avx512f");
  return has;
}
#endif

void packIm2colScalar(const Im2colGeometry &g, const float *input, int64_t k0,
                      int64_t kc, int64_t j0, int cols, int nr, float *out) {
  const int64_t taps = g.kernelHeight * g.kernelWidth;
  for (int64_t kk = 0; kk < kc; ++kk) {
    int64_t k = k0 + kk;
    int64_t c = k / taps, kh = k % taps / g.kernelWidth, kw = k % g.kernelWidth;
    const float *plane = input + c * g.height * g.width;
    float *dst = out + kk * nr;
    for (int j = 0; j < nr; ++j) {
      float v = 0.0f;
      if (j < cols) {
        int64_t pixel = j0 + j;
        int64_t ih = pixel / g.outWidth * g.strideH + kh * g.dilationH - g.padH;
        int64_t iw = pixel % g.outWidth * g.strideW + kw * g.dilationW - g.padW;
        if (ih >= 0 && ih < g.height && iw >= 0 && iw < g.width)
          v = plane[ih * g.width + iw];
      }
      dst[j] = v;
    }
  }
}

} // namespace

void packIm2colPanel(const Im2colGeometry &g, const float *input, int64_t k0,
                     int64_t kc, int64_t j0, int cols, int nr, float *out) {
#ifdef KILN_HAVE_AVX512_PACK
  if (g.strideW == 1 && nr <= 64 && hostHasAvx512()) {
    PixelRun runs[64];
    int numRuns = 0;
    for (int j = 0; j < cols;) {
      int64_t pixel = j0 + j;
      int64_t oh = pixel / g.outWidth, ow = pixel % g.outWidth;
      int64_t len = std::min<int64_t>(cols - j, g.outWidth - ow);
      runs[numRuns++] = {oh, ow, len, j};
      j += static_cast<int>(len);
    }
    packIm2colAvx512(g, input, k0, kc, runs, numRuns, cols, nr, out);
    return;
  }
#endif
  packIm2colScalar(g, input, k0, kc, j0, cols, nr, out);
}

void packTransposed(const float *src, int64_t srcStride, int rows,
                    int64_t depth, float *dst, int64_t dstStride, int width) {
#ifdef KILN_HAVE_AVX512_PACK
  if (width <= 16 && hostHasAvx512()) {
    packTransposedAvx512(src, srcStride, rows, depth, dst, dstStride, width);
    return;
  }
#endif
  packTransposedScalar(src, srcStride, rows, depth, dst, dstStride, width);
}

} // namespace kiln::codegen::gemm
