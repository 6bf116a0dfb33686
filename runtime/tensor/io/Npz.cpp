//===- Npz.cpp - .npz archives of .npy members ----------------------------===//
#include "runtime/tensor/io/TensorFiles.h"

#include "runtime/tensor/io/Npy.h"
#include "support/Error.h"
#include "support/File.h"

#include <zip.h>

#include <algorithm>
#include <array>
#include <memory>
#include <set>

namespace kiln {

namespace {

[[noreturn]] void fail(const std::string &name, const std::string &what) {
  throw UserError(name + ": error: " + what);
}

// Deflate emits at least two bits per 258-byte match: no stream inflates
// more than 1032-fold, apart from its first literal. A member that declares
// more is lying, and is refused before anything is allocated for it.
constexpr uint64_t kMaxDeflateRatio = 1032;

struct ZipDiscard {
  void operator()(zip_t *zip) const { zip_discard(zip); }
};
struct ZipFileClose {
  void operator()(zip_file_t *file) const { zip_fclose(file); }
};
using ZipArchive = std::unique_ptr<zip_t, ZipDiscard>;
using ZipMember = std::unique_ptr<zip_file_t, ZipFileClose>;

// A zip_error_t, whose message libzip allocates.
class ZipError {
public:
  ZipError() { zip_error_init(&error_); }
  ~ZipError() { zip_error_fini(&error_); }
  ZipError(const ZipError &) = delete;
  ZipError &operator=(const ZipError &) = delete;
  zip_error_t *get() { return &error_; }
  std::string message() { return zip_error_strerror(&error_); }

private:
  zip_error_t error_;
};

// Decompressed bytes of one member, counted.
class ZipMemberInput : public NpyInput {
public:
  ZipMemberInput(zip_file_t *file, const std::string &name,
                 const std::string &context)
      : file_(file), name_(name), context_(context) {}

  size_t read(void *dst, size_t n) override {
    size_t done = 0;
    while (done < n) {
      zip_int64_t got =
          zip_fread(file_, static_cast<char *>(dst) + done, n - done);
      if (got < 0)
        fail(name_,
             context_ + "cannot decompress: " + zip_file_strerror(file_));
      if (got == 0)
        break;
      done += static_cast<size_t>(got);
    }
    produced_ += done;
    return done;
  }
  uint64_t produced() const { return produced_; }

private:
  zip_file_t *file_;
  const std::string &name_;
  const std::string &context_;
  uint64_t produced_ = 0;
};

struct NpzMember {
  zip_uint64_t index;
  std::string fileName;
  uint64_t size;
};

// The members of `zip`, every size checked before any member is read.
std::vector<NpzMember> listNpzMembers(zip_t *zip, uint64_t archiveSize,
                                      const std::string &name) {
  zip_int64_t count = zip_get_num_entries(zip, 0);
  std::vector<NpzMember> members;
  std::set<std::string> fileNames;
  uint64_t compressedTotal = 0;
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip, static_cast<zip_uint64_t>(i), 0, &st) != 0)
      fail(name,
           std::string("cannot read the zip directory: ") + zip_strerror(zip));
    constexpr zip_uint64_t needed = ZIP_STAT_NAME | ZIP_STAT_SIZE |
                                    ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD |
                                    ZIP_STAT_ENCRYPTION_METHOD;
    if ((st.valid & needed) != needed)
      fail(name, "zip entry " + std::to_string(i) + " lacks its name or sizes");
    std::string fileName = st.name;
    if (!fileName.ends_with(".npy"))
      fail(name, "member '" + fileName +
                     "' is not a .npy file; a .npz archive holds only .npy "
                     "members");
    if (!fileNames.insert(fileName).second)
      fail(name, "two members are named '" + fileName + "'");
    std::string where = "member '" + fileName + "': ";
    if (st.encryption_method != ZIP_EM_NONE)
      fail(name, where + "encrypted members are not supported");
    if (st.comp_size > archiveSize - compressedTotal)
      fail(name, where +
                     "the members' compressed sizes add up to more than "
                     "the archive's " +
                     std::to_string(archiveSize) +
                     " bytes (overlapping members: a zip bomb?)");
    compressedTotal += st.comp_size;
    if (st.comp_method == ZIP_CM_STORE) {
      if (st.size != st.comp_size)
        fail(name, where + "a stored member of " +
                       std::to_string(st.comp_size) + " bytes declares " +
                       std::to_string(st.size) + " bytes");
    } else if (st.comp_method == ZIP_CM_DEFLATE) {
      if (st.size > st.comp_size * kMaxDeflateRatio + 258)
        fail(name, where + "declares that " + std::to_string(st.comp_size) +
                       " compressed bytes inflate to " +
                       std::to_string(st.size) +
                       ", more than deflate can produce (a zip bomb?)");
    } else {
      fail(name, where + "compression method " +
                     std::to_string(st.comp_method) +
                     " is not supported (numpy writes stored or deflated "
                     "members)");
    }
    members.push_back({static_cast<zip_uint64_t>(i), fileName, st.size});
  }
  return members;
}

