// topology_test_util.h: helpers for the topology tests: parse CSV text and apply it to an
// in-memory topology (no store), and print errors for failure messages.
#ifndef GRIDLINE_TOPOLOGY_TOPOLOGY_TEST_UTIL_H_
#define GRIDLINE_TOPOLOGY_TOPOLOGY_TEST_UTIL_H_

#include <memory>
#include <string>

#include "storage/catalog.h"
#include "topology/csv_topology_reader.h"
#include "topology/topology.h"
#include "topology/topology_plan.h"

namespace gridline::topology::testing {

inline constexpr char kHeader[] = "asset_id,kind,parent_id,lat,lon\n";

inline std::string Errors(const std::vector<TopologyError>& errors) {
  std::string s;
  for (const TopologyError& e : errors) s += FormatTopologyError(e) + "\n";
  return s;
}

// A topology held in memory with its own catalog, changed by CSV texts as an import would.
class MemoryTopology {
 public:
  // Plans `csv` against the current snapshot and, when it has no error, makes it current.
  TopologyPlan Apply(const std::string& csv) {
    TopologyInput input = ParseTopologyCsv(csv, "t.csv");
    TopologyPlan plan = PlanTopologyChange(input, *current_, &catalog_);
    if (plan.ok() && !plan.changes.empty()) current_ = AssignIds(*current_, &catalog_, &plan);
    return plan;
  }
  const Topology& t() const { return *current_; }
  std::shared_ptr<const Topology> snapshot() const { return current_; }
  storage::Catalog& catalog() { return catalog_; }
  // The id of an external id (the test fails on nullopt through value()).
  storage::AssetId Id(const std::string& external_id) const {
    return current_->FindByExternalId(external_id).value_or(0);
  }
  std::string Name(storage::AssetId id) const {
    const AssetInfo* a = current_->Find(id);
    return a == nullptr ? "?" : a->external_id;
  }
  std::vector<std::string> Names(const std::vector<storage::AssetId>& ids) const {
    std::vector<std::string> out;
    for (storage::AssetId id : ids) out.push_back(Name(id));
    return out;
  }

 private:
  storage::Catalog catalog_;
  std::shared_ptr<const Topology> current_ = std::make_shared<const Topology>();
};

}  // namespace gridline::topology::testing

#endif  // GRIDLINE_TOPOLOGY_TOPOLOGY_TEST_UTIL_H_
