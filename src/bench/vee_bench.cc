// vee_bench.cc: hiding known reads of real households and scoring the estimation methods.
#include "bench/vee_bench.h"

#include <cmath>
#include <fstream>
#include <functional>
#include <random>

#include "absl/strings/str_cat.h"
#include "common/decimal.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "vee/estimate/edge_shape.h"
#include "vee/estimate/estimator.h"
#include "vee/estimate/holiday_list.h"
#include "vee/estimate/like_day.h"

namespace gridline::bench {
namespace {

constexpr int64_t kIntervalS = 1800;

using MethodRun =
    std::function<std::vector<vee::EstimatedSlot>(const vee::EstimateInput&, const vee::Gap&)>;
struct NamedMethod {
  std::string name;
  MethodRun run;
  bool registers = false;  // given the register reads (register_scaled only: LCL has none)
};

// Like EstimateGap, for a method outside the table (median7, the edge_shape variants).
MethodRun Raw(
    std::function<void(const vee::EstimateInput&, const vee::Gap&, std::span<vee::SlotEstimate>)>
        fn) {
  return [fn](const vee::EstimateInput& in, const vee::Gap& gap) {
    std::vector<vee::SlotEstimate> raw(gap.size());
    fn(in, gap, raw);
    std::vector<vee::EstimatedSlot> out(gap.size());
    for (size_t k = 0; k < raw.size(); ++k) {
      if (raw[k].wh) out[k].value_wh = std::max<int64_t>(0, std::llround(*raw[k].wh));
      out[k].method = raw[k].method;
    }
    return out;
  };
}

std::vector<NamedMethod> Methods(bool tune) {
  std::vector<NamedMethod> m;
  for (const vee::EstimationMethodSpec& spec : vee::AllEstimationMethods()) {
    const vee::EstimationMethod method = spec.method;
    m.push_back({std::string(spec.name),
                 [method](const vee::EstimateInput& in, const vee::Gap& gap) {
                   return vee::EstimateGap(in, gap, method);
                 },
                 method == vee::EstimationMethod::kRegisterScaled});
  }
  m.push_back({"default", vee::EstimateGapDefault});
  m.push_back(
      {"median7",
       Raw([](const vee::EstimateInput& in, const vee::Gap& gap, std::span<vee::SlotEstimate> out) {
         vee::EstimateLikeDay(in, gap, {.days = 7, .median = true, .any_day_type = true}, out);
       })});
  if (!tune) return m;
  // The grid the default's options were chosen from, on the training households.
  for (int days : {7, 10, 14}) {
    for (double decay : {2.0, 4.0}) {
      for (int edge : {1, 2}) {
        for (double weight : {0.75, 1.0}) {
          for (bool both : {false, true}) {
            vee::EdgeShapeOptions o;
            o.shape = {.days = days, .median = true, .any_day_type = true, .both_sides = both};
            o.edge_slots = edge;
            o.decay_slots = decay;
            o.edge_weight = weight;
            m.push_back(
                {absl::StrCat("edge_d", days, both ? "b" : "", "_k", static_cast<int>(decay), "_e",
                              edge, "_w", static_cast<int>(weight * 100)),
                 Raw([o](const vee::EstimateInput& in, const vee::Gap& gap,
                         std::span<vee::SlotEstimate> out) {
                   vee::EstimateEdgeShape(in, gap, o, out);
                 })});
          }
        }
      }
    }
  }
  return m;
}

// Daily register reads at local midnight, made from the truth at Wh resolution (the LCL files
// have none): what a register read is worth to the estimate.
std::vector<vee::RegisterRead> MidnightRegisters(const Household& h, const TimeZone& zone,
                                                 const vee::Gap& gap) {
  const UnixSeconds gap_start = h.start_s + static_cast<int64_t>(gap.begin) * kIntervalS;
  const UnixSeconds gap_end = h.start_s + static_cast<int64_t>(gap.end) * kIntervalS;
  const UnixSeconds from = zone.StartOfLocalDay(gap_start);
  const UnixSeconds to =
      gap_end == zone.StartOfLocalDay(gap_end) ? gap_end : zone.StartOfNextLocalDay(gap_end);
  if (from < h.start_s) return {};
  int64_t cumulative = 0;
  std::vector<vee::RegisterRead> reads = {{from, 0}};
  for (UnixSeconds t = from; t < to; t += kIntervalS) {
    const auto i = static_cast<size_t>((t - h.start_s) / kIntervalS);
    if (i >= h.wh.size() || !h.wh[i]) return {};
    cumulative += *h.wh[i];
  }
  reads.push_back({to, cumulative});
  return reads;
}

// Up to `count` gaps of one length in `h`, where the truth and both edges are present.
std::vector<vee::Gap> ChooseGaps(const Household& h, const TimeZone& zone, const GapLength& len,
                                 int count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const size_t first = static_cast<size_t>(kHistoryDays) * (kSecondsPerDay / kIntervalS);
  std::vector<vee::Gap> gaps;
  if (h.wh.size() < first + 200) return gaps;
  for (int attempt = 0; attempt < count * 20 && static_cast<int>(gaps.size()) < count; ++attempt) {
    size_t begin = first + rng() % (h.wh.size() - first - 100);
    size_t end = begin + static_cast<size_t>(len.seconds / kIntervalS);
    if (len.seconds == 0) {
      const UnixSeconds t = h.start_s + static_cast<int64_t>(begin) * kIntervalS;
      begin = static_cast<size_t>((zone.StartOfLocalDay(t) - h.start_s) / kIntervalS);
      end = static_cast<size_t>((zone.StartOfNextLocalDay(t) - h.start_s) / kIntervalS);
    }
    if (end + 1 > h.wh.size() || begin < first) continue;
    bool ok = h.wh[begin - 1].has_value() && h.wh[end].has_value();
    for (size_t i = begin; ok && i < end; ++i) ok = h.wh[i].has_value();
    bool overlaps = false;
    for (const vee::Gap& g : gaps) overlaps = overlaps || (begin < g.end + 1 && g.begin < end + 1);
    if (ok && !overlaps) gaps.push_back({begin, end});
  }
  return gaps;
}

}  // namespace

absl::StatusOr<Household> LoadLclHousehold(const std::string& dir, const std::string& id) {
  const std::string path = dir + "/" + id + ".csv";
  std::ifstream file(path);
  if (!file) return absl::NotFoundError(absl::StrCat(path, ": cannot read"));
  Household h;
  h.id = id;
  std::string line;
  std::vector<std::pair<UnixSeconds, int64_t>> reads;
  for (size_t line_no = 1; std::getline(file, line); ++line_no) {
    if (line_no == 1) continue;  // header
    const std::string_view text = StripSpaces(line);
    if (text.empty()) continue;
    const size_t c1 = text.find(','), c2 = text.find(',', c1 + 1);
    if (c1 == std::string_view::npos || c2 == std::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat(path, ":", line_no, ": expected 3 fields"));
    }
    ParsedTime t;
    if (const char* why = ParseTimestamp(text.substr(c1 + 1, c2 - c1 - 1), &t)) {
      return absl::InvalidArgumentError(absl::StrCat(path, ":", line_no, ": tstp: ", why));
    }
    int64_t wh = 0;
    bool rounded = false;
    if (ParseScaledDecimal(text.substr(c2 + 1), 3, true, &wh, &rounded) != DecimalStatus::kOk) {
      continue;  // `Null`: a missing read
    }
    if (t.seconds % kIntervalS != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", line_no, ": tstp: not on the half-hour"));
    }
    reads.push_back({t.seconds, wh});
  }
  if (reads.empty()) return absl::InvalidArgumentError(absl::StrCat(path, ": no readings"));
  std::sort(reads.begin(), reads.end());
  h.start_s = reads.front().first;
  const size_t slots = static_cast<size_t>((reads.back().first - h.start_s) / kIntervalS) + 1;
  if (slots > (size_t{1} << 22)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": spans too many half-hours"));
  }
  h.wh.assign(slots, std::nullopt);
  for (const auto& [t, wh] : reads) h.wh[static_cast<size_t>((t - h.start_s) / kIntervalS)] = wh;
  return h;
}

