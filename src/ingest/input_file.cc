// input_file.cc: files, standard input, text and streams as bytes for the importers (input_file.h).
#include "ingest/input_file.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "common/status_macros.h"
#include "fmt/format.h"

namespace gridline::ingest {

// zlib's streaming inflate. Concatenated gzip members (as parallel writers produce) are read as
// one stream.
struct InputFile::Inflater {
  z_stream zs{};
  std::vector<char> in = std::vector<char>(1 << 20);
  bool at_eof = false;
  bool member_open = false;  // inside a gzip member that has not ended yet
  ~Inflater() { inflateEnd(&zs); }
};

absl::StatusOr<std::unique_ptr<InputFile>> InputFile::Open(const std::string& path) {
  std::unique_ptr<InputFile> f(new InputFile());
  f->path_ = path;
  if (path == "-") {
    f->fd_ = 0;
  } else {
    f->fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (f->fd_ < 0) {
      const int err = errno;
      const std::string message = fmt::format("{}: {}", path, std::strerror(err));
      if (err == ENOENT) return absl::NotFoundError(message);
      if (err == EACCES) return absl::PermissionDeniedError(message);
      return absl::UnavailableError(message);
    }
    ::posix_fadvise(f->fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  }
  GL_RETURN_IF_ERROR(f->Sniff());
  return f;
}

absl::StatusOr<std::unique_ptr<InputFile>> InputFile::FromText(const std::string& name,
                                                               std::string_view text) {
  std::unique_ptr<InputFile> f(new InputFile());
  f->path_ = name;
  f->in_memory_ = true;
  f->text_ = text;
  GL_RETURN_IF_ERROR(f->Sniff());
  return f;
}

absl::StatusOr<std::unique_ptr<InputFile>> InputFile::FromStream(const std::string& name,
                                                                 ByteStream* stream,
                                                                 Compression compression,
                                                                 uint64_t max_bytes,
                                                                 std::string limit) {
  std::unique_ptr<InputFile> f(new InputFile());
  f->path_ = name;
  f->stream_ = stream;
  f->max_bytes_ = max_bytes;
  f->limit_ = std::move(limit);
  if (compression == Compression::kZlib) {
    // 32 + 15: zlib or gzip, told apart by the header.
    GL_RETURN_IF_ERROR(f->StartInflater(32 + 15));
  } else {
    GL_RETURN_IF_ERROR(f->Sniff());
  }
  return f;
}

absl::Status InputFile::StartInflater(int window_bits) {
  inflater_ = std::make_unique<Inflater>();
  if (inflateInit2(&inflater_->zs, window_bits) != Z_OK) {
    return absl::InternalError("cannot initialise zlib");
  }
  return absl::OkStatus();
}

absl::Status InputFile::Sniff() {
  char magic[2];
  size_t got = 0;
  while (got < 2) {
    GL_ASSIGN_OR_RETURN(const size_t n, ReadSource(magic + got, 2 - got));
    if (n == 0) break;
    got += n;
  }
  raw_bytes_ = got;
  sniffed_.assign(magic, got);
  if (got == 2 && static_cast<unsigned char>(magic[0]) == 0x1f &&
      static_cast<unsigned char>(magic[1]) == 0x8b) {
    return StartInflater(15 + 16);
  }
  return absl::OkStatus();
}

absl::StatusOr<size_t> InputFile::ReadSource(char* buf, size_t n) {
  if (in_memory_) {
    const size_t k = std::min(n, text_.size());
    if (k > 0) std::memcpy(buf, text_.data(), k);
    text_.remove_prefix(k);
    return k;
  }
  if (stream_ != nullptr) return stream_->Read(buf, n);
  while (true) {
    const ssize_t got = ::read(fd_, buf, n);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return absl::UnavailableError(fmt::format("{}: {}", path_, std::strerror(errno)));
    return static_cast<size_t>(got);
  }
}

InputFile::~InputFile() {
  if (fd_ > 0) ::close(fd_);
}

absl::StatusOr<size_t> InputFile::ReadRaw(char* buf, size_t n) {
  size_t done = 0;
  if (!sniffed_.empty()) {
    done = std::min(n, sniffed_.size());
    std::memcpy(buf, sniffed_.data(), done);
    sniffed_.erase(0, done);
  }
  if (!pending_error_.ok()) return pending_error_;
  while (done < n) {
    absl::StatusOr<size_t> read = ReadSource(buf + done, n - done);
    if (!read.ok()) {
      // The bytes before the error count (a stream cut mid-body: its whole lines are imported).
      if (done == 0) return read.status();
      pending_error_ = read.status();
      break;
    }
    const size_t got = *read;
    if (got == 0) break;
    done += got;
    raw_bytes_ += got;
  }
  return done;
}

absl::StatusOr<size_t> InputFile::Read(char* buf, size_t n) {
  GL_ASSIGN_OR_RETURN(const size_t got, ReadDecoded(buf, n));
  bytes_out_ += got;
  if (max_bytes_ > 0 && bytes_out_ > max_bytes_) {
    return absl::ResourceExhaustedError(
        fmt::format("{}: the input is larger than the limit of {} bytes{}{}", path_, max_bytes_,
                    inflater_ != nullptr ? " inflated" : "",
                    limit_.empty() ? "" : fmt::format(" ({})", limit_)));
  }
  return got;
}

absl::StatusOr<size_t> InputFile::ReadDecoded(char* buf, size_t n) {
  if (inflater_ == nullptr) return ReadRaw(buf, n);
  Inflater& f = *inflater_;
  z_stream& zs = f.zs;
  zs.next_out = reinterpret_cast<Bytef*>(buf);
  zs.avail_out = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
  while (zs.avail_out > 0) {
    if (zs.avail_in == 0) {
      if (f.at_eof) break;
      auto got = ReadRaw(f.in.data(), f.in.size());
      if (!got.ok()) return got.status();
      if (*got == 0) {
        f.at_eof = true;
        break;
      }
      zs.next_in = reinterpret_cast<Bytef*>(f.in.data());
      zs.avail_in = static_cast<uInt>(*got);
    }
    f.member_open = true;
    const int rc = inflate(&zs, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      // Another gzip member may follow (parallel writers produce several).
      inflateReset(&zs);
      f.member_open = false;
      continue;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      return absl::DataLossError(
          fmt::format("{}: corrupt gzip data: {}", path_, zs.msg ? zs.msg : "inflate failed"));
    }
  }
  const size_t produced = static_cast<size_t>(reinterpret_cast<char*>(zs.next_out) - buf);
  if (produced == 0 && f.at_eof && f.member_open) {
    return absl::DataLossError(fmt::format("{}: gzip data ends early (truncated file)", path_));
  }
  return produced;
}

}  // namespace gridline::ingest
