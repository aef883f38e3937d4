#include "ingest/greenbutton/espi_feed_parser.h"

#include <algorithm>
#include <charconv>
#include <deque>
#include <span>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "common/strings.h"
#include "common/time.h"
#include "fmt/format.h"
#include "ingest/greenbutton/espi_reading_type.h"
#include "ingest/greenbutton/xml_tokenizer.h"

namespace gridline::ingest {

namespace {

constexpr std::string_view kEspiNs = "http://naesb.org/espi";
constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
// Readings lie in [1970-01-01, 2200-01-01) UTC, as in every other format.
constexpr int64_t kMaxStart = 7'258'118'400;

// The elements the parser acts on. Leaves (kValue and after) carry text.
enum class El : uint8_t {
  kOther,
  kEntry,
  kLink,
  kUsagePoint,
  kMeterReading,
  kReadingType,
  kIntervalBlock,
  kLocalTimeParameters,
  kInterval,
  kIntervalReading,
  kTimePeriod,
  kReadingQuality,
  kValue,
  kCost,
  kStart,
  kDuration,
  kQuality,
  kUom,
  kPowerOfTen,
  kFlow,
  kAccumulation,
  kKind,
  kIntervalLength,
  kCurrency,
  kTzOffset,
  kDstOffset,
};

struct ElName {
  std::string_view local;
  bool atom;  // in the Atom namespace, else ESPI's
  El el;
};
constexpr ElName kNames[] = {
    {"entry", true, El::kEntry},
    {"link", true, El::kLink},
    {"UsagePoint", false, El::kUsagePoint},
    {"MeterReading", false, El::kMeterReading},
    {"ReadingType", false, El::kReadingType},
    {"IntervalBlock", false, El::kIntervalBlock},
    {"LocalTimeParameters", false, El::kLocalTimeParameters},
    {"interval", false, El::kInterval},
    {"IntervalReading", false, El::kIntervalReading},
    {"timePeriod", false, El::kTimePeriod},
    {"ReadingQuality", false, El::kReadingQuality},
    {"value", false, El::kValue},
    {"cost", false, El::kCost},
    {"start", false, El::kStart},
    {"duration", false, El::kDuration},
    {"quality", false, El::kQuality},
    {"uom", false, El::kUom},
    {"powerOfTenMultiplier", false, El::kPowerOfTen},
    {"flowDirection", false, El::kFlow},
    {"accumulationBehaviour", false, El::kAccumulation},
    {"kind", false, El::kKind},
    {"intervalLength", false, El::kIntervalLength},
    {"currency", false, El::kCurrency},
    {"tzOffset", false, El::kTzOffset},
    {"dstOffset", false, El::kDstOffset},
};

bool IsLeaf(El e) { return e >= El::kValue; }

El Classify(std::string_view uri, std::string_view local) {
  const bool atom = uri == kAtomNs;
  if (!uri.empty() && !atom && uri != kEspiNs) return El::kOther;
  if (local.empty()) return El::kOther;
  for (const ElName& n : kNames) {
    // The size and first letter first: most names differ there, without a call to memcmp.
    if (n.local.size() == local.size() && n.local[0] == local[0] && n.local == local &&
        (uri.empty() || n.atom == atom)) {
      return n.el;
    }
  }
  return El::kOther;
}

bool ParseInt(std::string_view text, int64_t* out) {
  text = StripSpaces(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && p == text.data() + text.size();
}

// The id after `UsagePoint/` in an ESPI href; empty when there is none.
std::string_view UsagePointId(std::string_view href) {
  constexpr std::string_view kKey = "UsagePoint/";
  const size_t at = href.find(kKey);
  if (at == std::string_view::npos) return {};
  std::string_view rest = href.substr(at + kKey.size());
  return rest.substr(0, rest.find('/'));
}

// Why a reading is refused; one table of field and reason.
enum class ReadingError : uint8_t {
  kNone,
  kNoStart,
  kBadStart,
  kBadDuration,
  kNoValue,
  kBadValue,
  kBadCost,
  kBadQuality
};
struct ReadingErrorText {
  const char* field;
  const char* reason;
};
constexpr ReadingErrorText kReadingErrors[] = {
    {"", ""},
    {"timePeriod", "IntervalReading has no timePeriod/start"},
    {"start", "not an integer count of seconds in 1970..2200"},
    {"duration", "not a positive integer count of seconds"},
    {"value", "IntervalReading has no value"},
    {"value", "not an integer in the int64 range"},
    {"cost", "not an integer in the int64 range"},
    {"quality", "not an ESPI ReadingQuality code (0, 7-19)"},
};

struct Reading {
  int64_t start = 0;
  int64_t duration = 0;  // 0 when absent
  int64_t value = 0;
  int64_t cost = 0;
  uint64_t line = 0;
  bool has_start = false;
  bool has_value = false;
  bool has_cost = false;
  Quality quality = Quality::kActual;
  ReadingError error = ReadingError::kNone;
};

struct Links {
  std::string self;
  std::string up;
  std::vector<std::string> related;
};

struct Block {
  Links links;
  uint64_t line = 0;
  std::vector<Reading> readings;
};

}  // namespace

struct EspiFeedParser::Impl : public XmlHandler {
  explicit Impl(EspiParseOptions o) : options(std::move(o)), tokenizer(this) {}

