//===- Sampling.h - Random tensors ------------------------------*- C++ -*-===//
//
// Reference kernels of the random factories and samplers (rand, randn,
// randint, randperm, bernoulli, normal, multinomial, uniform_). Each draws from
// the Generator it is given, one number per element in row-major order on the
// calling thread, so a seed fixes the result. The numbers are Kiln's, not
// PyTorch's; shapes, dtypes, ranges, distributions and errors are
// PyTorch's.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_OPS_SAMPLING_H
#define KILN_RUNTIME_TENSOR_OPS_SAMPLING_H

#include "runtime/tensor/Random.h"
#include "runtime/tensor/Tensor.h"
#include "runtime/tensor/ops/Creation.h"

#include <optional>
#include <span>

namespace kiln::ops {

/// Uniform on [0, 1) (floating dtypes; float32 by default).
Tensor rand(std::span<const int64_t> size, Generator &gen,
            std::optional<ScalarType> dtype = std::nullopt);
/// Standard normal (floating dtypes; float32 by default).
Tensor randn(std::span<const int64_t> size, Generator &gen,
             std::optional<ScalarType> dtype = std::nullopt);
Tensor rand_like(const Tensor &self, Generator &gen,
                 std::optional<ScalarType> dtype = std::nullopt,
                 std::optional<MemoryFormat> format = std::nullopt);
Tensor randn_like(const Tensor &self, Generator &gen,
                  std::optional<ScalarType> dtype = std::nullopt,
                  std::optional<MemoryFormat> format = std::nullopt);
/// Integers uniform on [low, high). PyTorch's dtype when none is given
/// is float32 (the schemas default it to int64).
Tensor randint(int64_t low, int64_t high, std::span<const int64_t> size,
               Generator &gen, std::optional<ScalarType> dtype = std::nullopt);
/// randint with self's shape and (by default) dtype.
Tensor randint_like(const Tensor &self, int64_t low, int64_t high,
                    Generator &gen,
                    std::optional<ScalarType> dtype = std::nullopt,
                    std::optional<MemoryFormat> format = std::nullopt);
/// A random permutation of 0 .. n-1 (int64 by default).
Tensor randperm(int64_t n, Generator &gen,
                std::optional<ScalarType> dtype = std::nullopt);

/// 1 with probability p, else 0, in self's dtype and shape: p = self
/// (floating) for bernoulli(self); a number; or a floating tensor that
/// broadcasts to self.
Tensor bernoulli(const Tensor &self, Generator &gen);
Tensor bernoulli(const Tensor &self, double p, Generator &gen);
Tensor bernoulli(const Tensor &self, const Tensor &p, Generator &gen);
Tensor &bernoulli_(Tensor &self, double p, Generator &gen);
Tensor &bernoulli_(Tensor &self, const Tensor &p, Generator &gen);

/// Normal samples of the given mean and standard deviation (std >= 0):
/// tensors broadcast together; the result has mean's dtype (std's for
/// normal(float, Tensor)).
Tensor normal(const Tensor &mean, const Tensor &stddev, Generator &gen);
Tensor normal(const Tensor &mean, double stddev, Generator &gen);
Tensor normal(double mean, const Tensor &stddev, Generator &gen);
Tensor normal(double mean, double stddev, std::span<const int64_t> size,
              Generator &gen, std::optional<ScalarType> dtype = std::nullopt);
Tensor &normal_(Tensor &self, double mean, double stddev, Generator &gen);
/// Category indices (int64) drawn with the weights of each row of the 1-d
/// or 2-d `self`: num_samples per row, with or without replacement.
Tensor multinomial(const Tensor &self, int64_t numSamples, bool replacement,
                   Generator &gen);
/// Uniform on [from, to).
Tensor &uniform_(Tensor &self, double from, double to, Generator &gen);

} // namespace kiln::ops

#endif // KILN_RUNTIME_TENSOR_OPS_SAMPLING_H
