//===- TensorFileData.h - Shared helpers of the tensor-file tests -*- C++
//-*-===//
//
// The files under tests/data/tensor-files (written by its make.py) and
// checks that compare tensors bit for bit.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_TESTS_UNIT_TENSOR_TENSORFILEDATA_H
#define KILN_TESTS_UNIT_TENSOR_TENSORFILEDATA_H

#include "runtime/tensor/Tensor.h"
#include "tests/support/ErrorOf.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace kiln::testing {

inline std::string tensorFile(const std::string &relative) {
  return std::string(KILN_SOURCE_DIR) + "/tests/data/tensor-files/" + relative;
}

inline std::string fileBytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// The arrays of good/expected.txt by name, in its order. Each line is
/// "<name> <numpy dtype> <d0,d1,... or -> <values in C order>", floats as
/// float.hex().
inline std::vector<std::pair<std::string, Tensor>> expectedArrays() {
  static const std::map<std::string, ScalarType> dtypes = {
      {"bool", ScalarType::Bool},     {"uint8", ScalarType::Byte},
      {"int8", ScalarType::Char},     {"int16", ScalarType::Short},
      {"int32", ScalarType::Int},     {"int64", ScalarType::Long},
      {"float32", ScalarType::Float}, {"float64", ScalarType::Double}};
  std::vector<std::pair<std::string, Tensor>> arrays;
  std::istringstream lines(fileBytes(tensorFile("good/expected.txt")));
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string name, dtype, dims, value;
    fields >> name >> dtype >> dims;
    std::vector<int64_t> shape;
    if (dims != "-") {
      std::istringstream ds(dims);
      std::string d;
      while (std::getline(ds, d, ','))
        shape.push_back(std::stoll(d));
    }
    ScalarType type = dtypes.at(dtype);
    Tensor t = Tensor::empty(shape, type);
    int64_t i = 0;
    while (fields >> value) {
      if (isFloatingType(type))
        t.setItem(i++, Scalar(std::strtod(value.c_str(), nullptr)));
      else
        t.setItem(i++, Scalar(static_cast<int64_t>(std::stoll(value))));
    }
    EXPECT_EQ(i, t.numel()) << "expected.txt: " << name;
    arrays.emplace_back(name, t);
  }
  return arrays;
}

inline Tensor expectedArray(const std::string &name) {
  for (auto &[n, t] : expectedArrays())
    if (n == name)
      return t;
  throw std::out_of_range(name);
}

/// Same dtype, shape and element bytes (so NaN payloads and -0.0 count).
inline ::testing::AssertionResult sameBits(const Tensor &a, const Tensor &b) {
  if (a.dtype() != b.dtype() || a.sizes() != b.sizes())
    return ::testing::AssertionFailure()
           << a.describe() << " differs from " << b.describe();
  Tensor ca = a.contiguous(), cb = b.contiguous();
  size_t n = static_cast<size_t>(a.numel()) * elementSize(a.dtype());
  if (n && std::memcmp(ca.rawData(), cb.rawData(), n) != 0)
    return ::testing::AssertionFailure()
           << "the elements of " << a.describe() << " differ";
  return ::testing::AssertionSuccess();
}

/// A tensor of `shape` with random values (normal for floating dtypes,
/// -128 to 127 for integers), the same for the same seed.
inline Tensor randomTensor(std::vector<int64_t> shape, ScalarType dtype,
                           unsigned seed) {
  std::mt19937 rng(seed);
  Tensor t = Tensor::empty(shape, dtype);
  for (int64_t i = 0; i < t.numel(); ++i) {
    if (isFloatingType(dtype))
      t.setItem(i, Scalar(std::normal_distribution<double>()(rng)));
    else if (dtype == ScalarType::Bool)
      t.setItem(i, Scalar(rng() % 2 == 0));
    else
      t.setItem(i, Scalar(static_cast<int64_t>(rng() % 256) - 128));
  }
  return t;
}

/// A fresh directory for files a test writes, removed afterwards.
class TempDir {
public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("kiln-tensor-files-" + std::to_string(::getpid()) + "-" +
             std::to_string(counter()++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string file(const std::string &name) const { return path_ / name; }
  /// The names of the files in the directory, sorted.
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (auto &entry : std::filesystem::directory_iterator(path_))
      names.push_back(entry.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  }

private:
  static int &counter() {
    static int c = 0;
    return c;
  }
  std::filesystem::path path_;
};

} // namespace kiln::testing

#endif // KILN_TESTS_UNIT_TENSOR_TENSORFILEDATA_H
