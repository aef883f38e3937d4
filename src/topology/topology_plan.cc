// topology_plan.cc: merging an input's rows per asset, resolving parents against the input and
// the current topology, and building the validated candidate (topology_plan.h).
#include "topology/topology_plan.h"

#include <algorithm>
#include <map>

#include "absl/container/flat_hash_map.h"
#include "common/status_macros.h"
#include "fmt/format.h"
#include "ingest/csv/csv_text.h"
#include "topology/topology_validator.h"

namespace gridline::topology {

namespace {

using storage::AssetId;

std::string Show(double v) { return fmt::format("{}", v); }
std::string Show(bool v) { return v ? "true" : "false"; }
std::string Show(const std::string& v) { return ingest::Shown(v); }
std::string Show(const LatLon& v) { return fmt::format("{}, {}", v.lat, v.lon); }

// A field of an asset as the input gives it: the first value and where it was given.
template <typename T>
struct Given {
  std::optional<T> value;
  SourceRef at;
};

// One asset named by the input: its rows merged.
struct Pending {
  std::string external_id;
  SourceRef first;       // its first row or route
  bool defined = false;  // some row defines it (not only routes)
  AssetKind kind = AssetKind::kMeter;
  SourceRef kind_at;
  Given<LatLon> position;
  Given<double> rating_kva;
  Given<double> rating_a;
  Given<std::string> customer_class;
  Given<bool> pv;
  Given<bool> ev;
  Given<std::string> pricing_node;
  Given<std::string> weather_station;
  std::map<std::string, Given<std::string>> attributes;
  std::map<int64_t, const AssetRow*> periods;  // valid_from -> the row
  std::vector<Route> routes;
  bool has_routes = false;
  AssetId id = 0;  // 0 until resolved (and when it cannot be)
  bool existing = false;
};

std::vector<std::shared_ptr<const AssetInfo>> Combine(const Topology& current,
                                                      const std::vector<AssetInfo>& changes) {
  absl::flat_hash_map<AssetId, const AssetInfo*> changed;
  for (const AssetInfo& c : changes) changed.emplace(c.id, &c);
  std::vector<std::shared_ptr<const AssetInfo>> all;
  all.reserve(current.size() + changes.size());
  for (AssetId id = 1; id < current.id_limit(); ++id) {
    if (changed.contains(id)) continue;
    if (const auto& a = current.Share(id)) all.push_back(a);
  }
  for (const AssetInfo& c : changes) all.push_back(std::make_shared<const AssetInfo>(c));
  return all;
}

class Planner {
 public:
  Planner(const TopologyInput& input, const Topology& current, const storage::Catalog* catalog)
      : input_(input), current_(current), catalog_(catalog) {}

  TopologyPlan Run() {
    plan_.errors = input_.errors;
    plan_.error_count = input_.error_count;
    for (const AssetRow& row : input_.rows) MergeRow(row);
    for (const RouteRow& route : input_.routes) {
      MergeRoute(route);
      plan_.counts.routes += route.lines.size();
    }
    ResolveIds();
    for (Pending& p : pending_) Build(p);
    // Shape checks only on an input that is right row by row: a row that failed would make
    // errors cascade (a bad feeder row turning into "unknown parent" on all its transformers).
    if (!plan_.ok()) return SortedErrors();
    std::shared_ptr<const Topology> candidate = Topology::Create(Combine(current_, plan_.changes));
    ValidateTopology(*candidate, sources_, [&](SourceRef where, std::string field,
                                               std::string reason) {
      Error(where, std::move(field), std::move(reason));
    });
    if (plan_.ok()) plan_.candidate = std::move(candidate);
    return SortedErrors();
  }

 private:
  // The plan with its errors in input order (found in several passes).
  TopologyPlan SortedErrors() {
    std::stable_sort(plan_.errors.begin(), plan_.errors.end(),
                     [](const TopologyError& a, const TopologyError& b) {
                       return std::pair(a.where.line, a.where.feature) <
                              std::pair(b.where.line, b.where.feature);
                     });
    return std::move(plan_);
  }

  void Error(SourceRef where, std::string field, std::string reason) {
    ++plan_.error_count;
    if (plan_.errors.size() < kMaxKeptErrors) {
      plan_.errors.push_back(TopologyError{input_.file, where, std::move(field), std::move(reason)});
    }
  }