double VeeAccuracy::OverallMae(size_t method) const {
  double sum = 0;
  for (const Score& s : scores[method]) sum += s.Mae();
  return scores[method].empty() ? 0 : sum / static_cast<double>(scores[method].size());
}

std::optional<size_t> VeeAccuracy::Find(std::string_view method) const {
  for (size_t i = 0; i < methods.size(); ++i) {
    if (methods[i] == method) return i;
  }
  return std::nullopt;
}

absl::StatusOr<vee::ClassProfile> HouseholdProfile(const std::vector<Household>& households,
                                                   const TimeZone& zone,
                                                   const vee::HolidaySet& holidays) {
  std::vector<vee::EstimateInput> inputs;
  for (const Household& h : households) {
    vee::EstimateInput in;
    in.start_s = h.start_s;
    in.interval_s = kIntervalS;
    in.values = h.wh;
    in.zone = &zone;
    in.holidays = &holidays;
    inputs.push_back(in);
  }
  return vee::ClassProfile::FromMeters(inputs);
}

absl::StatusOr<VeeAccuracy> MeasureAccuracy(const std::vector<Household>& households,
                                            const VeeBenchOptions& options,
                                            const vee::HolidaySet& holidays,
                                            const vee::ClassProfile* profile) {
  GL_ASSIGN_OR_RETURN(const TimeZone zone, TimeZone::Load(options.zone));
  const std::vector<NamedMethod> methods = Methods(options.tune);
  VeeAccuracy acc;
  for (const NamedMethod& m : methods) acc.methods.push_back(m.name);
  acc.scores.assign(methods.size(), std::vector<Score>(std::size(kGapLengths)));
  for (size_t hi = 0; hi < households.size(); ++hi) {
    Household h = households[hi];  // a copy: the gap's reads are hidden in it
    for (size_t li = 0; li < std::size(kGapLengths); ++li) {
      const uint64_t seed = options.seed * 1000003 + hi * 101 + li;
      for (const vee::Gap& gap :
           ChooseGaps(h, zone, kGapLengths[li], options.gaps_per_length, seed)) {
        ++acc.gaps;
        std::vector<std::optional<int64_t>> truth(h.wh.begin() + gap.begin, h.wh.begin() + gap.end);
        const std::vector<vee::RegisterRead> registers = MidnightRegisters(h, zone, gap);
        for (size_t i = gap.begin; i < gap.end; ++i) h.wh[i] = std::nullopt;
        vee::EstimateInput in;
        in.start_s = h.start_s;
        in.interval_s = kIntervalS;
        in.values = h.wh;
        in.zone = &zone;
        in.holidays = &holidays;
        in.class_profile = profile;
        vee::EstimateInput with_registers = in;
        with_registers.registers = registers;
        for (size_t mi = 0; mi < methods.size(); ++mi) {
          const std::vector<vee::EstimatedSlot> est =
              methods[mi].run(methods[mi].registers ? with_registers : in, gap);
          Score& s = acc.scores[mi][li];
          for (size_t k = 0; k < truth.size(); ++k) {
            if (k >= est.size() || !est[k].value_wh) {
              ++s.unfilled;
              continue;
            }
            s.abs_error_wh += std::abs(static_cast<double>(*est[k].value_wh - *truth[k]));
            s.truth_wh += static_cast<double>(*truth[k]);
            ++s.reads;
          }
        }
        for (size_t k = 0; k < truth.size(); ++k) h.wh[gap.begin + k] = truth[k];
      }
    }
  }
  return acc;
}

