// privacy_rule.h: the 15/15 rule (docs/domain.md section 4, docs/conventions.md "Roles, tokens and
// privacy") on the customers of one aggregate in one quarter-hour, and its residual form over a
// tree of aggregates. Pure arithmetic, no I/O: privacy_check.h feeds it from the store.
// docs/privacy.md explains the choices.
//
// EVIDENCE-OF 15/15 rule: an aggregate is released only if it holds at least 15 customers and no
// customer has more than 15 % of its energy.
//
// Energy, per component. A quarter-hour of an aggregate carries delivered and received energy.
// The `delivered` metric reveals the delivered sum, `received` the received sum, and `net` their
// difference; since a caller may ask for delivered and net of the same slot and subtract, `net`
// is released only when both components pass. A component passes when its sum is 0 (nothing of
// anyone is in it) or its largest customer holds at most 15 % of it.
//
// The tree (EvaluateTree): a parent is released only if its own test passes and its customers
// that are not inside one of its released descendants are none or pass the same test, so that
// parent minus released children never isolates a small or dominated group.
#ifndef GRIDLINE_ROLLUP_PRIVACY_RULE_H_
#define GRIDLINE_ROLLUP_PRIVACY_RULE_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "rollup/rollup_reader.h"

namespace gridline::rollup {

inline constexpr int64_t kMinCustomers = 15;
inline constexpr int64_t kMaxSharePercent = 15;

// The customers of one aggregate in one quarter-hour: how many had a reading in it, and the sum
// and largest single customer of each energy component. Sets of customers merged with Merge must
// be disjoint (a customer sits under one node per slot).
struct CustomerStats {
  int64_t customers = 0;
  int64_t delivered_wh = 0;
  int64_t max_delivered_wh = 0;
  int64_t received_wh = 0;
  int64_t max_received_wh = 0;

  // One customer's energy in the slot (non-negative Wh of each component).
  void AddCustomer(int64_t delivered, int64_t received);
  void Merge(const CustomerStats& other);
};

enum class Refusal : uint8_t {
  kNone = 0,
  kFewCustomers,       // fewer than 15 customers
  kDominantDelivered,  // one customer has more than 15 % of the delivered energy
  kDominantReceived,   // ... of the received energy
};

// Why `stats` may not be released for `metric`; kNone when it may. An empty set (no customer
// read in the slot) passes: nothing about anyone is in it.
Refusal Test1515(const CustomerStats& stats, RollupMetric metric);

// One node of a tree of aggregates in one slot: its parent (an index into the same span, or -1
// for the root), and the customers that sit directly under it (not under a child node).
struct TreeNode {
  int32_t parent = -1;
  CustomerStats direct;
};

struct NodeVerdict {
  Refusal refusal = Refusal::kNone;
  bool residual = false;  // the refusal is of the customers outside released descendants
  CustomerStats tested;   // the set whose test failed (all customers, or the residual)
  bool released() const { return refusal == Refusal::kNone; }
};

// The verdict of every node. REQUIRES: `order` lists every node index once, each node after all
// its children (deepest first), and parents form a tree.
std::vector<NodeVerdict> EvaluateTree(std::span<const TreeNode> nodes,
                                      std::span<const int32_t> order, RollupMetric metric);

// "holds 3 customers (at least 15 are needed)", "one customer has 47 % of its delivered energy".
std::string DescribeRefusal(const NodeVerdict& verdict);

}  // namespace gridline::rollup

#endif  // GRIDLINE_ROLLUP_PRIVACY_RULE_H_
