//===- TensorFilesTest.cpp - .npz and safetensors files -------------------===//
#include "runtime/tensor/io/TensorFiles.h"
#include "tests/unit/tensor/TensorFileData.h"

#include <gtest/gtest.h>

using namespace kiln;
using namespace kiln::testing;

namespace {

std::vector<std::string> namesOf(const NamedTensors &tensors) {
  std::vector<std::string> names;
  for (auto &[name, t] : tensors)
    names.push_back(name);
  return names;
}

// `actual` holds the expected arrays of these names, in this order.
void expectArrays(const NamedTensors &actual,
                  const std::vector<std::string> &names) {
  ASSERT_EQ(namesOf(actual), names);
  for (auto &[name, t] : actual) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(sameBits(t, expectedArray(name)));
  }
}

std::vector<std::string> expectedNames() { return namesOf(expectedArrays()); }

// Every dtype in several shapes: 0-d, empty, 1e5 elements, non-contiguous.
NamedTensors roundTripSet() {
  const ScalarType dtypes[] = {ScalarType::Bool,  ScalarType::Byte,
                               ScalarType::Char,  ScalarType::Short,
                               ScalarType::Int,   ScalarType::Long,
                               ScalarType::Float, ScalarType::Double};
  NamedTensors set;
  unsigned seed = 0;
  for (ScalarType dtype : dtypes) {
    std::string d(scalarTypeName(dtype));
    set.emplace_back(d + ".scalar", randomTensor({}, dtype, ++seed));
    set.emplace_back(d + ".empty", randomTensor({2, 0, 3}, dtype, ++seed));
    set.emplace_back(d + "/large", randomTensor({100000}, dtype, ++seed));
    Tensor m = randomTensor({3, 5}, dtype, ++seed);
    set.emplace_back(d + " transposed", m.asStrided({5, 3}, {1, 5}, 0));
  }
  set.emplace_back("ünïcödé", randomTensor({2}, ScalarType::Float, ++seed));
  return set;
}

// The same names and tensors, in any order.
void expectSameSet(const NamedTensors &actual, const NamedTensors &expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (auto &[name, t] : expected) {
    SCOPED_TRACE(name);
    auto it = std::find_if(actual.begin(), actual.end(),
                           [&](auto &p) { return p.first == name; });
    ASSERT_NE(it, actual.end());
    EXPECT_TRUE(sameBits(it->second, t));
  }
}

//===--- .npz -------------------------------------------------------------===//

TEST(Npz, ReadsNumpySavez) {
  expectArrays(readNpz(tensorFile("good/all_stored.npz")), expectedNames());
}

TEST(Npz, ReadsNumpySavezCompressed) {
  expectArrays(readNpz(tensorFile("good/all_compressed.npz")), expectedNames());
}

TEST(Npz, ReadsPositionalAndEmptyArchives) {
  NamedTensors positional = readNpz(tensorFile("good/positional.npz"));
  ASSERT_EQ(namesOf(positional), (std::vector<std::string>{"arr_0", "arr_1"}));
  EXPECT_TRUE(sameBits(positional[0].second, expectedArray("int8")));
  EXPECT_TRUE(sameBits(positional[1].second, expectedArray("scalar")));
  EXPECT_TRUE(readNpz(tensorFile("good/nothing.npz")).empty());
}

TEST(Npz, RoundTrips) {
  TempDir dir;
  NamedTensors set = roundTripSet();
  writeNpz(dir.file("t.npz"), set);
  NamedTensors back = readNpz(dir.file("t.npz"));
  EXPECT_EQ(namesOf(back), namesOf(set)); // archive order is kept
  expectSameSet(back, set);
  expectSameSet(parseNpz(fileBytes(dir.file("t.npz")), "mem"), set);
  writeNpz(dir.file("empty.npz"), {});
  EXPECT_TRUE(readNpz(dir.file("empty.npz")).empty());
  EXPECT_EQ(fileBytes(dir.file("empty.npz")),
            fileBytes(tensorFile("good/nothing.npz")));
}

TEST(Npz, WritesStoredMembers) {
  // A stored member's .npy bytes appear verbatim in the archive.
  TempDir dir;
  Tensor t = expectedArray("cube");
  writeNpz(dir.file("t.npz"), {{"cube", t}});
  std::string archive = fileBytes(dir.file("t.npz"));
  EXPECT_NE(archive.find(fileBytes(tensorFile("good/cube.npy"))),
            std::string::npos);
}