Tensor readNpzMember(zip_t *zip, const NpzMember &member,
                     const std::string &name) {
  std::string where = "member '" + member.fileName + "': ";
  ZipMember file(zip_fopen_index(zip, member.index, 0));
  if (!file)
    fail(name, where + "cannot open: " + zip_strerror(zip));
  ZipMemberInput in(file.get(), name, where);
  Tensor t = readNpy(in, member.size, name, where);
  // Decompress the rest, so the member is checked to end where it says and
  // libzip checks its CRC. Reads stop at the declared size plus one byte.
  std::array<char, 1 << 16> scratch;
  while (in.produced() < member.size) {
    uint64_t want =
        std::min<uint64_t>(scratch.size(), member.size - in.produced());
    if (in.read(scratch.data(), want) == 0)
      break;
  }
  if (in.produced() < member.size)
    fail(name, where + "decompresses to " + std::to_string(in.produced()) +
                   " bytes but declares " + std::to_string(member.size));
  if (in.read(scratch.data(), 1) != 0)
    fail(name, where + "decompresses to more than the " +
                   std::to_string(member.size) + " bytes it declares");
  return t;
}

// Reads the .npz in `source` (which this takes over); `head` is its first
// bytes, `archiveSize` its size.
NamedTensors readNpzSource(zip_source_t *source, std::string_view head,
                           uint64_t archiveSize, const std::string &name) {
  std::unique_ptr<zip_source_t, decltype(&zip_source_free)> owned(
      source, &zip_source_free);
  // numpy.load's test: a local file header or an empty archive's end record.
  if (head.starts_with("\x93NUMPY"))
    fail(name, "this is a .npy file, not a .npz archive");
  if (!head.starts_with("PK\x03\x04") && !head.starts_with("PK\x05\x06"))
    fail(name, "not a .npz file (it is not a zip archive)");
  ZipError error;
  ZipArchive zip(
      zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, error.get()));
  if (!zip)
    fail(name, "not a valid zip archive: " + error.message());
  owned.release(); // the archive owns the source now
  NamedTensors result;
  for (const NpzMember &member : listNpzMembers(zip.get(), archiveSize, name))
    result.emplace_back(member.fileName.substr(0, member.fileName.size() - 4),
                        readNpzMember(zip.get(), member, name));
  return result;
}

