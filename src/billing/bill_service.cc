#include "billing/bill_service.h"

#include <chrono>
#include <cstdlib>

#include "common/deadline.h"
#include "common/json_bounds.h"
#include "common/json_writer.h"
#include "common/quality.h"
#include "common/status_macros.h"
#include "common/time.h"
#include "fmt/format.h"
#include "query/meter_series.h"
#include "query/series_reader.h"
#include "rocksdb/write_batch.h"
#include "storage/rocks_status.h"

namespace gridline::billing {

namespace {

constexpr char kSep = '\x1f';

std::string PeriodKey(std::string_view prefix, const std::string& meter, int64_t from_s,
                      int64_t to_s) {
  return fmt::format("{}{}{}{}{}{}", prefix, meter, kSep, FormatIsoUtc(from_s), kSep,
                     FormatIsoUtc(to_s));
}

std::string NowIso() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return FormatIsoUtc(std::chrono::duration_cast<std::chrono::seconds>(now).count());
}

// The meter's intervals on the plan's grid, from one snapshot.
absl::StatusOr<MeterIntervals> ReadIntervals(const storage::ReadView& view,
                                             const query::MeterSeries& delivered,
                                             const query::MeterSeries* received,
                                             const BillPlan& plan, int64_t to_s) {
  MeterIntervals in;
  in.delivered_wh.assign(plan.size(), std::nullopt);
  auto place = [&](std::vector<std::optional<int64_t>>* out, bool count_quality) {
    return [&, out, count_quality](const query::ReadingRow& r) {
      const int64_t i = (r.time - plan.start_s) / plan.interval_s;
      if (i < 0 || static_cast<size_t>(i) >= out->size()) return;
      // A processed slot nothing could fill stays missing: never billed as zero.
      if (r.quality == Quality::kMissing) return;
      (*out)[static_cast<size_t>(i)] = r.value;
      if (count_quality) ++in.quality_counts[static_cast<int>(r.quality)];
    };
  };
  GL_RETURN_IF_ERROR(query::ReadSeriesRange(view, delivered.series, delivered.info, plan.start_s,
                                            to_s, place(&in.delivered_wh, true), Deadline(),
                                            query::Layer::kValidated));
  if (received != nullptr) {
    in.received_wh.assign(plan.size(), std::nullopt);
    GL_RETURN_IF_ERROR(query::ReadSeriesRange(view, received->series, received->info, plan.start_s,
                                              to_s, place(&in.received_wh, false), Deadline(),
                                              query::Layer::kValidated));
  }
  return in;
}

void WriteRows(JsonWriter& w, const std::vector<Determinant>& rows) {
  WriteKey(w, "determinants");
  w.StartArray();
  for (const Determinant& d : rows) {
    w.StartObject();
    WriteKey(w, "name");
    WriteString(w, d.name);
    WriteKey(w, "value");
    WriteDecimal(w, d.value, d.scale);
    WriteKey(w, "scale");
    w.Int(d.scale);
    w.EndObject();
  }
  w.EndArray();
}

void WriteBillBody(JsonWriter& w, const StoredBill& b, bool with_source) {
  w.StartObject();
  WriteKey(w, "meter");
  WriteString(w, b.meter);
  WriteKey(w, "from");
  WriteString(w, FormatIsoUtc(b.from_s));
  WriteKey(w, "to");
  WriteString(w, FormatIsoUtc(b.to_s));
  WriteKey(w, "tariff");
  WriteString(w, b.tariff);
  WriteKey(w, "customer_class");
  WriteString(w, b.customer_class);
  WriteKey(w, "territory");
  WriteString(w, b.territory);
  WriteKey(w, "time_zone");
  WriteString(w, b.time_zone);
  WriteKey(w, "computed_at");
  WriteString(w, b.computed_at);
  WriteKey(w, "amount");
  WriteDecimal(w, b.result.amount_cents, 2);
  WriteRows(w, b.result.rows);
  if (with_source) {
    WriteKey(w, "tariff_file");
    WriteString(w, b.source.file);
    WriteKey(w, "tariff_text");
    WriteString(w, b.source.text);
    WriteKey(w, "holidays_text");
    WriteString(w, b.source.holidays_text);
  }
  w.EndObject();
}

std::string EncodeBill(const StoredBill& b) {
  std::string out;
  JsonStringSink sink(&out);
  JsonWriter w(sink);
  WriteBillBody(w, b, /*with_source=*/true);
  return out;
}

// Reads a decimal written by WriteDecimal at `scale` back to its integer.
absl::StatusOr<int64_t> ScaledOf(const rapidjson::Value& v, int scale) {
  if (!v.IsString()) return absl::DataLossError("stored bill: a number is not a number");
  int64_t out = 0;
  bool rounded = false;
  if (ParseScaledDecimal(v.GetString(), scale, false, &out, &rounded) != DecimalStatus::kOk) {
    return absl::DataLossError(fmt::format("stored bill: bad number '{}'", v.GetString()));
  }
  return out;
}

absl::StatusOr<std::string> StringOf(const rapidjson::Value& o, const char* key) {
  auto it = o.FindMember(key);
  if (it == o.MemberEnd() || !it->value.IsString()) {
    return absl::DataLossError(fmt::format("stored bill: '{}' missing", key));
  }
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

absl::StatusOr<StoredBill> DecodeBill(std::string_view text) {
  rapidjson::Document doc;
  JsonLimits limits;
  limits.max_string_bytes = size_t{8} << 20;
  absl::Status parsed = ParseBoundedJson(text, JsonNumbers::kAsText, limits, &doc);
  if (!parsed.ok() || !doc.IsObject()) {
    return absl::DataLossError(
        fmt::format("stored bill is not a bill record: {}", std::string(parsed.message())));
  }
  StoredBill b;
  GL_ASSIGN_OR_RETURN(b.meter, StringOf(doc, "meter"));
  GL_ASSIGN_OR_RETURN(std::string from, StringOf(doc, "from"));
  GL_ASSIGN_OR_RETURN(std::string to, StringOf(doc, "to"));
  GL_ASSIGN_OR_RETURN(b.from_s, ParseInstant(from));
  GL_ASSIGN_OR_RETURN(b.to_s, ParseInstant(to));
  GL_ASSIGN_OR_RETURN(b.tariff, StringOf(doc, "tariff"));
  GL_ASSIGN_OR_RETURN(b.customer_class, StringOf(doc, "customer_class"));
  GL_ASSIGN_OR_RETURN(b.territory, StringOf(doc, "territory"));
  GL_ASSIGN_OR_RETURN(b.time_zone, StringOf(doc, "time_zone"));
  GL_ASSIGN_OR_RETURN(b.computed_at, StringOf(doc, "computed_at"));
  GL_ASSIGN_OR_RETURN(b.source.file, StringOf(doc, "tariff_file"));
  GL_ASSIGN_OR_RETURN(b.source.text, StringOf(doc, "tariff_text"));
  GL_ASSIGN_OR_RETURN(b.source.holidays_text, StringOf(doc, "holidays_text"));
  auto rows = doc.FindMember("determinants");
  if (rows == doc.MemberEnd() || !rows->value.IsArray()) {
    return absl::DataLossError("stored bill: determinants missing");
  }
  for (const rapidjson::Value& r : rows->value.GetArray()) {
    if (!r.IsObject() || !r.HasMember("scale") || !r.HasMember("value")) {
      return absl::DataLossError("stored bill: bad determinant");
    }
    Determinant d;
    GL_ASSIGN_OR_RETURN(d.name, StringOf(r, "name"));
    d.scale = std::atoi(r["scale"].GetString());
    if (d.scale < 0 || d.scale > 9) return absl::DataLossError("stored bill: bad scale");
    GL_ASSIGN_OR_RETURN(d.value, ScaledOf(r["value"], d.scale));
    b.result.rows.push_back(std::move(d));
  }
  if (const Determinant* a = b.result.Find("amount")) b.result.amount_cents = a->value;
  return b;
}

absl::StatusOr<std::string> CustomerClass(const engine::Engine& engine, const std::string& meter) {
  std::shared_ptr<const topology::Topology> topo = engine.current_topology();
  if (topo != nullptr) {
    if (std::optional<storage::AssetId> id = topo->FindByExternalId(meter)) {
      if (const topology::AssetInfo* a = topo->Find(*id)) return a->customer_class;
    }
  }
  return std::string(topology::kDefaultCustomerClass);
}

}  // namespace

absl::StatusOr<StoredBill> ComputeStoredBill(const engine::Engine& engine, const std::string& meter,
                                             int64_t from_s, int64_t to_s,
                                             const TariffSource& source,
                                             const std::string& territory) {
  if (from_s >= to_s) return absl::InvalidArgumentError("--from must be before --to");
  GL_ASSIGN_OR_RETURN(Tariff tariff, ParseTariff(source));
  StoredBill b;
  b.meter = meter;
  b.from_s = from_s;
  b.to_s = to_s;
  b.tariff = tariff.name;
  b.territory = territory.empty() ? tariff.territory : territory;
  b.time_zone = tariff.zone.name();
  b.source = source;
  b.computed_at = NowIso();
  GL_ASSIGN_OR_RETURN(b.customer_class, CustomerClass(engine, meter));
  if (!tariff.classes.empty() && std::find(tariff.classes.begin(), tariff.classes.end(),
                                           b.customer_class) == tariff.classes.end()) {
    return absl::FailedPreconditionError(fmt::format("tariff {} serves {}; meter {} is {}",
                                                     tariff.name, fmt::join(tariff.classes, ", "),
                                                     meter, b.customer_class));
  }
  // The snapshot first: the series' coverage then includes everything it holds.
  std::unique_ptr<storage::ReadView> view = engine.store().NewReadView();
  const storage::Catalog& catalog = engine.store().catalog();
  GL_ASSIGN_OR_RETURN(query::MeterSeries delivered, query::FindMeterSeries(catalog, meter));
  auto received = query::FindMeterSeries(catalog, meter, "kwh_received");
  if (!received.ok() && !absl::IsNotFound(received.status())) return received.status();
  if (received.ok() && received->info.interval_s != delivered.info.interval_s) {
    return absl::InvalidArgumentError(fmt::format(
        "meter {}: kwh_received every {} s, kwh_delivered every {} s: netting needs one grid",
        meter, received->info.interval_s, delivered.info.interval_s));
  }
  GL_ASSIGN_OR_RETURN(BillPlan plan, PlanBill(tariff, from_s, to_s, delivered.info.interval_s));
  GL_ASSIGN_OR_RETURN(
      MeterIntervals in,
      ReadIntervals(*view, delivered, received.ok() ? &*received : nullptr, plan, to_s));
  GL_ASSIGN_OR_RETURN(b.result, ComputeBill(tariff, plan, in, b.territory));
  return b;
}

absl::StatusOr<StoredBill> RunBill(engine::Engine& engine, const std::string& meter,
                                   const PeriodText& period, const TariffSource& source,
                                   const std::string& territory) {
  GL_ASSIGN_OR_RETURN(Tariff tariff, ParseTariff(source));
  const std::string zone = period.tz.empty() ? tariff.zone.name() : period.tz;
  GL_ASSIGN_OR_RETURN(int64_t from_s, ParseInstant(period.from, zone));
  GL_ASSIGN_OR_RETURN(int64_t to_s, ParseInstant(period.to, zone));
  GL_ASSIGN_OR_RETURN(StoredBill b,
                      ComputeStoredBill(engine, meter, from_s, to_s, source, territory));
  const std::string key = PeriodKey(kBillKeyPrefix, meter, from_s, to_s);
  const std::string value = EncodeBill(b);
  storage::Store* store = engine.store();
  GL_RETURN_IF_ERROR(store->CommitExclusive([&](rocksdb::WriteBatch* batch) -> absl::Status {
    // Checked inside the exclusive commit, so two runs of one period cannot both keep a bill.
    bool exists = false;
    GL_RETURN_IF_ERROR(store->NewReadView()->ForEachMeta(
        key, [&](std::string_view k, std::string_view) { exists |= k == key; }));
    if (exists) {
      return absl::FailedPreconditionError(
          fmt::format("meter {} is already billed for {} .. {}; use `bill trueup` to recompute it",
                      meter, FormatIsoUtc(from_s), FormatIsoUtc(to_s)));
    }
    return storage::FromRocks(batch->Put(store->meta_cf(), key, value), "keeping the bill");
  }));
  return b;
}

absl::StatusOr<StoredTrueup> TrueUp(engine::Engine& engine, const std::string& meter,
                                    const PeriodText& period) {
  // The stored bill whose period the text names, read in the bill's own zone unless tz is given.
  GL_ASSIGN_OR_RETURN(std::vector<StoredBill> bills, ListBills(engine, meter, kMaxBillsListed));
  const StoredBill* found = nullptr;
  for (const StoredBill& b : bills) {
    const std::string zone = period.tz.empty() ? b.time_zone : period.tz;
    auto from = ParseInstant(period.from, zone);
    auto to = ParseInstant(period.to, zone);
    if (!from.ok()) return from.status();
    if (!to.ok()) return to.status();
    if (*from == b.from_s && *to == b.to_s) found = &b;
  }
  if (found == nullptr) {
    return absl::NotFoundError(
        fmt::format("meter {} has no stored bill for {} .. {} (`bill run` "
                    "keeps one; GET /api/v1/billing/bills lists them)",
                    meter, period.from, period.to));
  }
  const StoredBill& billed = *found;
  const int64_t from_s = billed.from_s, to_s = billed.to_s;
  GL_ASSIGN_OR_RETURN(StoredBill actual, ComputeStoredBill(engine, meter, from_s, to_s,
                                                           billed.source, billed.territory));
  StoredTrueup t;
  t.meter = meter;
  t.from_s = from_s;
  t.to_s = to_s;
  t.computed_at = actual.computed_at;
  // Every row of the bill, then any row only the recomputation has (an hour that now exports).
  for (const Determinant& d : billed.result.rows) {
    const Determinant* a = actual.result.Find(d.name);
    t.rows.push_back({d.name, d.value, a != nullptr ? a->value : 0, d.scale});
  }
  for (const Determinant& a : actual.result.rows) {
    if (billed.result.Find(a.name) == nullptr) t.rows.push_back({a.name, 0, a.value, a.scale});
  }
  const std::string prefix = PeriodKey(kTrueupKeyPrefix, meter, from_s, to_s) + kSep;
  storage::Store* store = engine.store();
  GL_RETURN_IF_ERROR(store->CommitExclusive([&](rocksdb::WriteBatch* batch) -> absl::Status {
    int64_t n = 0;
    GL_RETURN_IF_ERROR(store->NewReadView()->ForEachMeta(
        prefix, [&](std::string_view, std::string_view) { ++n; }));
    t.sequence = n + 1;
    return storage::FromRocks(
        batch->Put(store->meta_cf(), fmt::format("{}{:06}", prefix, t.sequence), TrueupJson(t)),
        "keeping the true-up");
  }));
  return t;
}

absl::StatusOr<std::vector<StoredBill>> ListBills(const engine::Engine& engine,
                                                  const std::string& meter, size_t limit) {
  const std::string prefix =
      meter.empty() ? std::string(kBillKeyPrefix) : std::string(kBillKeyPrefix) + meter + kSep;
  std::vector<StoredBill> out;
  absl::Status bad;
  GL_RETURN_IF_ERROR(
      engine.store().NewReadView()->ForEachMeta(prefix, [&](std::string_view, std::string_view v) {
        if (!bad.ok() || out.size() >= limit) return;
        auto b = DecodeBill(v);
        if (!b.ok()) {
          bad = b.status();
          return;
        }
        out.push_back(*std::move(b));
      }));
  GL_RETURN_IF_ERROR(bad);
  return out;
}

std::string BillCsv(const StoredBill& bill) {
  std::string out = "determinant,value\n";
  for (const Determinant& d : bill.result.rows) {
    out += d.name;
    out += ',';
    AppendScaledDecimal(d.value, d.scale, &out);
    out += '\n';
  }
  return out;
}

std::string BillJson(const StoredBill& bill) {
  std::string out;
  JsonStringSink sink(&out);
  JsonWriter w(sink);
  WriteBillBody(w, bill, /*with_source=*/false);
  out += '\n';
  return out;
}

std::string BillsJson(const std::vector<StoredBill>& bills) {
  std::string out;
  JsonStringSink sink(&out);
  JsonWriter w(sink);
  w.StartObject();
  WriteKey(w, "bills");
  w.StartArray();
  for (const StoredBill& b : bills) WriteBillBody(w, b, /*with_source=*/false);
  w.EndArray();
  w.EndObject();
  out += '\n';
  return out;
}

std::string TrueupCsv(const StoredTrueup& t) {
  std::string out = "determinant,billed,actual,difference\n";
  for (const TrueupRow& r : t.rows) {
    out += r.name;
    out += ',';
    AppendScaledDecimal(r.billed, r.scale, &out);
    out += ',';
    AppendScaledDecimal(r.actual, r.scale, &out);
    out += ',';
    AppendScaledDecimal(r.actual - r.billed, r.scale, &out);
    out += '\n';
  }
  return out;
}

std::string TrueupJson(const StoredTrueup& t) {
  std::string out;
  JsonStringSink sink(&out);
  JsonWriter w(sink);
  w.StartObject();
  WriteKey(w, "meter");
  WriteString(w, t.meter);
  WriteKey(w, "from");
  WriteString(w, FormatIsoUtc(t.from_s));
  WriteKey(w, "to");
  WriteString(w, FormatIsoUtc(t.to_s));
  WriteKey(w, "computed_at");
  WriteString(w, t.computed_at);
  WriteKey(w, "sequence");
  w.Int64(t.sequence);
  WriteKey(w, "determinants");
  w.StartArray();
  for (const TrueupRow& r : t.rows) {
    w.StartObject();
    WriteKey(w, "name");
    WriteString(w, r.name);
    WriteKey(w, "billed");
    WriteDecimal(w, r.billed, r.scale);
    WriteKey(w, "actual");
    WriteDecimal(w, r.actual, r.scale);
    WriteKey(w, "difference");
    WriteDecimal(w, r.actual - r.billed, r.scale);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return out;
}

}  // namespace gridline::billing
