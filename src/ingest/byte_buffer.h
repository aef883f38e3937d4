// byte_buffer.h: a growable byte buffer whose growth does not zero memory, for input blocks that
// are about to be overwritten by read(2) anyway (std::string::resize would clear 4 MiB per block).
#ifndef GRIDLINE_INGEST_BYTE_BUFFER_H_
#define GRIDLINE_INGEST_BYTE_BUFFER_H_

#include <cstring>
#include <memory>
#include <string_view>

namespace gridline::ingest {

class ByteBuffer {
 public:
  char* data() { return data_.get(); }
  const char* data() const { return data_.get(); }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::string_view view() const { return std::string_view(data_.get(), size_); }

  // Makes room for `n` bytes in total, keeping the content; new bytes are uninitialised.
  void Reserve(size_t n) {
    if (n <= capacity_) return;
    const size_t cap = std::max(n, capacity_ * 2);
    std::unique_ptr<char[]> bigger(new char[cap]);
    if (size_ > 0) std::memcpy(bigger.get(), data_.get(), size_);
    data_ = std::move(bigger);
    capacity_ = cap;
  }
  // Sets the size. REQUIRES: n <= capacity (after Reserve).
  void SetSize(size_t n) { size_ = n; }
  void Assign(const char* p, size_t n) {
    Reserve(n);
    if (n > 0) std::memmove(data_.get(), p, n);
    size_ = n;
  }
  void Clear() { size_ = 0; }

 private:
  std::unique_ptr<char[]> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_BYTE_BUFFER_H_
