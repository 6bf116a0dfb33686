//===- NpyTest.cpp - .npy files against numpy's ---------------------------===//
#include "runtime/tensor/io/Npy.h"
#include "tests/unit/tensor/TensorFileData.h"

#include <gtest/gtest.h>

using namespace kiln;
using namespace kiln::testing;

namespace {

TEST(Npy, ReadsEveryDtypeNumpyWrites) {
  for (auto &[name, expected] : expectedArrays()) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(
        sameBits(readNpy(tensorFile("good/" + name + ".npy")), expected));
  }
}

TEST(Npy, ReadsVersionsTwoAndThree) {
  Tensor cube = expectedArray("cube");
  EXPECT_TRUE(sameBits(readNpy(tensorFile("good/cube_v2.npy")), cube));
  EXPECT_TRUE(sameBits(readNpy(tensorFile("good/cube_v3.npy")), cube));
}

TEST(Npy, ReadsFortranOrderAsRowMajor) {
  Tensor cube = readNpy(tensorFile("good/cube_fortran.npy"));
  EXPECT_TRUE(cube.isContiguous());
  EXPECT_TRUE(sameBits(cube, expectedArray("cube")));
  EXPECT_TRUE(sameBits(readNpy(tensorFile("good/bool_fortran.npy")),
                       expectedArray("bool")));
}

TEST(Npy, EncodesAsNumpyDoes) {
  // numpy's header layout, padding included, byte for byte.
  for (auto &[name, expected] : expectedArrays()) {
    SCOPED_TRACE(name);
    EXPECT_EQ(encodeNpy(expected),
              fileBytes(tensorFile("good/" + name + ".npy")));
  }
}

Tensor filled(std::vector<int64_t> shape, Scalar value, ScalarType dtype) {
  return Tensor::full(shape, value, dtype);
}

TEST(Npy, RoundTripsEveryDtypeAndShape) {
  TempDir dir;
  const ScalarType dtypes[] = {ScalarType::Bool,  ScalarType::Byte,
                               ScalarType::Char,  ScalarType::Short,
                               ScalarType::Int,   ScalarType::Long,
                               ScalarType::Float, ScalarType::Double};
  const std::vector<std::vector<int64_t>> shapes = {{},  {0},       {3, 0, 2},
                                                    {7}, {2, 3, 4}, {100000}};
  for (ScalarType dtype : dtypes) {
    for (const auto &shape : shapes) {
      Tensor t = randomTensor(shape, dtype, 7);
      SCOPED_TRACE(t.describe());
      EXPECT_TRUE(sameBits(parseNpy(encodeNpy(t), "bytes"), t));
      writeNpy(dir.file("t.npy"), t);
      EXPECT_TRUE(sameBits(readNpy(dir.file("t.npy")), t));
    }
  }
}

TEST(Npy, WritesNonContiguousTensorsInRowMajorOrder) {
  Tensor t = randomTensor({3, 4}, ScalarType::Double, 1);
  Tensor transposed = t.asStrided({4, 3}, {1, 4}, 0);
  Tensor back = parseNpy(encodeNpy(transposed), "bytes");
  EXPECT_TRUE(sameBits(back, transposed));
  EXPECT_TRUE(sameBits(back, transposed.contiguous()));
}

TEST(Npy, CanonicalizesBools) {
  std::string bytes = encodeNpy(filled({3}, Scalar(true), ScalarType::Bool));
  bytes.back() = 7; // numpy reads any nonzero byte as True
  Tensor t = parseNpy(bytes, "bytes");
  EXPECT_EQ(static_cast<unsigned char *>(t.rawData())[2], 1);
}