  // --- XmlHandler ---
  void StartElement(std::string_view uri, std::string_view local,
                    std::span<const XmlAttribute> attributes) override {
    Start(Classify(uri, local), attributes);
  }
  void EndElement() override { End(); }
  void Text(std::string_view s) override {
    if (capturing && error.empty()) Capture(s);
  }

  void Fail(std::string reason) {
    if (!error.empty()) return;
    error = fmt::format("line {}: {}", CurrentLine(), reason);
    tokenizer.Stop(absl::InvalidArgumentError(error));
  }
  uint64_t CurrentLine() const { return tokenizer.line(); }

  El Parent() const { return stack.empty() ? El::kOther : stack.back(); }
  bool Inside(El e) const { return std::find(stack.begin(), stack.end(), e) != stack.end(); }

  void Start(El el, std::span<const XmlAttribute> atts) {
    if (!error.empty()) return;
    if (stack.size() >= static_cast<size_t>(kMaxDepth)) {
      Fail(fmt::format("elements nested deeper than {}", kMaxDepth));
      return;
    }
    switch (el) {
      case El::kEntry:
        entry = Links();
        in_entry = true;
        entry_line = CurrentLine();
        entry_object = El::kOther;
        break;
      case El::kLink:
        if (in_entry) OnLink(atts);
        break;
      case El::kUsagePoint:
      case El::kMeterReading:
      case El::kLocalTimeParameters:
        if (in_entry) entry_object = el;
        break;
      case El::kReadingType:
        if (in_entry) entry_object = el;
        rt = EspiReadingType();
        break;
      case El::kIntervalBlock:
        if (in_entry) entry_object = el;
        if (!block_open) {
          block = Block();
          block.line = in_entry ? entry_line : CurrentLine();
          block_open = true;
        }
        break;
      case El::kIntervalReading:
        reading = Reading();
        reading.line = CurrentLine();
        break;
      default:
        break;
    }
    stack.push_back(el);
    capturing = IsLeaf(el);
    text.clear();
  }

  void OnLink(std::span<const XmlAttribute> atts) {
    std::string_view rel, href;
    for (const XmlAttribute& a : atts) {
      if (!a.uri.empty()) continue;
      if (a.local == "rel") rel = a.value;
      if (a.local == "href") href = a.value;
    }
    if (href.size() > kMaxFieldBytes) {
      Fail(fmt::format("link href longer than {} bytes", kMaxFieldBytes));
      return;
    }
    if (rel == "self") {
      entry.self = href;
    } else if (rel == "up") {
      entry.up = href;
    } else if (rel == "related") {
      if (entry.related.size() >= kMaxLinks) {
        Fail(fmt::format("more than {} related links in one entry", kMaxLinks));
        return;
      }
      entry.related.emplace_back(href);
    }
  }

  void Capture(std::string_view s) {
    if (text.size() + s.size() > kMaxFieldBytes) {
      Fail(fmt::format("text of one element longer than {} bytes", kMaxFieldBytes));
      return;
    }
    text.append(s);
  }

