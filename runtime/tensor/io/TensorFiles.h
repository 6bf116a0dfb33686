//===- TensorFiles.h - .npz and safetensors files ---------------*- C++ -*-===//
//
// Named tensors in the two common archive formats:
//  * .npz (numpy.savez / savez_compressed): a zip of .npy members, stored or
//    deflated. Names are the member names without ".npy", in archive order.
//  * safetensors (https://huggingface.co/docs/safetensors): an 8-byte
//    little-endian header length N, N bytes of JSON describing each tensor's
//    dtype, shape and byte range, then the data. Read in the order of the
//    data in the file; written as the reference implementation does (by
//    descending element size, then name, so that every tensor is aligned to
//    its element size), so a round trip returns that order.
//
// Both readers take the dtypes of Kiln (bool, uint8, int8, int16, int32,
// int64, float32, float64). A file that is malformed in any way, or merely
// claims more data than it holds, is a UserError "<path>: error: <what is
// wrong>": nothing is allocated for a size before it is checked against the
// file, and compressed members are checked against deflate's largest
// possible ratio and against what they actually decompress to. Writers
// replace the file atomically (support/File.h: AtomicFileWriter).
//
//===----------------------------------------------------------------------===//
#ifndef KILN_RUNTIME_TENSOR_IO_TENSORFILES_H
#define KILN_RUNTIME_TENSOR_IO_TENSORFILES_H

#include "runtime/tensor/Tensor.h"

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kiln {

using NamedTensors = std::vector<std::pair<std::string, Tensor>>;

NamedTensors readNpz(const std::string &path);
/// readNpz of the bytes of a .npz file; `name` names it in errors.
NamedTensors parseNpz(std::string_view bytes, const std::string &name);
/// Stored (uncompressed) members "<name>.npy", as numpy.savez writes them,
/// with a fixed time stamp. The archive is built in memory first (about
/// twice the tensors' size).
void writeNpz(const std::string &path, const NamedTensors &tensors);

NamedTensors readSafetensors(const std::string &path);
/// The "__metadata__" of a safetensors file (empty if it has none) is put in
/// `*metadata` when `metadata` is not null.
NamedTensors readSafetensors(const std::string &path,
                             std::map<std::string, std::string> *metadata);
/// readSafetensors of the bytes of a file; `name` names it in errors.
NamedTensors
parseSafetensors(std::string_view bytes, const std::string &name,
                 std::map<std::string, std::string> *metadata = nullptr);
void writeSafetensors(const std::string &path, const NamedTensors &tensors,
                      const std::map<std::string, std::string> &metadata = {});

} // namespace kiln

#endif // KILN_RUNTIME_TENSOR_IO_TENSORFILES_H