  Pending& Find(const std::string& id, SourceRef at) {
    auto [it, inserted] = index_.try_emplace(id, pending_.size());
    if (inserted) {
      pending_.emplace_back();
      pending_.back().external_id = id;
      pending_.back().first = at;
    }
    return pending_[it->second];
  }

  template <typename T>
  void Merge(const char* name, const std::optional<T>& value, const AssetRow& row, Given<T>* to) {
    if (!value) return;
    if (!to->value) {
      to->value = value;
      to->at = row.source;
    } else if (!(*to->value == *value)) {
      Error(row.source, name,
            fmt::format("{} differs from {} given for '{}' at {}", Show(*value), Show(*to->value),
                        row.id, DescribeSource(to->at)));
    }
  }

  void MergeRow(const AssetRow& row) {
    Pending& p = Find(row.id, row.source);
    if (auto same = p.periods.find(row.valid_from); same != p.periods.end()) {
      if (same->second->SameDefinition(row)) return;  // an exact repeat
      Error(row.source, "asset_id",
            fmt::format("duplicate: '{}' is defined differently at {}{}", row.id,
                        DescribeSource(same->second->source),
                        row.valid_from == kBeginningOfTime ? "" : " with the same valid_from"));
      return;
    }
    if (p.defined && p.kind != row.kind) {
      Error(row.source, "kind",
            fmt::format("'{}' is a {} here and a {} at {}", row.id, AssetKindName(row.kind),
                        AssetKindName(p.kind), DescribeSource(p.kind_at)));
      return;
    }
    if (!p.defined) {
      p.defined = true;
      p.kind = row.kind;
      p.kind_at = row.source;
    }
    p.periods.emplace(row.valid_from, &row);
    Merge("lat", row.position, row, &p.position);
    Merge("rating_kva", row.rating_kva, row, &p.rating_kva);
    Merge("rating_a", row.rating_a, row, &p.rating_a);
    Merge("customer_class", row.customer_class, row, &p.customer_class);
    Merge("pv", row.pv, row, &p.pv);
    Merge("ev", row.ev, row, &p.ev);
    Merge("pricing_node", row.pricing_node, row, &p.pricing_node);
    Merge("weather_station", row.weather_station, row, &p.weather_station);
    for (const auto& [key, value] : row.attributes) {
      Merge(key.c_str(), std::optional<std::string>(value), row, &p.attributes[key]);
    }
  }

  void MergeRoute(const RouteRow& route) {
    Pending& p = Find(route.asset_id, route.source);
    p.routes.insert(p.routes.end(), route.lines.begin(), route.lines.end());
    p.has_routes = true;
  }

  void ResolveIds() {
    // Provisional ids start past every id the catalog had when planning began; an id the
    // catalog gives later (a concurrent import) is treated as new, and AssignIds() finds it.
    const AssetId catalog_end =
        catalog_ == nullptr ? 1 : static_cast<AssetId>(catalog_->asset_count() + 1);
    plan_.first_provisional_id = std::max<AssetId>({current_.id_limit(), catalog_end, 1});
    AssetId next = plan_.first_provisional_id;
    for (Pending& p : pending_) {
      if (std::optional<AssetId> id = current_.FindByExternalId(p.external_id)) {
        p.id = *id;
        p.existing = true;
        continue;
      }
      if (!p.defined) {
        Error(p.first, "asset_id",
              fmt::format("unknown asset '{}': a route belongs to an asset in this file or in "
                          "the topology",
                          p.external_id));
        continue;
      }
      std::optional<AssetId> known;
      if (catalog_ != nullptr) known = catalog_->FindAsset(p.external_id);
      p.id = known && *known < plan_.first_provisional_id ? *known : next++;
    }
  }

  // The id `parent_id` names (in the input or the topology), or 0 after reporting it unknown.
  AssetId ResolveParent(const AssetRow& row) {
    if (auto it = index_.find(row.parent_id); it != index_.end()) {
      const Pending& p = pending_[it->second];
      if (p.defined || p.existing) return p.id;
    }
    if (std::optional<AssetId> id = current_.FindByExternalId(row.parent_id)) return *id;
    Error(row.source, "parent_id",
          fmt::format("unknown parent '{}' (not in this file nor in the topology)", row.parent_id));
    return 0;
  }

