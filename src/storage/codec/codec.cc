// codec.cc: dispatch on the CodecId byte, and the choice of the smallest encoding.
//
// EncodeValues sizes every candidate exactly without writing it (Size* and Plan* functions),
// then writes only the winner; the Rice codecs keep their plan so the winner is not planned
// twice. Ties go to the lower CodecId (run-length and bit-packing decode fastest).
#include "storage/codec/codec.h"

#include <algorithm>
#include <array>

#include "storage/codec/codec_internal.h"

namespace gridline::storage {

using namespace codec_internal;  // NOLINT(google-build-using-namespace): this file's own helpers

namespace {

constexpr std::array<CodecId, 7> kAll = {
    CodecId::kConstant,      CodecId::kRunLength,        CodecId::kDeltaBitpack,
    CodecId::kDeltaRice,     CodecId::kDeltaOfDeltaRice, CodecId::kSparseDeltaRice,
    CodecId::kRunLengthRice,
};

// SparseDeltaRice is a candidate when at least 1 value in this many is zero.
constexpr size_t kSparseMinZeroShare = 32;
// RunLengthRice is a candidate when there are at most half as many runs as values.
constexpr size_t kRunLengthRiceMaxRunShare = 2;

void PutId(CodecId id, std::string* out) { out->push_back(static_cast<char>(id)); }

}  // namespace

std::span<const CodecId> AllCodecs() { return kAll; }

const char* CodecName(CodecId id) {
  switch (id) {
    case CodecId::kConstant:
      return "constant";
    case CodecId::kRunLength:
      return "run-length";
    case CodecId::kDeltaBitpack:
      return "delta-bitpack";
    case CodecId::kDeltaRice:
      return "delta-rice";
    case CodecId::kDeltaOfDeltaRice:
      return "delta-of-delta-rice";
    case CodecId::kSparseDeltaRice:
      return "sparse-delta-rice";
    case CodecId::kRunLengthRice:
      return "run-length-rice";
    case CodecId::kFrameRice:
      return "frame-rice";
  }
  return "unknown";
}

void EncodeValues(std::span<const int64_t> values, std::string* out) {
  GL_DCHECK(!values.empty());
  if (SizeConstant(values).has_value()) {
    // Nothing is smaller: one varint, which every other codec also needs.
    PutId(CodecId::kConstant, out);
    EncodeConstant(values, out);
    return;
  }
  // The usual winner first, so that its size can cut the others short: run-length stops
  // counting past it, and the other Rice codecs stop planning once a lower bound on their
  // size reaches it (branch and bound). The choice among the candidates stays exact.
  DeltaRicePlan delta = PlanDeltaRice(values);
  CodecId best = CodecId::kDeltaRice;
  size_t best_bytes = delta.bytes;
  auto consider = [&](CodecId id, size_t bytes) {
    if (bytes < best_bytes || (bytes == best_bytes && id < best)) {
      best = id;
      best_bytes = bytes;
    }
  };
  consider(CodecId::kDeltaBitpack, SizeDeltaBitpack(values));
  consider(CodecId::kRunLength, SizeRunLength(values, best_bytes));
  DeltaRicePlan dod = PlanDeltaOfDeltaRice(values, best_bytes);
  consider(CodecId::kDeltaOfDeltaRice, dod.bytes);
  DeltaRicePlan frame = PlanFrameRice(values, best_bytes);
  consider(CodecId::kFrameRice, frame.bytes);
  // SparseDeltaRice only pays for its run stream when zeros are common; below 1 in 32 it is not
  // tried (there it is DeltaRice plus a nearly empty run stream and never won by more than a
  // byte in measurements), which keeps residential chunks from paying for a third Rice plan.
  SparsePlan sparse;
  const size_t zeros = static_cast<size_t>(std::count(values.begin(), values.end(), 0));
  if (zeros * kSparseMinZeroShare >= values.size()) {
    sparse = PlanSparseDeltaRice(values, best_bytes);
    consider(CodecId::kSparseDeltaRice, sparse.bytes);
  }
  // RunLengthRice likewise only when values repeat (at least every other one does); with
  // fewer repeats it is DeltaRice plus a run stream.
  SparsePlan rle_rice;
  size_t runs = 1;
  for (size_t i = 1; i < values.size(); ++i) runs += values[i] != values[i - 1];
  if (runs * kRunLengthRiceMaxRunShare <= values.size()) {
    rle_rice = PlanRunLengthRice(values, best_bytes);
    consider(CodecId::kRunLengthRice, rle_rice.bytes);
  }

  PutId(best, out);
  switch (best) {
    case CodecId::kDeltaRice:
      WriteDeltaRice(values, delta, out);
      return;
    case CodecId::kDeltaOfDeltaRice:
      WriteDeltaOfDeltaRice(values, dod, out);
      return;
    case CodecId::kSparseDeltaRice:
      WriteSparseDeltaRice(sparse, out);
      return;
    case CodecId::kRunLengthRice:
      WriteRunLengthRice(rle_rice, out);
      return;
    case CodecId::kFrameRice:
      WriteFrameRice(values, frame, out);
      return;
    default:
      out->pop_back();
      EncodeValuesWith(best, values, out);
      return;
  }
}

void EncodeValuesWith(CodecId id, std::span<const int64_t> values, std::string* out) {
  GL_DCHECK(!values.empty());
  PutId(id, out);
  switch (id) {
    case CodecId::kConstant:
      EncodeConstant(values, out);  // keeps only values[0]; callers check constancy
      return;
    case CodecId::kRunLength:
      EncodeRunLength(values, out);
      return;
    case CodecId::kDeltaBitpack:
      EncodeDeltaBitpack(values, out);
      return;
    case CodecId::kDeltaRice:
      WriteDeltaRice(values, PlanDeltaRice(values), out);
      return;
    case CodecId::kDeltaOfDeltaRice:
      WriteDeltaOfDeltaRice(values, PlanDeltaOfDeltaRice(values), out);
      return;
    case CodecId::kSparseDeltaRice:
      WriteSparseDeltaRice(PlanSparseDeltaRice(values), out);
      return;
    case CodecId::kRunLengthRice:
      WriteRunLengthRice(PlanRunLengthRice(values), out);
      return;
    case CodecId::kFrameRice:
      WriteFrameRice(values, PlanFrameRice(values), out);
      return;
  }
  GL_CHECK(false && "unknown codec id");
}

absl::Status DecodeValues(const char** p, const char* limit, size_t count, int64_t* out) {
  // count - 1 would wrap in the delta codecs; refuse rather than trust the REQUIRES.
  if (count == 0) return absl::InvalidArgumentError("codec: count must be at least 1");
  if (*p >= limit) return absl::DataLossError("codec: missing codec id");
  const auto id = static_cast<CodecId>(static_cast<unsigned char>(**p));
  ++*p;
  switch (id) {
    case CodecId::kConstant:
      return DecodeConstant(p, limit, count, out);
    case CodecId::kRunLength:
      return DecodeRunLength(p, limit, count, out);
    case CodecId::kDeltaBitpack:
      return DecodeDeltaBitpack(p, limit, count, out);
    case CodecId::kDeltaRice:
      return DecodeDeltaRice(p, limit, count, out);
    case CodecId::kDeltaOfDeltaRice:
      return DecodeDeltaOfDeltaRice(p, limit, count, out);
    case CodecId::kSparseDeltaRice:
      return DecodeSparseDeltaRice(p, limit, count, out);
    case CodecId::kRunLengthRice:
      return DecodeRunLengthRice(p, limit, count, out);
    case CodecId::kFrameRice:
      return DecodeFrameRice(p, limit, count, out);
  }
  return absl::DataLossError("codec: unknown codec id");
}

absl::Status SumValues(const char** p, const char* limit, size_t count, int64_t* sum) {
  if (count == 0) return absl::InvalidArgumentError("codec: count must be at least 1");
  if (*p >= limit) return absl::DataLossError("codec: missing codec id");
  const auto id = static_cast<CodecId>(static_cast<unsigned char>(**p));
  ++*p;
  switch (id) {
    case CodecId::kConstant:
      return SumConstant(p, limit, count, sum);
    case CodecId::kRunLength:
      return SumRunLength(p, limit, count, sum);
    case CodecId::kDeltaBitpack:
      return SumDeltaBitpack(p, limit, count, sum);
    case CodecId::kDeltaRice:
      return SumDeltaRice(p, limit, count, sum);
    case CodecId::kDeltaOfDeltaRice:
      return SumDeltaOfDeltaRice(p, limit, count, sum);
    case CodecId::kSparseDeltaRice:
      return SumSparseDeltaRice(p, limit, count, sum);
    case CodecId::kRunLengthRice:
      return SumRunLengthRice(p, limit, count, sum);
    case CodecId::kFrameRice:
      return SumFrameRice(p, limit, count, sum);
  }
  return absl::DataLossError("codec: unknown codec id");
}

}  // namespace gridline::storage
