// topology_input.cc: error formatting and row comparison for topology input (topology_input.h).
#include "topology/topology_input.h"

#include "fmt/format.h"

namespace gridline::topology {

std::string FormatTopologyError(const TopologyError& e) {
  if (e.where.line > 0)
    return fmt::format("{}:{}: {}: {}", e.file, e.where.line, e.field, e.reason);
  if (e.where.feature >= 0) {
    return fmt::format("{}:feature {}: {}: {}", e.file, e.where.feature, e.field, e.reason);
  }
  return fmt::format("{}: {}: {}", e.file, e.field, e.reason);
}

bool AssetRow::SameDefinition(const AssetRow& o) const {
  return id == o.id && kind == o.kind && parent_id == o.parent_id && valid_from == o.valid_from &&
         position == o.position && rating_kva == o.rating_kva && rating_a == o.rating_a &&
         customer_class == o.customer_class && pv == o.pv && ev == o.ev &&
         pricing_node == o.pricing_node && weather_station == o.weather_station &&
         attributes == o.attributes;
}

}  // namespace gridline::topology