  void End() {
    if (!error.empty() || stack.empty()) return;
    const El el = stack.back();
    stack.pop_back();
    capturing = false;
    if (IsLeaf(el)) {
      Leaf(el, Parent());
      return;
    }
    switch (el) {
      case El::kIntervalReading:
        if (block_open) AddReading();
        break;
      case El::kIntervalBlock:
        // Several blocks of one entry share its links; a block outside any entry stands alone.
        if (!in_entry) CloseBlock();
        break;
      case El::kEntry:
        EndEntry();
        break;
      default:
        break;
    }
  }

  void RtField(El el, int64_t v) {
    switch (el) {
      case El::kUom:
        rt.uom = static_cast<int>(v);
        break;
      case El::kPowerOfTen:
        rt.power_of_ten = static_cast<int>(v);
        break;
      case El::kFlow:
        rt.flow = static_cast<int>(v);
        break;
      case El::kAccumulation:
        rt.accumulation = static_cast<int>(v);
        break;
      case El::kKind:
        rt.kind = static_cast<int>(v);
        break;
      case El::kIntervalLength:
        rt.interval_s = v;
        break;
      case El::kCurrency:
        rt.currency = static_cast<int>(v);
        break;
      default:
        break;
    }
  }

  void Leaf(El el, El parent) {
    int64_t v = 0;
    const bool ok = ParseInt(text, &v);
    if (parent == El::kReadingType) {
      if (el == El::kQuality || el == El::kValue || el == El::kCost || el == El::kStart ||
          el == El::kDuration || el == El::kTzOffset || el == El::kDstOffset) {
        return;
      }
      if (!ok || v < INT32_MIN || v > INT32_MAX) {
        Fail(fmt::format("ReadingType: {}: not an integer", text.substr(0, 40)));
        return;
      }
      if (el == El::kPowerOfTen && (v < -18 || v > 18)) {
        Fail(fmt::format("ReadingType: powerOfTenMultiplier {} is outside -18..18", v));
        return;
      }
      RtField(el, v);
      return;
    }
    if (parent == El::kLocalTimeParameters) {
      if (ok && el == El::kTzOffset) tz_offset = v, has_ltp = true;
      if (ok && el == El::kDstOffset) dst_offset = v;
      return;
    }
    const bool in_reading = parent == El::kIntervalReading;
    const bool in_period = parent == El::kTimePeriod && stack.size() >= 2 &&
                           stack[stack.size() - 2] == El::kIntervalReading;
    auto refuse = [&](ReadingError e) {
      if (reading.error == ReadingError::kNone) reading.error = e;
    };
    if (in_reading && el == El::kValue) {
      reading.has_value = true;
      if (!ok) refuse(ReadingError::kBadValue);
      reading.value = v;
    } else if (in_reading && el == El::kCost) {
      reading.has_cost = ok;
      if (!ok) refuse(ReadingError::kBadCost);
      reading.cost = v;
    } else if (in_period && el == El::kStart) {
      reading.has_start = true;
      if (!ok || v < 0 || v >= kMaxStart) refuse(ReadingError::kBadStart);
      reading.start = v;
    } else if (in_period && el == El::kDuration) {
      if (!ok || v <= 0 || v > 366 * 86400) refuse(ReadingError::kBadDuration);
      reading.duration = v;
    } else if (parent == El::kReadingQuality && el == El::kQuality &&
               Inside(El::kIntervalReading)) {
      std::optional<Quality> q;
      if (ok && v >= 0 && v < 1000) q = QualityFromEspi(static_cast<int>(v));
      if (!q.has_value()) {
        refuse(ReadingError::kBadQuality);
      } else {
        reading.quality = WorseQuality(reading.quality, *q);
      }
    }
  }

  void AddReading() {
    if (!reading.has_start) {
      reading.error = ReadingError::kNoStart;
    } else if (!reading.has_value && reading.error == ReadingError::kNone) {
      reading.error = ReadingError::kNoValue;
    }
    if (held + 1 > kMaxWaitingReadings) {
      Fail(fmt::format("more than {} readings wait for their ReadingType or in one IntervalBlock",
                       kMaxWaitingReadings));
      return;
    }
    ++held;
    block.readings.push_back(reading);
  }