absl::Status RunVeeBench(const VeeBenchOptions& options, const EmitFn& emit) {
  if (options.set != "test" && options.set != "train" && options.set != "all") {
    return absl::InvalidArgumentError("--set: test, train or all");
  }
  GL_ASSIGN_OR_RETURN(const vee::HolidaySet holidays, vee::LoadHolidayFile(options.holidays_file));
  GL_ASSIGN_OR_RETURN(const TimeZone zone, TimeZone::Load(options.zone));
  std::vector<Household> train, measured;
  for (const std::string& id : kVeeTrainHouseholds) {
    GL_ASSIGN_OR_RETURN(Household h, LoadLclHousehold(options.lcl_dir, id));
    train.push_back(std::move(h));
  }
  GL_ASSIGN_OR_RETURN(const vee::ClassProfile profile, HouseholdProfile(train, zone, holidays));
  if (options.set != "test") measured = train;
  if (options.set != "train") {
    for (const std::string& id : kVeeTestHouseholds) {
      GL_ASSIGN_OR_RETURN(Household h, LoadLclHousehold(options.lcl_dir, id));
      measured.push_back(std::move(h));
    }
  }
  const Clock::time_point t0 = Clock::now();
  GL_ASSIGN_OR_RETURN(const VeeAccuracy acc,
                      MeasureAccuracy(measured, options, holidays, &profile));
  int64_t hidden = 0;
  for (const Score& s : acc.scores[0]) hidden += s.reads + s.unfilled;
  for (size_t mi = 0; mi < acc.methods.size(); ++mi) {
    for (size_t li = 0; li < std::size(kGapLengths); ++li) {
      const Score& s = acc.scores[mi][li];
      const std::string suffix = absl::StrCat(acc.methods[mi], "_", AbslView(kGapLengths[li].name));
      emit(absl::StrCat("vee_mae_", suffix), s.Mae(), "Wh");
      emit(absl::StrCat("vee_mape_", suffix), s.Mape(), "%");
      if (s.unfilled > 0) emit(absl::StrCat("vee_unfilled_", suffix), s.unfilled, "reads");
    }
    emit(absl::StrCat("vee_mae_", acc.methods[mi], "_all"), acc.OverallMae(mi), "Wh");
  }
  const std::optional<size_t> def = acc.Find("default"), mdma = acc.Find("mdma_rule");
  if (def && mdma && acc.OverallMae(*mdma) > 0) {
    emit("vee_default_vs_mdma_mae_ratio", acc.OverallMae(*def) / acc.OverallMae(*mdma), "ratio");
  }
  emit("vee_households", static_cast<double>(measured.size()), "households");
  emit("vee_gaps", static_cast<double>(acc.gaps), "gaps");
  emit("vee_hidden_reads", static_cast<double>(hidden), "reads");
  emit("vee_bench_s", Seconds(t0, Clock::now()), "s");
  return absl::OkStatus();
}

}  // namespace gridline::bench
