// upload_spool.h: a streamed upload copied to a file so that it can be read twice. An
// all-or-nothing import (`mode=all-or-nothing`, `strict=true`) validates the whole input before
// it stores anything, and a stream cannot be read again: the route spools the body (inflated)
// to DIR/upload-spool/upload-XXXXXX, then imports that file as `gridline import --strict` does.
//
// Disk: before each 4 MiB written the free space of the data directory's disk is checked, and
// the spool is refused as disk full (507, storage/disk_space.h) when less than twice the
// store's reserve (GRIDLINE_DISK_RESERVE_MB, default 32 MiB) would remain: the store keeps its
// own reserve, and the import that follows has as much again. The file is deleted when the
// SpooledUpload goes away; files left by a crash are deleted when the server starts
// (RemoveStaleSpools).
#ifndef GRIDLINE_SERVER_UPLOAD_SPOOL_H_
#define GRIDLINE_SERVER_UPLOAD_SPOOL_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "ingest/input_file.h"

namespace gridline::server {

class SpooledUpload {
 public:
  ~SpooledUpload();  // deletes the file
  SpooledUpload(const SpooledUpload&) = delete;
  SpooledUpload& operator=(const SpooledUpload&) = delete;

  const std::string& path() const { return path_; }
  uint64_t bytes() const { return bytes_; }

  // Copies what `in` reads to a new file under data_dir/upload-spool. Fails with `in`'s error
  // (the body ended badly), disk full (Unavailable "disk full: ..."), or Unavailable for an I/O
  // error; nothing is left behind.
  static absl::StatusOr<std::unique_ptr<SpooledUpload>> Spool(const std::string& data_dir,
                                                              ingest::InputFile* in);

 private:
  SpooledUpload(std::string path, uint64_t bytes) : path_(std::move(path)), bytes_(bytes) {}
  std::string path_;
  uint64_t bytes_;
};

// The spool directory of `data_dir`.
std::string SpoolDir(const std::string& data_dir);

// Deletes the spool files a crashed server left behind. How many it deleted.
int RemoveStaleSpools(const std::string& data_dir);

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_UPLOAD_SPOOL_H_