// The bytes of a zip archive holding `tensors` as stored .npy members.
void writeZip(AtomicFileWriter &out, const NamedTensors &tensors,
              const std::string &path) {
  std::vector<std::string> members;
  members.reserve(tensors.size());
  std::set<std::string> names;
  for (const auto &[key, tensor] : tensors) {
    if (key.find('\0') != std::string::npos)
      fail(path, "a tensor name contains a NUL character");
    if (!names.insert(key).second)
      fail(path, "two tensors are named '" + key + "'");
    try {
      members.push_back(encodeNpy(tensor));
    } catch (const UserError &e) {
      fail(path, "tensor '" + key + "': " + e.what());
    }
  }
  if (tensors.empty()) {
    // libzip writes nothing for an empty archive; numpy writes the
    // 22-byte end-of-central-directory record alone.
    out.write(std::string("PK\x05\x06", 4) + std::string(18, '\0'));
    return;
  }

  ZipError error;
  zip_source_t *buffer = zip_source_buffer_create(nullptr, 0, 0, error.get());
  if (!buffer)
    fail(path, "cannot create a zip archive: " + error.message());
  std::unique_ptr<zip_source_t, decltype(&zip_source_free)> bufferOwner(
      buffer, &zip_source_free);
  ZipArchive zip(zip_open_from_source(buffer, ZIP_TRUNCATE, error.get()));
  if (!zip)
    fail(path, "cannot create a zip archive: " + error.message());
  zip_source_keep(buffer); // it outlives the archive, to be read back
  // A fixed time stamp (2000-01-01, safe in any time zone) makes the output
  // depend on the tensors alone.
  constexpr time_t kTimestamp = 946728000;
  for (size_t i = 0; i < tensors.size(); ++i) {
    std::string fileName = tensors[i].first + ".npy";
    zip_source_t *data =
        zip_source_buffer(zip.get(), members[i].data(), members[i].size(), 0);
    zip_int64_t index =
        data ? zip_file_add(zip.get(), fileName.c_str(), data, 0) : -1;
    if (index < 0) {
      if (data)
        zip_source_free(data);
      fail(path, "cannot add '" + fileName + "': " + zip_strerror(zip.get()));
    }
    auto at = static_cast<zip_uint64_t>(index);
    if (zip_set_file_compression(zip.get(), at, ZIP_CM_STORE, 0) != 0 ||
        zip_file_set_mtime(zip.get(), at, kTimestamp, 0) != 0)
      fail(path, "cannot add '" + fileName + "': " + zip_strerror(zip.get()));
  }
  if (zip_close(zip.get()) != 0)
    fail(path, std::string("cannot write the zip archive: ") +
                   zip_strerror(zip.get()));
  zip.release(); // zip_close freed it

  if (zip_source_open(buffer) != 0)
    fail(path, std::string("cannot read back the zip archive: ") +
                   zip_error_strerror(zip_source_error(buffer)));
  std::array<char, 1 << 16> chunk;
  zip_int64_t got;
  while ((got = zip_source_read(buffer, chunk.data(), chunk.size())) > 0)
    out.write(chunk.data(), static_cast<size_t>(got));
  zip_source_close(buffer);
  if (got < 0)
    fail(path, "cannot read back the zip archive");
}

} // namespace

NamedTensors readNpz(const std::string &path) {
  InputFile file(path);
  char head[6] = {};
  size_t headSize = file.readAt(0, head, sizeof head);
  ZipError error;
  zip_source_t *source =
      zip_source_file_create(path.c_str(), 0, -1, error.get());
  if (!source)
    fail(path, "cannot open: " + error.message());
  return readNpzSource(source, std::string_view(head, headSize), file.size(),
                       path);
}

NamedTensors parseNpz(std::string_view bytes, const std::string &name) {
  ZipError error;
  zip_source_t *source =
      zip_source_buffer_create(bytes.data(), bytes.size(), 0, error.get());
  if (!source)
    fail(name, "cannot read: " + error.message());
  return readNpzSource(source, bytes, bytes.size(), name);
}

void writeNpz(const std::string &path, const NamedTensors &tensors) {
  AtomicFileWriter out(path);
  writeZip(out, tensors, path);
  out.commit();
}

} // namespace kiln
