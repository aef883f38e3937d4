// topology_plan.cc: merging an input's rows per asset, resolving parents against the input and
// the current topology, and building the validated candidate (topology_plan.h).
#include "topology/topology_plan.h"

#include <algorithm>

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

// One asset named by the input. Its rows are kept as pointers (the input outlives the plan):
// merging compares fields row against row, as an asset rarely has more than a couple of rows.
struct Pending {
  std::string_view external_id;
  SourceRef first;                    // its first row or route
  std::vector<const AssetRow*> rows;  // in input order, each with its own valid_from
  std::vector<const RouteRow*> routes;
  AssetId id = 0;  // 0 until resolved (and when it cannot be)
  bool existing = false;
  bool defined() const { return !rows.empty(); }  // some row defines it (not only routes)
};

// The value the first row of `p` that gives `field` gives, or nullptr.
template <typename T>
const std::optional<T>* FirstGiven(const Pending& p, std::optional<T> AssetRow::*field) {
  for (const AssetRow* r : p.rows) {
    if ((r->*field).has_value()) return &(r->*field);
  }
  return nullptr;
}

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
    const size_t named = input_.rows.size() + input_.routes.size();
    pending_.reserve(named);
    index_.reserve(named);
    sources_.reserve(named);
    plan_.changes.reserve(input_.rows.size());
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
    if (plan_.changes.empty()) return std::move(plan_);  // the current topology is valid
    std::shared_ptr<const Topology> candidate = Topology::Create(Combine(current_, plan_.changes));
    ValidateTopology(*candidate, sources_,
                     [&](SourceRef where, std::string field, std::string reason) {
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
      plan_.errors.push_back(
          TopologyError{input_.file, where, std::move(field), std::move(reason)});
    }
  }

  Pending& Find(std::string_view id, SourceRef at) {
    auto [it, inserted] = index_.try_emplace(id, pending_.size());
    if (inserted) {
      pending_.emplace_back();
      pending_.back().external_id = id;
      pending_.back().first = at;
    }
    return pending_[it->second];
  }

  // Reports `row` when it gives `field` differently from an earlier row of the same asset.
  template <typename T>
  void CheckAgrees(const char* name, std::optional<T> AssetRow::*field, const AssetRow& row,
                   const Pending& p) {
    if (!(row.*field).has_value()) return;
    for (const AssetRow* r : p.rows) {
      if ((r->*field).has_value() && !(*(r->*field) == *(row.*field))) {
        Error(row.source, name,
              fmt::format("{} differs from {} given for '{}' at {}", Show(*(row.*field)),
                          Show(*(r->*field)), row.id, DescribeSource(r->source)));
        return;
      }
    }
  }

  void MergeRow(const AssetRow& row) {
    Pending& p = Find(row.id, row.source);
    for (const AssetRow* r : p.rows) {
      if (r->valid_from != row.valid_from) continue;
      if (r->SameDefinition(row)) return;  // an exact repeat
      Error(row.source, "asset_id",
            fmt::format("duplicate: '{}' is defined differently at {}{}", row.id,
                        DescribeSource(r->source),
                        row.valid_from == kBeginningOfTime ? "" : " with the same valid_from"));
      return;
    }
    if (p.defined() && p.rows[0]->kind != row.kind) {
      Error(row.source, "kind",
            fmt::format("'{}' is a {} here and a {} at {}", row.id, AssetKindName(row.kind),
                        AssetKindName(p.rows[0]->kind), DescribeSource(p.rows[0]->source)));
      return;
    }
    const uint64_t errors = plan_.error_count;
    CheckAgrees("lat", &AssetRow::position, row, p);
    CheckAgrees("rating_kva", &AssetRow::rating_kva, row, p);
    CheckAgrees("rating_a", &AssetRow::rating_a, row, p);
    CheckAgrees("customer_class", &AssetRow::customer_class, row, p);
    CheckAgrees("pv", &AssetRow::pv, row, p);
    CheckAgrees("ev", &AssetRow::ev, row, p);
    CheckAgrees("pricing_node", &AssetRow::pricing_node, row, p);
    CheckAgrees("weather_station", &AssetRow::weather_station, row, p);
    for (const auto& [key, value] : row.attributes) {
      for (const AssetRow* r : p.rows) {
        const auto it =
            std::lower_bound(r->attributes.begin(), r->attributes.end(), key,
                             [](const auto& kv, const std::string& k) { return kv.first < k; });
        if (it != r->attributes.end() && it->first == key && it->second != value) {
          Error(row.source, key,
                fmt::format("{} differs from {} given for '{}' at {}", Show(value),
                            Show(it->second), row.id, DescribeSource(r->source)));
          break;
        }
      }
    }
    if (plan_.error_count == errors) p.rows.push_back(&row);
  }

  void MergeRoute(const RouteRow& route) {
    Find(route.asset_id, route.source).routes.push_back(&route);
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
      if (!p.defined()) {
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
      if (p.defined() || p.existing) return p.id;
    }
    if (std::optional<AssetId> id = current_.FindByExternalId(row.parent_id)) return *id;
    Error(row.source, "parent_id",
          fmt::format("unknown parent '{}' (not in this file nor in the topology)", row.parent_id));
    return 0;
  }

  template <typename T>
  static void Patch(const Pending& p, std::optional<T> AssetRow::*field, T* to) {
    if (const std::optional<T>* given = FirstGiven(p, field)) *to = **given;
  }
  template <typename T>
  static void Patch(const Pending& p, std::optional<T> AssetRow::*field, std::optional<T>* to) {
    if (const std::optional<T>* given = FirstGiven(p, field)) *to = **given;
  }

  void Build(Pending& p) {
    if (p.id == 0) return;
    AssetInfo info;
    if (p.existing) {
      info = *current_.Find(p.id);
    } else {
      info.id = p.id;
      info.external_id = std::string(p.external_id);
    }
    if (p.defined()) info.kind = p.rows[0]->kind;
    Patch(p, &AssetRow::position, &info.position);
    Patch(p, &AssetRow::rating_kva, &info.rating_kva);
    Patch(p, &AssetRow::rating_a, &info.rating_a);
    Patch(p, &AssetRow::customer_class, &info.customer_class);
    Patch(p, &AssetRow::pv, &info.pv);
    Patch(p, &AssetRow::ev, &info.ev);
    Patch(p, &AssetRow::pricing_node, &info.pricing_node);
    Patch(p, &AssetRow::weather_station, &info.weather_station);
    // Rows agree where they overlap (MergeRow), so the order they are applied in does not matter.
    for (const AssetRow* r : p.rows) {
      for (const auto& [key, value] : r->attributes) {
        auto it = std::lower_bound(info.attributes.begin(), info.attributes.end(), key,
                                   [](const auto& a, const std::string& k) { return a.first < k; });
        if (it != info.attributes.end() && it->first == key) {
          it->second = value;
        } else {
          info.attributes.emplace(it, key, value);
        }
      }
    }
    if (!p.routes.empty()) {
      info.routes.clear();
      for (const RouteRow* r : p.routes) {
        info.routes.insert(info.routes.end(), r->lines.begin(), r->lines.end());
      }
    }

    bool moved = false;
    AssetSources& sources = sources_[p.id];
    sources.first = p.first;
    std::vector<const AssetRow*> periods = p.rows;
    std::sort(periods.begin(), periods.end(),
              [](const AssetRow* a, const AssetRow* b) { return a->valid_from < b->valid_from; });
    for (const AssetRow* row : periods) {
      const int64_t from = row->valid_from;
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
  absl::flat_hash_map<std::string_view, size_t, std::hash<std::string_view>,
                      std::equal_to<std::string_view>>
      index_;  // views into the input's rows and routes
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
