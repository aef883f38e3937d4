// Tests of the 15/15 rule and its residual form over a tree (privacy_rule.h): the count and
// share thresholds at their edges, each component for each metric, and the differencing cases of
// docs/conventions.md (a parent whose small child is refused is refused, its passing siblings are
// not).
#include "rollup/privacy_rule.h"

#include <algorithm>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace gridline::rollup {
namespace {

// `n` customers of `wh` delivered each.
CustomerStats Equal(int64_t n, int64_t wh, int64_t received = 0) {
  CustomerStats s;
  for (int64_t i = 0; i < n; ++i) s.AddCustomer(wh, received);
  return s;
}

// EVIDENCE-OF 15/15 rule: at least 15 customers.
TEST(PrivacyRule, FifteenCustomersPassFourteenDoNot) {
  EXPECT_EQ(Test1515(Equal(15, 100), RollupMetric::kNet), Refusal::kNone);
  EXPECT_EQ(Test1515(Equal(14, 100), RollupMetric::kNet), Refusal::kFewCustomers);
  EXPECT_EQ(Test1515(Equal(1, 100), RollupMetric::kDelivered), Refusal::kFewCustomers);
  // An empty slot releases nothing about anyone.
  EXPECT_EQ(Test1515(CustomerStats(), RollupMetric::kNet), Refusal::kNone);
}

// EVIDENCE-OF 15/15 rule: no customer above 15 % of the energy (exactly 15 % passes).
TEST(PrivacyRule, ShareAboveFifteenPercentIsRefused) {
  CustomerStats s = Equal(17, 100);  // 1700 Wh
  s.AddCustomer(300, 0);             // 300 of 2000: exactly 15 %
  EXPECT_EQ(Test1515(s, RollupMetric::kDelivered), Refusal::kNone);
  CustomerStats t = Equal(17, 100);
  t.AddCustomer(301, 0);  // 301 of 2001: 15.04 %
  EXPECT_EQ(Test1515(t, RollupMetric::kDelivered), Refusal::kDominantDelivered);
  EXPECT_EQ(Test1515(t, RollupMetric::kNet), Refusal::kDominantDelivered);
  // received alone does not reveal delivered.
  EXPECT_EQ(Test1515(t, RollupMetric::kReceived), Refusal::kNone);
}

// Finding: net = delivered - received, so a caller with delivered and net of one slot learns
// received: net needs both components to pass; a slot where nobody exported passes.
TEST(PrivacyRule, NetNeedsReceivedToPassToo) {
  CustomerStats s = Equal(20, 100);
  EXPECT_EQ(Test1515(s, RollupMetric::kNet), Refusal::kNone);  // received 0 everywhere
  s.AddCustomer(100, 500);                                     // the one exporter
  EXPECT_EQ(Test1515(s, RollupMetric::kDelivered), Refusal::kNone);
  EXPECT_EQ(Test1515(s, RollupMetric::kNet), Refusal::kDominantReceived);
  EXPECT_EQ(Test1515(s, RollupMetric::kReceived), Refusal::kDominantReceived);
}

TEST(PrivacyRule, HugeSumsDoNotOverflow) {
  CustomerStats s = Equal(20, int64_t{1} << 58);
  EXPECT_EQ(Test1515(s, RollupMetric::kDelivered), Refusal::kNone);
}

// system <- substation S <- feeders A (big), B (small); system also holds unplaced meters.
struct Tree {
  std::vector<TreeNode> nodes = std::vector<TreeNode>(4);
  std::vector<int32_t> order = {2, 3, 1, 0};  // A, B, S, system
  Tree() {
    nodes[1].parent = 0;  // S
    nodes[2].parent = 1;  // A
    nodes[3].parent = 1;  // B
  }
};

// Finding: a parent minus its released children isolated a refused child's customers. A parent
// whose small child is refused is refused too, and so on up; its passing siblings stay public.
TEST(PrivacyRule, ParentOfASmallChildIsRefusedItsSiblingsAreNot) {
  Tree t;
  t.nodes[2].direct = Equal(40, 100);
  t.nodes[3].direct = Equal(1, 100);
  const std::vector<NodeVerdict> v = EvaluateTree(t.nodes, t.order, RollupMetric::kNet);
  EXPECT_TRUE(v[2].released());
  EXPECT_EQ(v[3].refusal, Refusal::kFewCustomers);
  // S holds 41 customers, but S - A is B's one customer.
  EXPECT_EQ(v[1].refusal, Refusal::kFewCustomers);
  EXPECT_TRUE(v[1].residual);
  EXPECT_EQ(v[1].tested.customers, 1);
  // And the system above it: system - A is still that customer.
  EXPECT_EQ(v[0].refusal, Refusal::kFewCustomers);
  EXPECT_TRUE(v[0].residual);
}

TEST(PrivacyRule, SmallChildrenThatTogetherPassLeaveTheParentPublic) {
  Tree t;
  t.nodes[2].direct = Equal(40, 100);
  t.nodes[3].direct = Equal(5, 100);
  t.nodes[1].direct = Equal(10, 100);  // customers directly under S (not under a feeder)
  const std::vector<NodeVerdict> v = EvaluateTree(t.nodes, t.order, RollupMetric::kNet);
  EXPECT_FALSE(v[3].released());
  // S - A is B's 5 and S's own 10: 15 customers of equal energy, which pass.
  EXPECT_TRUE(v[1].released()) << DescribeRefusal(v[1]);
  EXPECT_TRUE(v[0].released()) << DescribeRefusal(v[0]);
}

// Finding: `_system` minus the substations gave an unplaced meter's readings.
TEST(PrivacyRule, SystemMinusSubstationsWithOneUnplacedMeterIsRefused) {
  Tree t;
  t.nodes[2].direct = Equal(40, 100);
  t.nodes[3].direct = Equal(30, 100);
  t.nodes[0].direct = Equal(1, 100);  // the unplaced meter
  const std::vector<NodeVerdict> v = EvaluateTree(t.nodes, t.order, RollupMetric::kDelivered);
  EXPECT_TRUE(v[1].released());
  EXPECT_FALSE(v[0].released());
  EXPECT_TRUE(v[0].residual);
  EXPECT_EQ(v[0].tested.customers, 1);
  // Without it the system is public.
  t.nodes[0].direct = CustomerStats();
  EXPECT_TRUE(EvaluateTree(t.nodes, t.order, RollupMetric::kDelivered)[0].released());
}

TEST(PrivacyRule, ADominantCustomerInTheResidualRefusesTheParent) {
  Tree t;
  t.nodes[2].direct = Equal(40, 100);
  t.nodes[3].direct = Equal(20, 100);
  t.nodes[3].direct.AddCustomer(500, 0);  // 20 % of B: refused; 7.7 % of S: S alone passes
  const std::vector<NodeVerdict> v = EvaluateTree(t.nodes, t.order, RollupMetric::kDelivered);
  EXPECT_EQ(v[3].refusal, Refusal::kDominantDelivered);
  EXPECT_EQ(v[1].refusal, Refusal::kDominantDelivered);
  EXPECT_TRUE(v[1].residual);
  EXPECT_NE(DescribeRefusal(v[1]).find("outside its released parts"), std::string::npos);
}

TEST(PrivacyRule, DescribesWhy) {
  NodeVerdict v;
  v.refusal = Refusal::kFewCustomers;
  v.tested = Equal(1, 100);
  EXPECT_EQ(DescribeRefusal(v), "it holds 1 customer (at least 15 are needed)");
  v.refusal = Refusal::kDominantDelivered;
  v.tested = Equal(3, 100);
  EXPECT_NE(DescribeRefusal(v).find("33.4 % of the delivered energy"), std::string::npos);
}

// Differential: EvaluateTree (disjoint unions merged up the tree) against the rule computed from
// the customer sets themselves, on random trees and loads, for every metric.
TEST(PrivacyRule, EvaluateTreeEqualsTheRuleOnCustomerSets) {
  std::mt19937_64 rng(11);
  struct Customer {
    int node;
    int64_t d, r;
  };
  for (int round = 0; round < 500; ++round) {
    const int n = 1 + static_cast<int>(rng() % 7);
    std::vector<int32_t> parent(n, -1);
    std::vector<int> depth(n, 0);
    for (int i = 1; i < n; ++i) {
      parent[i] = static_cast<int32_t>(rng() % i);
      depth[i] = depth[parent[i]] + 1;
    }
    std::vector<Customer> customers;
    const int count = static_cast<int>(rng() % 80);
    for (int c = 0; c < count; ++c) {
      const int64_t d = rng() % 10 == 0 ? 50 + rng() % 500 : 10 + rng() % 20;
      const int64_t r = rng() % 4 == 0 ? static_cast<int64_t>(rng() % 30) : 0;
      customers.push_back({static_cast<int>(rng() % n), d, r});
    }
    auto inside = [&](int node, int ancestor) {
      for (int x = node; x >= 0; x = parent[x]) {
        if (x == ancestor) return true;
      }
      return false;
    };
    std::vector<int32_t> order(n);
    for (int i = 0; i < n; ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](int a, int b) { return depth[a] > depth[b]; });
    for (RollupMetric metric :
         {RollupMetric::kDelivered, RollupMetric::kReceived, RollupMetric::kNet}) {
      std::vector<TreeNode> nodes(n);
      for (int i = 0; i < n; ++i) nodes[i].parent = parent[i];
      for (const Customer& c : customers) nodes[c.node].direct.AddCustomer(c.d, c.r);
      const std::vector<NodeVerdict> got = EvaluateTree(nodes, order, metric);
      // The rule, from the sets: deepest first, so descendants are decided before their parent.
      std::vector<bool> released(n);
      for (const int32_t v : order) {
        CustomerStats all, rest;
        for (const Customer& c : customers) {
          if (!inside(c.node, v)) continue;
          all.AddCustomer(c.d, c.r);
          bool covered = false;
          for (int dsc = 0; dsc < n; ++dsc) {
            if (dsc != v && inside(dsc, v) && released[dsc] && inside(c.node, dsc)) covered = true;
          }
          if (!covered) rest.AddCustomer(c.d, c.r);
        }
        released[v] = Test1515(all, metric) == Refusal::kNone &&
                      (rest.customers == 0 || Test1515(rest, metric) == Refusal::kNone);
        ASSERT_EQ(got[v].released(), released[v]) << "round " << round << " node " << v;
      }
    }
  }
}

}  // namespace
}  // namespace gridline::rollup
