// register_scale.cc: estimates rescaled to the register delta, rounded by largest remainder.
#include "vee/estimate/register_scale.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace gridline::vee {
namespace {

// The slot index of instant `t` when it lies on the grid within [0, size].
std::optional<size_t> Boundary(const EstimateInput& in, UnixSeconds t) {
  const int64_t offset = t - in.start_s;
  if (offset < 0 || offset % in.interval_s != 0) return std::nullopt;
  const auto i = static_cast<size_t>(offset / in.interval_s);
  if (i > in.values.size()) return std::nullopt;
  return i;
}

}  // namespace

bool ScaleToRegisters(const EstimateInput& in, const Gap& gap, std::span<SlotEstimate> out) {
  if (out.empty()) return false;
  const UnixSeconds gap_start = in.start_s + static_cast<int64_t>(gap.begin) * in.interval_s;
  const UnixSeconds gap_end = in.start_s + static_cast<int64_t>(gap.end) * in.interval_s;
  const RegisterRead* before = nullptr;
  const RegisterRead* after = nullptr;
  for (const RegisterRead& r : in.registers) {
    if (r.at_s <= gap_start && Boundary(in, r.at_s)) before = &r;
    if (r.at_s >= gap_end && Boundary(in, r.at_s) && after == nullptr) after = &r;
  }
  if (before == nullptr || after == nullptr) return false;
  if (after->at_s - before->at_s > kMaxRegisterSpanDays * kSecondsPerDay) return false;
  const size_t from = *Boundary(in, before->at_s), to = *Boundary(in, after->at_s);
  int64_t known = 0;
  for (size_t i = from; i < to; ++i) {
    if (i >= gap.begin && i < gap.end) continue;
    const std::optional<int64_t> v = KnownValue(in, gap, i);
    if (!v) return false;
    known += *v;
  }
  const int64_t target = after->wh - before->wh - known;
  if (in.delivered && target < 0) return false;
  double base_sum = 0;
  for (const SlotEstimate& s : out) {
    if (!s.wh) return false;
    base_sum += in.delivered ? std::max(0.0, *s.wh) : *s.wh;
  }
  const size_t n = out.size();
  std::vector<double> exact(n);
  for (size_t k = 0; k < n; ++k) {
    const double base = in.delivered ? std::max(0.0, *out[k].wh) : *out[k].wh;
    exact[k] = base_sum != 0 ? base * static_cast<double>(target) / base_sum
                             : static_cast<double>(target) / static_cast<double>(n);
  }
  // Largest remainder: floor every value, then give the Wh left over to the largest fractions.
  std::vector<int64_t> whole(n);
  int64_t assigned = 0;
  for (size_t k = 0; k < n; ++k) {
    whole[k] = static_cast<int64_t>(std::floor(exact[k]));
    assigned += whole[k];
  }
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return exact[a] - static_cast<double>(whole[a]) > exact[b] - static_cast<double>(whole[b]);
  });
  int64_t left = target - assigned;  // 0 <= left < n up to the doubles' rounding
  for (size_t i = 0; left > 0; i = (i + 1) % n, --left) ++whole[order[i]];
  for (size_t i = n; left < 0; --left) {
    i = (i + n - 1) % n;
    --whole[order[i]];
  }
  for (size_t k = 0; k < n; ++k) {
    out[k] = {static_cast<double>(whole[k]), EstimationMethod::kRegisterScaled};
  }
  return true;
}

}  // namespace gridline::vee
