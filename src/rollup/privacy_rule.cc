// privacy_rule.cc: the 15/15 test and its residual form over a tree (privacy_rule.h).
#include "rollup/privacy_rule.h"

#include <algorithm>

#include "fmt/format.h"

namespace gridline::rollup {

namespace {

// max > 15 % of sum, in exact integers (128 bits: no overflow whatever the sums).
bool Dominated(int64_t max, int64_t sum) {
  if (sum <= 0) return false;
  return static_cast<__int128>(max) * 100 > static_cast<__int128>(sum) * kMaxSharePercent;
}

// "15.1": the share in percent with one decimal, rounded up (so a refused share never prints as
// the 15.0 that would pass).
std::string SharePercent(int64_t max, int64_t sum) {
  const int64_t permille =
      sum <= 0 ? 0 : static_cast<int64_t>((static_cast<__int128>(max) * 1000 + sum - 1) / sum);
  return fmt::format("{}.{}", permille / 10, permille % 10);
}

}  // namespace

void CustomerStats::AddCustomer(int64_t delivered, int64_t received) {
  ++customers;
  delivered_wh += delivered;
  received_wh += received;
  max_delivered_wh = std::max(max_delivered_wh, delivered);
  max_received_wh = std::max(max_received_wh, received);
}

void CustomerStats::Merge(const CustomerStats& other) {
  customers += other.customers;
  delivered_wh += other.delivered_wh;
  received_wh += other.received_wh;
  max_delivered_wh = std::max(max_delivered_wh, other.max_delivered_wh);
  max_received_wh = std::max(max_received_wh, other.max_received_wh);
}

Refusal Test1515(const CustomerStats& stats, RollupMetric metric) {
  if (stats.customers == 0) return Refusal::kNone;
  if (stats.customers < kMinCustomers) return Refusal::kFewCustomers;
  if (metric != RollupMetric::kReceived && Dominated(stats.max_delivered_wh, stats.delivered_wh)) {
    return Refusal::kDominantDelivered;
  }
  if (metric != RollupMetric::kDelivered && Dominated(stats.max_received_wh, stats.received_wh)) {
    return Refusal::kDominantReceived;
  }
  return Refusal::kNone;
}

std::vector<NodeVerdict> EvaluateTree(std::span<const TreeNode> nodes,
                                      std::span<const int32_t> order, RollupMetric metric) {
  std::vector<NodeVerdict> verdicts(nodes.size());
  // all: every customer below the node; residual: those not inside a released descendant.
  std::vector<CustomerStats> all(nodes.size()), residual(nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) all[i] = residual[i] = nodes[i].direct;
  for (const int32_t i : order) {
    NodeVerdict& v = verdicts[static_cast<size_t>(i)];
    v.tested = all[static_cast<size_t>(i)];
    v.refusal = Test1515(v.tested, metric);
    const CustomerStats& rest = residual[static_cast<size_t>(i)];
    if (v.released() && rest.customers != all[static_cast<size_t>(i)].customers) {
      // Some customers sit in released descendants: what is left must pass on its own, or
      // this node minus those descendants would isolate it.
      if (const Refusal r = Test1515(rest, metric); r != Refusal::kNone) {
        v.refusal = r;
        v.residual = true;
        v.tested = rest;
      }
    }
    const int32_t p = nodes[static_cast<size_t>(i)].parent;
    if (p < 0) continue;
    all[static_cast<size_t>(p)].Merge(all[static_cast<size_t>(i)]);
    // A released node's customers are covered by its own answer; a refused node's residual
    // is still exposed by differencing above it.
    if (!v.released()) residual[static_cast<size_t>(p)].Merge(residual[static_cast<size_t>(i)]);
  }
  return verdicts;
}

std::string DescribeRefusal(const NodeVerdict& v) {
  const char* of = v.residual ? "its customers outside its released parts" : "the aggregate";
  switch (v.refusal) {
    case Refusal::kNone:
      return "passes";
    case Refusal::kFewCustomers:
      return fmt::format("{}it holds {} customer{} (at least {} are needed){}",
                         v.residual ? "outside its released parts " : "", v.tested.customers,
                         v.tested.customers == 1 ? "" : "s", kMinCustomers,
                         v.residual ? ", which subtracting those parts would isolate" : "");
    case Refusal::kDominantDelivered:
      return fmt::format("one customer has {} % of the delivered energy of {} (at most {} %)",
                         SharePercent(v.tested.max_delivered_wh, v.tested.delivered_wh), of,
                         kMaxSharePercent);
    case Refusal::kDominantReceived:
      return fmt::format(
          "one customer has {} % of the received energy of {} (at most {} %; net needs both "
          "delivered and received to pass: metric=delivered may still be answered)",
          SharePercent(v.tested.max_received_wh, v.tested.received_wh), of, kMaxSharePercent);
  }
  return "refused";
}

}  // namespace gridline::rollup