TEST(Npz, RejectsMalformedArchives) {
  const std::pair<const char *, const char *> cases[] = {
      {"corrupt_deflate",
       "member 'a.npy': cannot decompress: Zlib error: data error"},
      {"crc_mismatch", "member 'a.npy': cannot decompress: CRC error"},
      {"bomb", "member 'a.npy': declares that 386 compressed bytes inflate "
               "to 4026531840, more than deflate can produce (a zip bomb?)"},
      {"stored_size_lie", "member 'a.npy': a stored member of 928 bytes "
                          "declares 1028 bytes"},
      {"short_member",
       "member 'a.npy': decompresses to 928 bytes but declares 1028"},
      {"long_member", "member 'a.npy': decompresses to more than the 928 "
                      "bytes it declares"},
      {"bzip2", "member 'a.npy': compression method 12 is not supported "
                "(numpy writes stored or deflated members)"},
      {"not_npy_member", "member 'readme.txt' is not a .npy file; a .npz "
                         "archive holds only .npy members"},
      {"bad_member", "member 'bad.npy': truncated: the .npy header claims "
                     "118 bytes but only 90 follow"},
      {"truncated", "not a valid zip archive: Not a zip archive"},
      {"not_zip", "not a .npz file (it is not a zip archive)"},
      {"npy", "this is a .npy file, not a .npz archive"},
  };
  for (auto [name, message] : cases) {
    SCOPED_TRACE(name);
    std::string path = tensorFile(std::string("bad/") + name + ".npz");
    std::string error = errorOf([&] { readNpz(path); });
    EXPECT_EQ(
        error.substr(0, error.find(": error: ") + 9 + std::strlen(message)),
        path + ": error: " + message);
    EXPECT_EQ(errorOf([&] { parseNpz(fileBytes(path), "mem"); }),
              "mem" + error.substr(path.size()));
  }
}

TEST(Npz, ReportsMissingFiles) {
  std::string path = tensorFile("good/no-such-file.npz");
  EXPECT_EQ(errorOf([&] { readNpz(path); }),
            path + ": error: cannot open: No such file or directory");
}

TEST(Npz, RejectsBadNamesAndTensors) {
  TempDir dir;
  std::string path = dir.file("t.npz");
  Tensor t = Tensor::scalar(1.0, ScalarType::Float);
  writeNpz(path, {{"old", t}});
  EXPECT_EQ(errorOf([&] {
              writeNpz(path, {{"a", t}, {"a", t}});
            }),
            path + ": error: two tensors are named 'a'");
  EXPECT_EQ(errorOf([&] {
              writeNpz(path, {{std::string("a\0b", 3), t}});
            }),
            path + ": error: a tensor name contains a NUL character");
  EXPECT_EQ(errorOf([&] {
              writeNpz(path, {{"u", Tensor()}});
            }),
            path + ": error: tensor 'u': cannot save an undefined tensor as "
                   ".npy");
  // Failed writes left the old archive, and no temporary.
  EXPECT_EQ(namesOf(readNpz(path)), std::vector<std::string>{"old"});
  EXPECT_EQ(dir.files(), std::vector<std::string>{"t.npz"});
}

//===--- safetensors ------------------------------------------------------===//

// The reference writer's order: by descending element size, then name.
const std::vector<std::string> kReferenceOrder = {
    "int64", "float64", "scalar", "empty", "float32", "cube",
    "int32", "int16",   "int8",   "uint8", "bool"};

TEST(Safetensors, ReadsFilesInDataOrder) {
  std::map<std::string, std::string> metadata;
  NamedTensors all =
      readSafetensors(tensorFile("good/all.safetensors"), &metadata);
  expectArrays(all, kReferenceOrder);
  EXPECT_EQ(metadata, (std::map<std::string, std::string>{
                          {"format", "pt"}, {"source", "make.py"}}));
  // Header order does not matter; data order decides.
  std::vector<std::string> reversed = expectedNames();
  std::sort(reversed.rbegin(), reversed.rend());
  expectArrays(readSafetensors(tensorFile("good/unordered.safetensors")),
               reversed);
  EXPECT_TRUE(readSafetensors(tensorFile("good/nothing.safetensors")).empty());
}

TEST(Safetensors, WritesAsTheReferenceDoes) {
  TempDir dir;
  writeSafetensors(dir.file("all.safetensors"), expectedArrays(),
                   {{"format", "pt"}, {"source", "make.py"}});
  EXPECT_EQ(fileBytes(dir.file("all.safetensors")),
            fileBytes(tensorFile("good/all.safetensors")));
  writeSafetensors(dir.file("nothing.safetensors"), {});
  EXPECT_EQ(fileBytes(dir.file("nothing.safetensors")),
            fileBytes(tensorFile("good/nothing.safetensors")));
}

TEST(Safetensors, RoundTrips) {
  TempDir dir;
  NamedTensors set = roundTripSet();
  std::map<std::string, std::string> metadata = {{"k", "v"}, {"empty", ""}};
  writeSafetensors(dir.file("t.safetensors"), set, metadata);
  std::map<std::string, std::string> back;
  expectSameSet(readSafetensors(dir.file("t.safetensors"), &back), set);
  EXPECT_EQ(back, metadata);
  expectSameSet(parseSafetensors(fileBytes(dir.file("t.safetensors")), "mem"),
                set);
}