  void EndEntry() {
    in_entry = false;
    bool new_link_target = false;
    switch (entry_object) {
      case El::kReadingType:
        if (!AddObject()) return;
        reading_types[entry.self] = rt;
        last_rt = rt;
        new_link_target = true;
        break;
      case El::kMeterReading:
        if (!AddObject()) return;
        for (const std::string& r : entry.related) related_to_mr[r] = entry.self;
        meter_readings[entry.self] = entry.related;
        new_link_target = true;
        break;
      case El::kUsagePoint:
        SeeUsagePoint(UsagePointId(entry.self));
        break;
      case El::kIntervalBlock:
        CloseBlock();
        break;
      default:
        break;
    }
    if (new_link_target) RetryWaiting();
  }

  bool AddObject() {
    if (++objects > kMaxObjects) {
      Fail(fmt::format("more than {} ReadingType and MeterReading entries", kMaxObjects));
      return false;
    }
    return true;
  }

  void SeeUsagePoint(std::string_view id) {
    if (id.empty() || usage_points.contains(AbslView(id))) return;
    if (usage_points.size() >= kMaxObjects) {
      Fail(fmt::format("more than {} UsagePoints", kMaxObjects));
      return;
    }
    usage_points.emplace(std::string(id));
    if (!options.meter.empty() && usage_points.size() > 1) {
      Fail(fmt::format(
          "--meter names the meter of a feed with one UsagePoint, and this one has a second "
          "(UsagePoint/{}): leave --meter out to take the ids from the feed",
          id.substr(0, 64)));
    }
  }

  void CloseBlock() {
    if (!block_open) return;
    block_open = false;
    block.links = std::move(entry);
    entry = Links();
    SeeUsagePoint(UsagePointId(block.links.self));
    SeeUsagePoint(UsagePointId(block.links.up));
    if (!error.empty()) return;
    if (!TryEmit(block, /*at_end=*/false)) waiting.push_back(std::move(block));
    block = Block();
  }

  // The MeterReading of a block: by its self or up href cut at `/IntervalBlock`, or by a
  // MeterReading's related link naming either. nullptr when none is known yet.
  const std::string* MeterReadingOf(const Links& l) const {
    for (const std::string* h : {&l.self, &l.up}) {
      if (h->empty()) continue;
      const size_t cut = h->rfind("/IntervalBlock");
      if (cut != std::string::npos) {
        auto it = meter_readings.find(AbslView(std::string_view(*h).substr(0, cut)));
        if (it != meter_readings.end()) return &it->first;
      }
      auto r = related_to_mr.find(*h);
      if (r != related_to_mr.end()) return &r->second;
    }
    return nullptr;
  }

  const EspiReadingType* ReadingTypeOf(const std::string& mr) const {
    auto it = meter_readings.find(mr);
    if (it == meter_readings.end()) return nullptr;
    for (const std::string& r : it->second) {
      auto t = reading_types.find(r);
      if (t != reading_types.end()) return &t->second;
    }
    return nullptr;
  }

  bool TryEmit(Block& b, bool at_end) {
    const std::string* mr = MeterReadingOf(b.links);
    const EspiReadingType* type = mr != nullptr ? ReadingTypeOf(*mr) : nullptr;
    if (type == nullptr) {
      if (!at_end) return false;
      if (reading_types.size() == 1) {
        type = &last_rt;
        ++blocks_only_type;
      } else {
        type = &default_rt;
        ++blocks_default_type;
      }
    }
    std::string_view meter = options.meter;
    if (meter.empty()) meter = UsagePointId(b.links.self);
    if (meter.empty()) meter = UsagePointId(b.links.up);
    if (meter.empty() && mr != nullptr) meter = UsagePointId(*mr);
    Emit(b, *type, meter);
    held -= b.readings.size();
    return true;
  }

  void RetryWaiting() {
    for (auto it = waiting.begin(); it != waiting.end();) {
      if (TryEmit(*it, false)) {
        it = waiting.erase(it);
      } else {
        ++it;
      }
    }
  }

