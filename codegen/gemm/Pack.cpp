//===- Pack.cpp - Transposing copies for GEMM packing ---------------------===//
//
// The AVX-512 path is compiled for AVX-512 with a function attribute and
// chosen at run time, so the library itself still runs on any x86-64.
//
//===----------------------------------------------------------------------===//
#include "codegen/gemm/Pack.h"

#include <immintrin.h>

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
    for (int i = 0; i < 16; ++i)
      r[i] = i < rows ? _mm512_maskz_loadu_ps(load, src + i * srcStride + k0)
                      : _mm512_setzero_ps();
    transpose16(r);
    for (int t = 0; t < kb; ++t)
      _mm512_mask_storeu_ps(dst + (k0 + t) * dstStride, store, r[t]);
  }
}

bool hostHasAvx512() {
  static const bool has = __builtin_cpu_supports("avx512f");
  return has;
}
#endif

} // namespace

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
