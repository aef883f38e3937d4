// bit_reader.h: bounds-checked reading of the LSB-first bit streams that BitWriter writes.
//
// Decoders run on bytes read from disk that may be corrupt, so every read here checks the end
// of the stream: a reader never touches memory at or after `end`, never loops more than the
// stream has bits, and reports running out instead of inventing bits. The hot loops of the
// codecs do not use this class per value: they check once per block that the block's bits lie
// inside the stream and then read words directly (see LoadLe64 and LoadLe64Partial below).
#ifndef GRIDLINE_STORAGE_CODEC_BIT_READER_H_
#define GRIDLINE_STORAGE_CODEC_BIT_READER_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace gridline::storage::codec_internal {

// The codecs load and store 64-bit words with memcpy and read them as little-endian.
static_assert(std::endian::native == std::endian::little, "codecs assume a little-endian target");

// The little-endian 64-bit word at p. REQUIRES: 8 readable bytes at p.
inline uint64_t LoadLe64(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);  // one unaligned load; the targets we build for are little-endian
  return w;
}

// As LoadLe64, but reads only the `n` bytes at p and fills the rest with zero bits.
inline uint64_t LoadLe64Partial(const char* p, size_t n) {
  if (n >= 8) return LoadLe64(p);
  uint64_t w = 0;
  for (size_t i = 0; i < n; ++i) w |= uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
  return w;
}

// Mask of the low n bits, n in [0, 64].
inline uint64_t LowMask(int n) { return n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1; }

class BitReader {
 public:
  // Reads the bits of [begin, end). The bytes must outlive the reader.
  BitReader(const char* begin, const char* end)
      : data_(begin), size_bits_(static_cast<uint64_t>(end - begin) * 8) {}

  // Reads an n-bit field (n in [0, 64]) into *v. Returns false, consuming nothing, when fewer
  // than n bits remain.
  bool Read(int n, uint64_t* v) {
    if (n == 0) {
      *v = 0;
      return true;
    }
    if (static_cast<uint64_t>(n) > size_bits_ - pos_) return false;
    *v = Peek(n);
    pos_ += n;
    return true;
  }

  // Reads a unary code (zero bits ended by a one bit) into *q, the number of zeros. Returns
  // false when the stream ends before the one bit or when more than `max_q` zeros come first.
  bool ReadUnary(uint64_t max_q, uint64_t* q) {
    uint64_t zeros = 0;
    while (pos_ < size_bits_) {
      uint64_t left = size_bits_ - pos_;
      int n = left < 56 ? static_cast<int>(left) : 56;
      uint64_t w = Peek(n);
      if (w != 0) {
        int z = __builtin_ctzll(w);
        zeros += static_cast<uint64_t>(z);
        if (zeros > max_q) return false;
        pos_ += static_cast<uint64_t>(z) + 1;
        *q = zeros;
        return true;
      }
      zeros += static_cast<uint64_t>(n);
      pos_ += static_cast<uint64_t>(n);
      if (zeros > max_q) return false;
    }
    return false;
  }

  // Moves to bit `bit`. Returns false (not moving) when bit is past the end.
  bool Seek(uint64_t bit) {
    if (bit > size_bits_) return false;
    pos_ = bit;
    return true;
  }

  uint64_t position() const { return pos_; }
  uint64_t size_bits() const { return size_bits_; }
  // Whole bytes touched so far: where a byte-aligned section after this stream would start.
  size_t bytes_consumed() const { return static_cast<size_t>((pos_ + 7) / 8); }

 private:
  // The n bits at pos_ (n in [1, 64]). REQUIRES: pos_ + n <= size_bits_.
  uint64_t Peek(int n) const {
    size_t byte = static_cast<size_t>(pos_ / 8);
    int shift = static_cast<int>(pos_ % 8);
    size_t avail = static_cast<size_t>(size_bits_ / 8) - byte;
    uint64_t v = LoadLe64Partial(data_ + byte, avail) >> shift;
    if (shift + n > 64) {
      // The field spills into a ninth byte, which exists because pos_ + n <= size_bits_.
      v |= uint64_t{static_cast<unsigned char>(data_[byte + 8])} << (64 - shift);
    }
    return v & LowMask(n);
  }

  const char* data_;
  uint64_t size_bits_;
  uint64_t pos_ = 0;
};

}  // namespace gridline::storage::codec_internal

#endif  // GRIDLINE_STORAGE_CODEC_BIT_READER_H_