  template <typename T>
  static void Patch(const Given<T>& given, T* field) {
    if (given.value) *field = *given.value;
  }
  template <typename T>
  static void Patch(const Given<T>& given, std::optional<T>* field) {
    if (given.value) *field = *given.value;
  }

  void Build(Pending& p) {
    if (p.id == 0) return;
    AssetInfo info;
    if (p.existing) {
      info = *current_.Find(p.id);
    } else {
      info.id = p.id;
      info.external_id = p.external_id;
    }
    if (p.defined) info.kind = p.kind;
    Patch(p.position, &info.position);
    Patch(p.rating_kva, &info.rating_kva);
    Patch(p.rating_a, &info.rating_a);
    Patch(p.customer_class, &info.customer_class);
    Patch(p.pv, &info.pv);
    Patch(p.ev, &info.ev);
    Patch(p.pricing_node, &info.pricing_node);
    Patch(p.weather_station, &info.weather_station);
    for (const auto& [key, given] : p.attributes) {
      auto it = std::lower_bound(info.attributes.begin(), info.attributes.end(), key,
                                 [](const auto& a, const std::string& k) { return a.first < k; });
      if (it != info.attributes.end() && it->first == key) {
        it->second = *given.value;
      } else {
        info.attributes.emplace(it, key, *given.value);
      }
    }
    if (p.has_routes) info.routes = p.routes;

    bool moved = false;
    AssetSources& sources = sources_[p.id];
    sources.first = p.first;
    for (const auto& [from, row] : p.periods) {
      sources.periods.emplace_back(from, row->source);
      AssetId parent = 0;
      if (!row->parent_id.empty() && (parent = ResolveParent(*row)) == 0) continue;
      auto it = std::lower_bound(info.parents.begin(), info.parents.end(), from,
                                 [](const ParentPeriod& q, int64_t f) { return q.from < f; });
      if (it != info.parents.end() && it->from == from) {
        it->parent = parent;
      } else {
        info.parents.insert(it, ParentPeriod{from, parent});
        moved = p.existing;
      }
    }
    if (!p.existing) {
      ++plan_.counts.added;
    } else if (moved) {
      ++plan_.counts.moved;
    } else if (!(info == *current_.Find(p.id))) {
      ++plan_.counts.updated;
    } else {
      ++plan_.counts.unchanged;
      sources_.erase(p.id);
      return;
    }
    plan_.changes.push_back(std::move(info));
  }

  const TopologyInput& input_;
  const Topology& current_;
  const storage::Catalog* catalog_;
  TopologyPlan plan_;
  absl::flat_hash_map<std::string, size_t> index_;
  std::vector<Pending> pending_;
  SourceMap sources_;
};

}  // namespace

std::string DescribeSource(const SourceRef& s) {
  if (s.line > 0) return fmt::format("line {}", s.line);
  if (s.feature >= 0) return fmt::format("feature {}", s.feature);
  return "the file";
}

TopologyPlan PlanTopologyChange(const TopologyInput& input, const Topology& current,
                                const storage::Catalog* catalog) {
  return Planner(input, current, catalog).Run();
}

std::shared_ptr<const Topology> AssignIds(const Topology& current, storage::Catalog* catalog,
                                          TopologyPlan* plan) {
  GL_CHECK(plan->ok() && plan->candidate != nullptr);
  absl::flat_hash_map<AssetId, AssetId> real;
  bool renumbered = false;
  for (const AssetInfo& c : plan->changes) {
    if (c.id < plan->first_provisional_id) continue;
    GL_CHECK(catalog != nullptr);
    const AssetId id = catalog->FindOrAddAsset(c.external_id, c.kind);
    real.emplace(c.id, id);
    renumbered |= id != c.id;
  }
  if (!renumbered) return plan->candidate;
  for (AssetInfo& c : plan->changes) {
    if (auto it = real.find(c.id); it != real.end()) c.id = it->second;
    for (ParentPeriod& p : c.parents) {
      if (auto it = real.find(p.parent); it != real.end()) p.parent = it->second;
    }
  }
  plan->candidate = Topology::Create(Combine(current, plan->changes));
  return plan->candidate;
}

}  // namespace gridline::topology
