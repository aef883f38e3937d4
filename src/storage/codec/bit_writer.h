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
#include <string>

namespace gridline::storage::codec_internal {

class BitWriter {
 public:
  // Appends to *out, which must outlive the writer. Finish() must be called before *out is read.
  explicit BitWriter(std::string* out) : out_(out) {}
  BitWriter(const BitWriter&) = delete;
  BitWriter& operator=(const BitWriter&) = delete;

  // Writes the low `n` bits of `v`. REQUIRES: n <= 64; bits of v above n are ignored.
  void Write(uint64_t v, int n) {
    if (n == 0) return;
    if (n < 64) v &= (uint64_t{1} << n) - 1;
    acc_ |= v << used_;  // used_ < 64 always
    int total = used_ + n;
    if (total >= 64) {
      Flush64(acc_);
      // The bits of v that did not fit; shifting by 64 is undefined, hence the guard.
      acc_ = used_ == 0 ? 0 : v >> (64 - used_);
      total -= 64;
    }
    used_ = total;
  }

  // Writes `q` zero bits followed by a one bit: the unary code of q.
  void WriteUnary(uint64_t q) {
    while (q >= 63) {
      Write(0, 63);
      q -= 63;
    }
    Write(uint64_t{1} << q, static_cast<int>(q) + 1);
  }

  // Bits written so far.
  uint64_t bit_count() const { return bytes_flushed_ * 8 + used_; }

  // Pads the last byte with zero bits and appends the pending bytes.
  void Finish() {
    int bytes = (used_ + 7) / 8;
    for (int i = 0; i < bytes; ++i) out_->push_back(static_cast<char>(acc_ >> (8 * i)));
    bytes_flushed_ += bytes;
    acc_ = 0;
    used_ = 0;
  }

 private:
  void Flush64(uint64_t w) {
    char buf[8];
    for (int i = 0; i < 8; ++i) buf[i] = static_cast<char>(w >> (8 * i));
    out_->append(buf, 8);
    bytes_flushed_ += 8;
  }

  std::string* out_;
  uint64_t acc_ = 0;  // pending bits, the oldest in bit 0
  int used_ = 0;      // number of pending bits in acc_, 0..63
  uint64_t bytes_flushed_ = 0;
};

}  // namespace gridline::storage::codec_internal

#endif  // GRIDLINE_STORAGE_CODEC_BIT_WRITER_H_