TEST(Safetensors, RejectsMalformedFiles) {
  const std::pair<const char *, const char *> cases[] = {
      {"too_short", "truncated: 3 bytes are too few for a safetensors file"},
      {"header_beyond_file", "the header length 1000 reaches beyond the end "
                             "of the file (89 bytes)"},
      {"header_too_large", "the header length 1099511627776 exceeds the "
                           "limit of 100000000 bytes"},
      {"bad_json", "the header is not valid JSON: parse error at line 1, "
                   "column 23: syntax error while parsing object key - "
                   "unexpected '}'; expected string literal"},
      {"not_utf8", "the header is not valid UTF-8 (at byte 11)"},
      {"not_object", "the header does not start with '{'"},
      {"unknown_dtype", "tensor 'a' has an unknown dtype 'F31'"},
      {"unsupported_dtype", "tensor 'a' has dtype F16, which Kiln does not "
                            "support (it reads BOOL, U8, I8, I16, I32, I64, "
                            "F32 and F64)"},
      {"negative_shape", "a dimension of tensor 'a' is negative (-2)"},
      {"float_shape", "a dimension of tensor 'a' must be a non-negative "
                      "integer, not 2.0"},
      {"overflowing_shape", "the shape of tensor 'a' is too large"},
      {"wrong_byte_count", "tensor 'a' of dtype F32 and shape [2, 3] needs 6 "
                           "elements of 4 bytes, but its data_offsets [0, 20] "
                           "span 20 bytes"},
      {"end_before_begin",
       "the data_offsets [8, 4] of tensor 'a' end before they begin"},
      {"beyond_buffer", "the data_offsets [4, 28] of tensor 'a' reach beyond "
                        "the data buffer's 24 bytes"},
      {"overlap", "tensors 'a' [0, 16] and 'b' [12, 20] overlap"},
      {"gap", "bytes [8, 12) of the data buffer, before tensor 'b', belong to "
              "no tensor"},
      {"trailing_bytes",
       "bytes [20, 24) at the end of the data buffer belong to no tensor"},
      {"missing_offsets", "tensor 'a' lacks 'data_offsets'"},
      {"duplicate_key", "the header has the key 'a' twice in one object"},
      {"metadata_not_string", "__metadata__ value of 'epoch' is not a string"},
      {"deep_nesting", "the header nests JSON values more deeply than a "
                       "safetensors header does"},
  };
  for (auto [name, message] : cases) {
    std::string path = tensorFile(std::string("bad/") + name + ".safetensors");
    EXPECT_EQ(errorOf([&] { readSafetensors(path); }),
              path + ": error: " + message);
    EXPECT_EQ(errorOf([&] { parseSafetensors(fileBytes(path), "mem"); }),
              std::string("mem: error: ") + message);
  }
}

TEST(Safetensors, ShortensHugeNamesInMessages) {
  std::string header =
      "{\"" + std::string(1000, 'x') + "\":{\"dtype\":\"F17\"}}";
  std::string file = std::string(1, static_cast<char>(header.size() & 0xff)) +
                     static_cast<char>(header.size() >> 8) +
                     std::string(6, '\0') + header;
  EXPECT_EQ(errorOf([&] { parseSafetensors(file, "mem"); }),
            "mem: error: tensor '" + std::string(97, 'x') +
                "...' lacks 'shape'");
}

TEST(Safetensors, RejectsBadNamesAndTensors) {
  TempDir dir;
  std::string path = dir.file("t.safetensors");
  Tensor t = Tensor::scalar(1.0, ScalarType::Float);
  writeSafetensors(path, {{"old", t}});
  EXPECT_EQ(errorOf([&] {
              writeSafetensors(path, {{"a", t}, {"a", t}});
            }),
            path + ": error: two tensors are named 'a'");
  EXPECT_EQ(errorOf([&] {
              writeSafetensors(path, {{"__metadata__", t}});
            }),
            path + ": error: a tensor cannot be named '__metadata__'");
  EXPECT_EQ(errorOf([&] {
              writeSafetensors(path, {{"u", Tensor()}});
            }),
            path + ": error: tensor 'u' is undefined");
  EXPECT_EQ(errorOf([&] {
              writeSafetensors(path, {{"\xff", t}});
            }),
            path + ": error: tensor names and metadata must be valid UTF-8");
  // Failed writes left the old file, and no temporary.
  EXPECT_EQ(namesOf(readSafetensors(path)), std::vector<std::string>{"old"});
  EXPECT_EQ(dir.files(), std::vector<std::string>{"t.safetensors"});
}

} // namespace
