// loop_disk.h: a small real ext4 file system for disk-full tests. LoopDisk makes an image file,
// formats it and loop-mounts it (root, and a machine that allows mounting); where it cannot, the
// test skips with the reason. Fill() leaves an exact number of bytes free with a filler file;
// Unfill() removes it.
#ifndef GRIDLINE_TEST_INTEGRATION_LOOP_DISK_H_
#define GRIDLINE_TEST_INTEGRATION_LOOP_DISK_H_

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "test/test_util.h"

namespace gridline::testing {

class LoopDisk {
 public:
  // Mounts a fresh ext4 of `mb` MiB under `parent`; mounted() tells whether it worked, and
  // why_not() why not.
  LoopDisk(const std::string& parent, int mb) {
    image_ = parent + "/disk.img";
    mount_ = parent + "/disk";
    std::filesystem::create_directories(mount_);
    if (::geteuid() != 0) {
      why_not_ = "mounting a loop file system needs root";
      return;
    }
    const std::string make = "truncate -s " + std::to_string(mb) + "M " + image_ +
                             " && mkfs.ext4 -q -F " + image_ + " >/dev/null 2>&1";
    if (std::system(make.c_str()) != 0) {
      why_not_ = "mkfs.ext4 is not available";
      return;
    }
    const std::string mount = "mount -o loop " + image_ + " " + mount_ + " 2>/dev/null";
    if (std::system(mount.c_str()) != 0) {
      why_not_ = "this machine does not allow loop mounts";
      return;
    }
    mounted_ = true;
  }
  ~LoopDisk() {
    if (mounted_) {
      const std::string umount = "umount " + mount_ + " 2>/dev/null || umount -l " + mount_;
      if (std::system(umount.c_str()) != 0) {
        // Nothing more to do: the image goes with the temporary directory.
      }
    }
  }
  LoopDisk(const LoopDisk&) = delete;
  LoopDisk& operator=(const LoopDisk&) = delete;

  bool mounted() const { return mounted_; }
  const std::string& why_not() const { return why_not_; }
  const std::string& path() const { return mount_; }

  uint64_t FreeBytes() const {
    struct statvfs st;
    if (::statvfs(mount_.c_str(), &st) != 0) return 0;
    return static_cast<uint64_t>(st.f_bavail) * st.f_frsize;
  }

  // Grows the filler file until `free_bytes` are left (to a 4 KiB block). False when there is
  // already less free.
  bool Fill(uint64_t free_bytes) {
    const uint64_t now = FreeBytes();
    if (now < free_bytes) return false;
    const std::string filler = mount_ + "/filler-" + std::to_string(fillers_++);
    const int fd = ::open(filler.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return false;
    const int rc = ::posix_fallocate(fd, 0, static_cast<off_t>((now - free_bytes) & ~4095ull));
    ::fsync(fd);
    ::close(fd);
    return rc == 0;
  }
  void Unfill() {
    for (int i = 0; i < fillers_; ++i) {
      std::error_code ec;
      std::filesystem::remove(mount_ + "/filler-" + std::to_string(i), ec);
    }
    fillers_ = 0;
    ::sync();
  }

 private:
  std::string image_, mount_, why_not_;
  bool mounted_ = false;
  int fillers_ = 0;
};

}  // namespace gridline::testing

#endif  // GRIDLINE_TEST_INTEGRATION_LOOP_DISK_H_
