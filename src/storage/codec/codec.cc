// codec.cc: the table of codecs (one row of operations per CodecId), dispatch on the CodecId
// byte through it, and the choice of the smallest encoding.
//
// EncodeValues sizes every candidate exactly without writing it (each row's `plan`), then
// writes only the winner from its plan, so the Rice codecs are not planned twice. Ties go to the
// lower CodecId (run-length and bit-packing decode fastest).
//
// Adding a codec: a CodecId value at the end of the enum (codec.h), its functions in a new file
// (codec_internal.h), one row in kCodecs below, and one case in IsDeclaredCodecId. The
// static_asserts refuse a table that misses an id, repeats one or is out of order.
#include "storage/codec/codec.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include "absl/status/statusor.h"
#include "storage/codec/codec_internal.h"

namespace gridline::storage {

using namespace codec_internal;  // NOLINT(google-build-using-namespace): this file's own helpers

namespace {

// SparseDeltaRice is a candidate when at least 1 value in this many is zero.
constexpr size_t kSparseMinZeroShare = 32;
// RunLengthRice is a candidate when there are at most half as many runs as values.
constexpr size_t kRunLengthRiceMaxRunShare = 2;

// What EncodeValues counts once to decide which codecs are worth planning.
struct ValueShape {
  size_t count = 0;
  size_t zeros = 0;
  size_t runs = 0;  // maximal runs of equal values
};

// What any codec's plan holds: its exact payload size and what its writer needs. bytes is
// SIZE_MAX when the codec does not apply (Constant on varying values) or gave up at the budget.
struct CodecPlan {
  size_t bytes = SIZE_MAX;
  DeltaRicePlan rice;  // DeltaRice, DeltaOfDeltaRice, FrameRice
  SparsePlan sparse;   // SparseDeltaRice, RunLengthRice
};

using Values = std::span<const int64_t>;

// One codec's operations.
struct CodecOps {
  CodecId id;
  const char* name;
  // Whether EncodeValues plans this codec for values of this shape.
  bool (*worth_trying)(const ValueShape& shape);
  // Sizes `values` exactly into plan->bytes and keeps what `write` needs. May give up with
  // SIZE_MAX once the size is known to be at least `budget` (more than `budget` for codecs with
  // a lower id than DeltaRice, which EncodeValues plans first; see EncodeValues).
  void (*plan)(Values values, size_t budget, CodecPlan* plan);
  // Appends the payload from a plan that `plan` filled without giving up.
  void (*write)(Values values, const CodecPlan& plan, std::string* out);
  // Appends the payload for `values` (EncodeValuesWith): plan and write, or one pass.
  void (*encode)(Values values, std::string* out);
  absl::Status (*decode)(const char** p, const char* limit, size_t count, int64_t* out);
  absl::Status (*sum)(const char** p, const char* limit, size_t count, int64_t* sum);
};

bool Always(const ValueShape&) { return true; }

// Row i holds CodecId i + 1.
constexpr CodecOps kCodecs[] = {
    {CodecId::kConstant, "constant", Always,
     [](Values v, size_t, CodecPlan* plan) { plan->bytes = SizeConstant(v).value_or(SIZE_MAX); },
     [](Values v, const CodecPlan&, std::string* out) { EncodeConstant(v, out); },
     // Keeps only values[0]; callers check constancy.
     EncodeConstant, DecodeConstant, SumConstant},
    {CodecId::kRunLength, "run-length", Always,
     [](Values v, size_t budget, CodecPlan* plan) { plan->bytes = SizeRunLength(v, budget); },
     [](Values v, const CodecPlan&, std::string* out) { EncodeRunLength(v, out); }, EncodeRunLength,
     DecodeRunLength, SumRunLength},
    {CodecId::kDeltaBitpack, "delta-bitpack", Always,
     [](Values v, size_t, CodecPlan* plan) { plan->bytes = SizeDeltaBitpack(v); },
     [](Values v, const CodecPlan&, std::string* out) { EncodeDeltaBitpack(v, out); },
     EncodeDeltaBitpack, DecodeDeltaBitpack, SumDeltaBitpack},
    {CodecId::kDeltaRice, "delta-rice", Always,
     [](Values v, size_t, CodecPlan* plan) {
       plan->rice = PlanDeltaRice(v);
       plan->bytes = plan->rice.bytes;
     },
     [](Values v, const CodecPlan& plan, std::string* out) { WriteDeltaRice(v, plan.rice, out); },
     [](Values v, std::string* out) { WriteDeltaRice(v, PlanDeltaRice(v), out); }, DecodeDeltaRice,
     SumDeltaRice},
    {CodecId::kDeltaOfDeltaRice, "delta-of-delta-rice", Always,
     [](Values v, size_t budget, CodecPlan* plan) {
       plan->rice = PlanDeltaOfDeltaRice(v, budget);
       plan->bytes = plan->rice.bytes;
     },
     [](Values v, const CodecPlan& plan, std::string* out) {
       WriteDeltaOfDeltaRice(v, plan.rice, out);
     },
     [](Values v, std::string* out) { WriteDeltaOfDeltaRice(v, PlanDeltaOfDeltaRice(v), out); },
     DecodeDeltaOfDeltaRice, SumDeltaOfDeltaRice},
    // Only pays for its run stream when zeros are common; below 1 in 32 it is DeltaRice plus a
    // nearly empty run stream and never won by more than a byte in measurements, so it is not
    // planned, which keeps residential chunks from paying for a third Rice plan.
    {CodecId::kSparseDeltaRice, "sparse-delta-rice",
     [](const ValueShape& s) { return s.zeros * kSparseMinZeroShare >= s.count; },
     [](Values v, size_t budget, CodecPlan* plan) {
       plan->sparse = PlanSparseDeltaRice(v, budget);
       plan->bytes = plan->sparse.bytes;
     },
     [](Values, const CodecPlan& plan, std::string* out) {
       WriteSparseDeltaRice(plan.sparse, out);
     },
     [](Values v, std::string* out) { WriteSparseDeltaRice(PlanSparseDeltaRice(v), out); },
     DecodeSparseDeltaRice, SumSparseDeltaRice},
    // Likewise only when values repeat (at least every other one does); with fewer repeats it
    // is DeltaRice plus a run stream.
    {CodecId::kRunLengthRice, "run-length-rice",
     [](const ValueShape& s) { return s.runs * kRunLengthRiceMaxRunShare <= s.count; },
     [](Values v, size_t budget, CodecPlan* plan) {
       plan->sparse = PlanRunLengthRice(v, budget);
       plan->bytes = plan->sparse.bytes;
     },
     [](Values, const CodecPlan& plan, std::string* out) { WriteRunLengthRice(plan.sparse, out); },
     [](Values v, std::string* out) { WriteRunLengthRice(PlanRunLengthRice(v), out); },
     DecodeRunLengthRice, SumRunLengthRice},
    {CodecId::kFrameRice, "frame-rice", Always,
     [](Values v, size_t budget, CodecPlan* plan) {
       plan->rice = PlanFrameRice(v, budget);
       plan->bytes = plan->rice.bytes;
     },
     [](Values v, const CodecPlan& plan, std::string* out) { WriteFrameRice(v, plan.rice, out); },
     [](Values v, std::string* out) { WriteFrameRice(v, PlanFrameRice(v), out); }, DecodeFrameRice,
     SumFrameRice},
};
constexpr size_t kCodecCount = std::size(kCodecs);

// Every enumerator of CodecId. The switch has no default, so -Wswitch (-Wall -Werror) refuses
// to compile it when an enumerator has no case: a new id cannot be left out of the check below.
constexpr bool IsDeclaredCodecId(CodecId id) {
  switch (id) {
    case CodecId::kConstant:
    case CodecId::kRunLength:
    case CodecId::kDeltaBitpack:
    case CodecId::kDeltaRice:
    case CodecId::kDeltaOfDeltaRice:
    case CodecId::kSparseDeltaRice:
    case CodecId::kRunLengthRice:
    case CodecId::kFrameRice:
      return true;
  }
  return false;
}

// The table has one row per declared id, none for any other byte, in id order from 1.
constexpr bool TableCoversEveryIdOnce() {
  for (size_t i = 0; i < kCodecCount; ++i) {
    if (static_cast<size_t>(kCodecs[i].id) != i + 1) return false;
  }
  for (int b = 0; b < 256; ++b) {
    const bool in_table = b >= 1 && static_cast<size_t>(b) <= kCodecCount;
    if (IsDeclaredCodecId(static_cast<CodecId>(b)) != in_table) return false;
  }
  return true;
}
static_assert(TableCoversEveryIdOnce(),
              "kCodecs must hold exactly one row per CodecId, row i for id i + 1");
static_assert(static_cast<size_t>(CodecId::kDeltaRice) == 4,
              "EncodeValues plans DeltaRice first and the others in id order");

constexpr std::array<CodecId, kCodecCount> kAll = [] {
  std::array<CodecId, kCodecCount> all{};
  for (size_t i = 0; i < kCodecCount; ++i) all[i] = kCodecs[i].id;
  return all;
}();

// The row for a stored codec byte, or nullptr when no codec has that id.
const CodecOps* FindCodec(uint8_t byte) {
  return byte >= 1 && byte <= kCodecCount ? &kCodecs[byte - 1] : nullptr;
}

const CodecOps& Row(CodecId id) {
  const CodecOps* ops = FindCodec(static_cast<uint8_t>(id));
  GL_CHECK(ops != nullptr && "unknown codec id");
  return *ops;
}

void PutId(CodecId id, std::string* out) { out->push_back(static_cast<char>(id)); }

// Reads the codec byte at *p and advances past it.
absl::StatusOr<const CodecOps*> ReadCodec(const char** p, const char* limit, size_t count) {
  // count - 1 would wrap in the delta codecs; refuse rather than trust the REQUIRES.
  if (count == 0) return absl::InvalidArgumentError("codec: count must be at least 1");
  if (*p >= limit) return absl::DataLossError("codec: missing codec id");
  const CodecOps* ops = FindCodec(static_cast<uint8_t>(**p));
  if (ops == nullptr) return absl::DataLossError("codec: unknown codec id");
  ++*p;
  return ops;
}

}  // namespace

std::span<const CodecId> AllCodecs() { return kAll; }

const char* CodecName(CodecId id) {
  const CodecOps* ops = FindCodec(static_cast<uint8_t>(id));
  return ops == nullptr ? "unknown" : ops->name;
}

void EncodeValues(std::span<const int64_t> values, std::string* out) {
  GL_DCHECK(!values.empty());
  const CodecOps& constant = Row(CodecId::kConstant);
  CodecPlan best_plan;
  constant.plan(values, SIZE_MAX, &best_plan);
  if (best_plan.bytes != SIZE_MAX) {
    // Nothing is smaller: one varint, which every other codec also needs.
    PutId(CodecId::kConstant, out);
    constant.write(values, best_plan, out);
    return;
  }
  // The usual winner first, so that its size can cut the others short: run-length stops
  // counting past it, and the other Rice codecs stop planning once a lower bound on their
  // size reaches it (branch and bound). The others follow in id order, so whatever is best when
  // a codec is planned has a lower id than it, except DeltaRice for the two codecs below it,
  // which therefore give up only past (not at) the budget: the choice among the candidates
  // stays exact, ties included.
  const CodecOps* best = &Row(CodecId::kDeltaRice);
  best->plan(values, SIZE_MAX, &best_plan);
  ValueShape shape;
  shape.count = values.size();
  shape.zeros = static_cast<size_t>(std::count(values.begin(), values.end(), 0));
  shape.runs = 1;
  for (size_t i = 1; i < values.size(); ++i) shape.runs += values[i] != values[i - 1];
  CodecPlan trial;
  for (const CodecOps& ops : kCodecs) {
    if (ops.id == CodecId::kConstant || ops.id == CodecId::kDeltaRice) continue;
    if (!ops.worth_trying(shape)) continue;
    ops.plan(values, best_plan.bytes, &trial);
    if (trial.bytes < best_plan.bytes || (trial.bytes == best_plan.bytes && ops.id < best->id)) {
      best = &ops;
      std::swap(best_plan, trial);
    }
  }
  PutId(best->id, out);
  best->write(values, best_plan, out);
}

void EncodeValuesWith(CodecId id, std::span<const int64_t> values, std::string* out) {
  GL_DCHECK(!values.empty());
  const CodecOps& ops = Row(id);
  PutId(id, out);
  ops.encode(values, out);
}

absl::Status DecodeValues(const char** p, const char* limit, size_t count, int64_t* out) {
  GL_ASSIGN_OR_RETURN(const CodecOps* ops, ReadCodec(p, limit, count));
  return ops->decode(p, limit, count, out);
}

absl::Status SumValues(const char** p, const char* limit, size_t count, int64_t* sum) {
  GL_ASSIGN_OR_RETURN(const CodecOps* ops, ReadCodec(p, limit, count));
  return ops->sum(p, limit, count, sum);
}

}  // namespace gridline::storage