// Every malformed file fails with its own message, naming the file.
TEST(Npy, RejectsMalformedFiles) {
  const std::pair<const char *, const char *> cases[] = {
      {"empty", "truncated: 0 bytes are too few for a .npy file"},
      {"truncated_magic", "truncated: 4 bytes are too few for a .npy file"},
      {"truncated_version", "truncated: 7 bytes are too few for a .npy file"},
      {"truncated_length",
       "truncated: the file ends inside the .npy header length"},
      {"truncated_header",
       "truncated: the .npy header claims 118 bytes but only 30 follow"},
      {"truncated_data", "truncated: shape [2, 3, 4] of '<i4' needs 24 "
                         "elements of 4 bytes but the file has 50 bytes of "
                         "data"},
      {"wrong_magic", "not a .npy file (it does not start with \\x93NUMPY)"},
      {"version_4",
       "unsupported .npy format version 4.0 (Kiln reads 1.0, 2.0 and 3.0)"},
      {"version_1_1",
       "unsupported .npy format version 1.1 (Kiln reads 1.0, 2.0 and 3.0)"},
      {"header_too_long",
       "truncated: the .npy header claims 60000 bytes but only 214 follow"},
      {"big_endian",
       "big-endian data ('>f4') is not supported; save it little-endian"},
      {"complex", "unsupported dtype '<c8' (Kiln reads bool, uint8, int8, "
                  "int16, int32, int64, float32 and float64)"},
      {"unicode", "unsupported dtype '<U3' (Kiln reads bool, uint8, int8, "
                  "int16, int32, int64, float32 and float64)"},
      {"structured", "structured dtypes (a list as 'descr') are not supported"},
      {"huge_shape", "truncated: shape [1000000000000] of '<f8' needs "
                     "1000000000000 elements of 8 bytes but the file has 24 "
                     "bytes of data"},
      {"overflowing_shape", "the shape [4294967296, 4294967296, 0] in the "
                            ".npy header is too large"},
      {"negative_shape", "malformed .npy header: the shape must be a tuple of "
                         "non-negative integers"},
      {"shape_list", "malformed .npy header: expected '('"},
      {"unclosed_dict", "malformed .npy header: expected ',' or '}'"},
      {"fortran_maybe",
       "malformed .npy header: fortran_order must be True or False"},
      {"missing_shape",
       "the .npy header lacks 'descr', 'fortran_order' or 'shape'"},
      {"extra_key", "unknown key 'x' in the .npy header"},
      {"unterminated_string", "malformed .npy header: unterminated string"},
  };
  for (auto [name, message] : cases) {
    std::string path = tensorFile(std::string("bad/") + name + ".npy");
    EXPECT_EQ(errorOf([&] { readNpy(path); }), path + ": error: " + message);
    // The same from memory.
    EXPECT_EQ(errorOf([&] { parseNpy(fileBytes(path), "mem"); }),
              std::string("mem: error: ") + message);
  }
}

TEST(Npy, ReportsMissingFiles) {
  std::string path = tensorFile("good/no-such-file.npy");
  EXPECT_EQ(errorOf([&] { readNpy(path); }),
            path + ": error: cannot open: No such file or directory");
  EXPECT_EQ(errorOf([&] { readNpy(tensorFile("good")); }),
            tensorFile("good") + ": error: not a regular file");
}

TEST(Npy, WritesAtomically) {
  TempDir dir;
  std::string path = dir.file("t.npy");
  writeNpy(path, filled({2}, Scalar(1.0), ScalarType::Float));
  writeNpy(path, filled({3}, Scalar(int64_t(2)), ScalarType::Long));
  EXPECT_TRUE(sameBits(readNpy(path),
                       filled({3}, Scalar(int64_t(2)), ScalarType::Long)));
  // A failed write leaves the old file and no temporary behind.
  EXPECT_EQ(errorOf([&] { writeNpy(path, Tensor()); }),
            path + ": error: cannot save an undefined tensor as .npy");
  EXPECT_EQ(dir.files(), std::vector<std::string>{"t.npy"});
  // Replacing a file keeps its permissions.
  std::filesystem::permissions(path, std::filesystem::perms::owner_read |
                                         std::filesystem::perms::owner_write);
  writeNpy(path, filled({1}, Scalar(1.0), ScalarType::Float));
  EXPECT_EQ(std::filesystem::status(path).permissions(),
            std::filesystem::perms::owner_read |
                std::filesystem::perms::owner_write);
  std::string missing = dir.file("no-such-dir/t.npy");
  EXPECT_EQ(errorOf([&] {
              writeNpy(missing, Tensor::scalar(1.0, ScalarType::Float));
            }),
            missing + ": error: cannot create a temporary file next to it: No "
                      "such file or directory");
}

} // namespace