  void RejectBlock(const Block& b, std::string field, std::string reason) {
    const uint64_t line = b.readings.empty() ? b.line : b.readings.front().line;
    out->errors.push_back(
        RowError{"", line - base_line, std::move(field),
                 fmt::format("{} ({} readings refused)", reason, b.readings.size())});
    out->rejected_readings += b.readings.size();
  }

  uint32_t MeterIndex(std::string_view meter) {
    auto it = meter_index.find(AbslView(meter));
    if (it != meter_index.end()) return it->second;
    const uint32_t i = static_cast<uint32_t>(out->meters.size());
    out->meters.emplace_back(meter);
    meter_index.emplace(std::string(meter), i);
    return i;
  }

  // The fall-back repair: reading i repeats reading i-1's start while reading i+1 starts two
  // intervals after it, so reading i is the interval in between.
  void RepairRepeatedStarts(std::vector<Reading>& rs, int64_t default_duration) {
    for (size_t i = 1; i + 1 < rs.size(); ++i) {
      Reading& r = rs[i];
      const Reading& prev = rs[i - 1];
      const int64_t d = r.duration > 0 ? r.duration : default_duration;
      if (r.error != ReadingError::kNone || prev.error != ReadingError::kNone || d <= 0) continue;
      if (r.start == prev.start && rs[i + 1].start == prev.start + 2 * d) {
        r.start += d;
        if (repairs++ == 0) first_repair = r.start;
      }
    }
  }

  void Emit(Block& b, const EspiReadingType& type, std::string_view meter) {
    if (b.readings.empty()) return;
    if (meter.empty()) {
      RejectBlock(b, "IntervalBlock",
                  "no UsagePoint href names the meter of this IntervalBlock: give --meter");
      return;
    }
    if (meter.size() > 128) {
      RejectBlock(b, "IntervalBlock", "the UsagePoint id in its href is longer than 128 bytes");
      return;
    }
    absl::StatusOr<EspiChannel> ch = ChannelOfReadingType(type);
    if (!ch.ok()) {
      RejectBlock(b, "ReadingType", std::string(ch.status().message()));
      return;
    }
    if (type.currency != kEspiCurrencyUsd) other_currency = type.currency;
    RepairRepeatedStarts(b.readings, type.interval_s);
    const uint32_t m = MeterIndex(meter);
    const bool keeps_cost =
        ch->channel == ChannelKind::kKwhDelivered || ch->channel == ChannelKind::kKwhNet;
    for (const Reading& r : b.readings) {
      const uint64_t rel = r.line - base_line;
      if (r.error != ReadingError::kNone) {
        const ReadingErrorText& t = kReadingErrors[static_cast<int>(r.error)];
        out->errors.push_back(RowError{"", rel, t.field, t.reason});
        ++out->rejected_readings;
        continue;
      }
      ParsedRow row;
      if (!ScaleEspiValue(r.value, ch->shift, &row.value)) {
        out->errors.push_back(RowError{
            "", rel, "value",
            fmt::format("{} x 10^{} is not a whole count of {}'s resolution or does not fit",
                        r.value, type.power_of_ten, GetChannelSpec(ch->channel).name)});
        ++out->rejected_readings;
        continue;
      }
      row.time = r.start;
      row.meter = m;
      row.line = static_cast<uint32_t>(rel);
      row.channel = ch->channel;
      row.quality = r.quality;
      out->rows.push_back(row);
      if (r.has_cost) {
        if (keeps_cost) {
          row.channel = ChannelKind::kCost;
          row.value = r.cost;
          out->rows.push_back(row);
        } else {
          ++costs_dropped;
        }
      }
    }
  }

  absl::Status Parse(const char* data, size_t n, bool last) {
    if (!error.empty()) return absl::InvalidArgumentError(error);
    absl::Status s = tokenizer.Feed(data, n, last);
    if (!s.ok()) {
      if (error.empty()) error = std::string(s.message());
      return s;
    }
    if (last) {
      if (block_open) CloseBlock();
      for (Block& b : waiting) TryEmit(b, /*at_end=*/true);
      waiting.clear();
      if (!error.empty()) return absl::InvalidArgumentError(error);
    }
    return absl::OkStatus();
  }

