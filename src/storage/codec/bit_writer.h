// bit_writer.h: appends bit fields to a byte string, least significant bit first.
//
// Bit i of the stream is bit (i % 8) of byte (i / 8); a field of n bits written at stream
// position p occupies bits p .. p+n-1, its least significant bit first. This is the order in
// which BitReader (bit_reader.h) and the fast decoders read a little-endian 64-bit word, so a
// field is one load, one shift and one mask away. Used by the codecs in this folder; the layouts
// built with it are described in docs/codecs.md.
#ifndef GRIDLINE_STORAGE_CODEC_BIT_WRITER_H_
#define GRIDLINE_STORAGE_CODEC_BIT_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace gridline::storage::codec_internal {

class BitWriter {
 public:
  // Appends to *out at most `max_bits` bits (the caller knows the size from its plan). *out
  // must outlive the writer and not be touched until Finish(). Whole 64-bit words go straight
  // into room reserved up front, so the hot path is a shift, an or and, every 64 bits, one store.
  BitWriter(std::string* out, uint64_t max_bits) : out_(out), start_(out->size()) {
    out_->resize(start_ + static_cast<size_t>((max_bits + 63) / 64 * 8) + 8);
    cursor_ = out_->data() + start_;
  }
  BitWriter(const BitWriter&) = delete;
  BitWriter& operator=(const BitWriter&) = delete;

  // Writes the low `n` bits of `v`. REQUIRES: n <= 64; bits of v above n are ignored.
  void Write(uint64_t v, int n) {
    if (n < 64) v &= (uint64_t{1} << n) - 1;
    WriteClean(v, n);
  }

  // As Write, for v < 2^n (no stray high bits).
  void WriteClean(uint64_t v, int n) {
    if (n == 0) return;
    acc_ |= v << used_;  // used_ < 64 always
    const int total = used_ + n;
    if (total >= 64) {
      std::memcpy(cursor_, &acc_, 8);  // little-endian targets: the oldest bits first
      cursor_ += 8;
      // The bits of v that did not fit; shifting by 64 is undefined, hence the guard.
      acc_ = used_ == 0 ? 0 : v >> (64 - used_);
      used_ = total - 64;
    } else {
      used_ = total;
    }
  }

  // Writes `q` zero bits followed by a one bit: the unary code of q.
  void WriteUnary(uint64_t q) {
    while (q >= 63) {
      WriteClean(0, 63);
      q -= 63;
    }
    WriteClean(uint64_t{1} << q, static_cast<int>(q) + 1);
  }

  // Pads the last byte with zero bits and trims *out to the bytes written.
  void Finish() {
    const int bytes = (used_ + 7) / 8;
    std::memcpy(cursor_, &acc_, 8);
    out_->resize(static_cast<size_t>(cursor_ - out_->data()) + static_cast<size_t>(bytes));
  }

 private:
  std::string* out_;
  size_t start_;
  char* cursor_;
  uint64_t acc_ = 0;  // pending bits, the oldest in bit 0
  int used_ = 0;      // number of pending bits in acc_, 0..63
};

}  // namespace gridline::storage::codec_internal

#endif  // GRIDLINE_STORAGE_CODEC_BIT_WRITER_H_