  uint64_t SafeLine() const {
    uint64_t line = CurrentLine();
    if (in_entry) line = std::min(line, entry_line);
    if (block_open) line = std::min(line, block.line);
    for (const Block& b : waiting) line = std::min(line, b.line);
    return line;
  }

  std::vector<std::string> Notes() const {
    std::vector<std::string> notes;
    if (repairs > 0) {
      notes.push_back(fmt::format(
          "{} reading(s) repeated the start of the reading before them while the next started two "
          "intervals later (the fall-back hour stamped twice, as PG&E does): each was moved one "
          "interval on, the first to {}",
          repairs, FormatIsoUtc(first_repair)));
    }
    if (blocks_only_type > 0) {
      notes.push_back(fmt::format(
          "{} IntervalBlock(s) have no ReadingType linked to them: read with the feed's only "
          "ReadingType",
          blocks_only_type));
    }
    if (blocks_default_type > 0) {
      notes.push_back(fmt::format(
          "{} IntervalBlock(s) have no ReadingType linked to them: read as ESPI's default, Wh "
          "delivered (uom 72, powerOfTenMultiplier 0)",
          blocks_default_type));
    }
    if (costs_dropped > 0) {
      notes.push_back(fmt::format(
          "{} cost(s) of received energy were not kept (a meter has one cost series, of delivered "
          "or net energy)",
          costs_dropped));
    }
    if (other_currency != 0) {
      notes.push_back(fmt::format(
          "costs are in ISO 4217 currency {}, not USD: the cost series holds them as given",
          other_currency));
    }
    if (has_ltp) {
      notes.push_back(fmt::format(
          "the feed's local time is UTC{:+03d}:{:02d} with {} s of daylight saving; readings are "
          "stored in UTC as the feed gives them",
          tz_offset / 3600, std::abs(tz_offset % 3600) / 60, dst_offset));
    }
    return notes;
  }

  EspiParseOptions options;
  XmlTokenizer tokenizer;
  std::string error;

  std::vector<El> stack;
  bool capturing = false;
  std::string text;

  bool in_entry = false;
  uint64_t entry_line = 0;
  El entry_object = El::kOther;
  Links entry;
  EspiReadingType rt;
  bool block_open = false;
  Block block;
  Reading reading;
  size_t held = 0;

  absl::flat_hash_map<std::string, EspiReadingType> reading_types;
  absl::flat_hash_map<std::string, std::vector<std::string>> meter_readings;
  absl::flat_hash_map<std::string, std::string> related_to_mr;
  absl::flat_hash_set<std::string> usage_points;
  size_t objects = 0;
  EspiReadingType last_rt;
  const EspiReadingType default_rt;
  std::deque<Block> waiting;

  ParsedBlock* out = nullptr;
  uint64_t base_line = 1;
  absl::flat_hash_map<std::string, uint32_t> meter_index;

  uint64_t repairs = 0;
  int64_t first_repair = 0;
  uint64_t blocks_only_type = 0;
  uint64_t blocks_default_type = 0;
  uint64_t costs_dropped = 0;
  int other_currency = 0;
  bool has_ltp = false;
  int64_t tz_offset = 0;
  int64_t dst_offset = 0;
};

EspiFeedParser::EspiFeedParser(EspiParseOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
EspiFeedParser::~EspiFeedParser() = default;

void EspiFeedParser::StartBlock(ParsedBlock* out, uint64_t base_line) {
  impl_->out = out;
  impl_->base_line = base_line;
  impl_->meter_index.clear();
}

absl::Status EspiFeedParser::Parse(const char* data, size_t n, bool last) {
  return impl_->Parse(data, n, last);
}

uint64_t EspiFeedParser::safe_line() const { return impl_->SafeLine(); }
uint64_t EspiFeedParser::line() const { return impl_->CurrentLine(); }
std::vector<std::string> EspiFeedParser::Notes() const { return impl_->Notes(); }

}  // namespace gridline::ingest
