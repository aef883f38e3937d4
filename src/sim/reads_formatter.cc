#include "sim/reads_formatter.h"

#include <cstring>

#include "common/time.h"

namespace gridline::sim {

namespace {

constexpr char kDelivered[] = ",delivered,";
constexpr char kReceived[] = ",received,";
constexpr size_t kDeliveredLen = sizeof(kDelivered) - 1;
constexpr size_t kReceivedLen = sizeof(kReceived) - 1;
// Longest long-layout row: id (up to 20) + stamp 20 + channel 11 + value 14 + newline.
constexpr size_t kMaxLongRow = 72;

// Writes value_wh / 1000 with exactly three decimals ("0.219", "12.000"). REQUIRES: >= 0.
inline char* PutKwh(int32_t value_wh, char* p) {
  uint32_t v = static_cast<uint32_t>(value_wh);
  const uint32_t whole = v / 1000;
  const uint32_t frac = v % 1000;
  if (whole == 0) {
    *p++ = '0';
  } else {
    char tmp[10];
    int n = 0;
    uint32_t w = whole;
    while (w != 0) {
      tmp[n++] = static_cast<char>('0' + w % 10);
      w /= 10;
    }
    while (n > 0) *p++ = tmp[--n];
  }
  p[0] = '.';
  p[1] = static_cast<char>('0' + frac / 100);
  p[2] = static_cast<char>('0' + frac / 10 % 10);
  p[3] = static_cast<char>('0' + frac % 10);
  return p + 4;
}

void FormatStamps(int64_t utc_day, char (*stamps)[20], char* date) {
  std::string s;
  for (int i = 0; i < kSlotsPerDay; ++i) {
    s.clear();
    AppendIsoUtc((utc_day * kMinutesPerDay + i * kSlotMinutes) * 60, &s);
    std::memcpy(stamps[i], s.data(), 20);
  }
  std::memcpy(date, stamps[0], 10);
}

// Grows `out` by up to `reserve` bytes and returns where to write; Commit() trims.
inline char* Grow(std::string* out, size_t reserve) {
  const size_t old = out->size();
  out->resize(old + reserve);
  return out->data() + old;
}
inline void Commit(std::string* out, const char* end) { out->resize(end - out->data()); }

}  // namespace

void ReadsStats::Add(const ReadsStats& o) {
  rows += o.rows;
  delivered_rows += o.delivered_rows;
  received_rows += o.received_rows;
  duplicate_rows += o.duplicate_rows;
  late_rows += o.late_rows;
  missing_intervals += o.missing_intervals;
  outage_intervals += o.outage_intervals;
  spikes += o.spikes;
  bytes += o.bytes;
}

ReadsFormatter::ReadsFormatter(ReadsLayout layout, int id_digits)
    : layout_(layout), id_digits_(id_digits) {}

std::string ReadsFormatter::Header(ReadsLayout layout) {
  if (layout == ReadsLayout::kLong) return "meter_id,timestamp,channel,kwh\n";
  std::string h = "meter_id,date,channel";
  for (int s = 0; s < kSlotsPerDay; ++s) {
    const int m = s * kSlotMinutes;
    h += ',';
    h += static_cast<char>('0' + m / 600);
    h += static_cast<char>('0' + m / 60 % 10);
    h += ':';
    h += static_cast<char>('0' + m % 60 / 10);
    h += static_cast<char>('0' + m % 10);
  }
  h += '\n';
  return h;
}

void ReadsFormatter::PrepareDay(int64_t utc_day) {
  if (utc_day == day_) return;
  FormatStamps(utc_day, stamps_, date_);
  FormatStamps(utc_day - 1, prev_stamps_, prev_date_);
  day_ = utc_day;
}

char* ReadsFormatter::PutId(int64_t index, char* p) const {
  *p++ = 'M';
  uint64_t v = static_cast<uint64_t>(index);
  for (int i = id_digits_ - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return p + id_digits_;
}

void ReadsFormatter::AppendBlock(std::span<const MeterDay> block, std::string* out,
                                 std::string* late_out, ReadsStats* stats) {
  const size_t before = out->size() + late_out->size();
  for (const MeterDay& md : block) {
    PrepareDay(md.utc_day);
    const DayDefects& d = md.defects;
    stats->missing_intervals += static_cast<int64_t>(d.missing.count());
    stats->outage_intervals += static_cast<int64_t>(d.outage.count());
    stats->spikes += static_cast<int64_t>(d.spike.count());
    if (layout_ == ReadsLayout::kLong) {
      AppendLong(md, out, late_out, stats);
    } else {
      AppendWide(md, out, late_out, stats);
    }
  }
  stats->bytes += static_cast<int64_t>(out->size() + late_out->size() - before);
}

void ReadsFormatter::AppendLong(const MeterDay& md, std::string* out, std::string* late_out,
                                ReadsStats* stats) {
  const DayDefects& d = md.defects;
  char id[24];
  const size_t id_len = static_cast<size_t>(PutId(md.profile->index, id) - id);
  auto put_row = [&](char* p, const char* stamp, int channel, int32_t value) {
    std::memcpy(p, id, id_len);
    p += id_len;
    *p++ = ',';
    std::memcpy(p, stamp, 20);
    p += 20;
    if (channel == 0) {
      std::memcpy(p, kDelivered, kDeliveredLen);
      p += kDeliveredLen;
    } else {
      std::memcpy(p, kReceived, kReceivedLen);
      p += kReceivedLen;
    }
    p = PutKwh(value, p);
    *p++ = '\n';
    return p;
  };

  const int channels = md.has_received ? 2 : 1;
  char* p = Grow(out, kMaxLongRow * (kSlotsPerDay * channels));
  int64_t rows[2] = {0, 0};
  int64_t dup_rows = 0;
  const bool any_late = d.late[0].any() || d.late[1].any();
  for (int s = 0; s < kSlotsPerDay; ++s) {
    if (d.missing[s]) continue;
    if (!any_late || !d.late[0][s]) {
      p = put_row(p, stamps_[s], 0, md.values.delivered_wh[s]);
      ++rows[0];
    }
    if (channels == 2 && (!any_late || !d.late[1][s])) {
      p = put_row(p, stamps_[s], 1, md.values.received_wh[s]);
      ++rows[1];
    }
  }
  Commit(out, p);

  // Re-sent rows (their late twins travel with the late rows).
  const size_t dups = d.duplicate[0].count() + d.duplicate[1].count();
  if (dups > 0) {
    p = Grow(out, kMaxLongRow * dups);
    for (int c = 0; c < channels; ++c) {
      for (int s = 0; s < kSlotsPerDay; ++s) {
        if (!d.duplicate[c][s] || d.late[c][s] || d.missing[s]) continue;
        p = put_row(p, stamps_[s], c,
                    c == 0 ? md.values.delivered_wh[s] : md.values.received_wh[s]);
        ++dup_rows;
      }
    }
    Commit(out, p);
  }

  if (!md.late_rows.empty()) {
    p = Grow(late_out, kMaxLongRow * 2 * md.late_rows.size());
    for (const LateRow& r : md.late_rows) {
      p = put_row(p, prev_stamps_[r.slot], r.channel, r.value_wh);
      ++rows[r.channel];
      ++stats->late_rows;
      if (r.duplicated) {
        p = put_row(p, prev_stamps_[r.slot], r.channel, r.value_wh);
        ++dup_rows;
      }
    }
    Commit(late_out, p);
  }
  stats->delivered_rows += rows[0];
  stats->received_rows += rows[1];
  stats->duplicate_rows += dup_rows;
  stats->rows += rows[0] + rows[1] + dup_rows;
}

void ReadsFormatter::AppendWide(const MeterDay& md, std::string* out, std::string* late_out,
                                ReadsStats* stats) {
  const DayDefects& d = md.defects;
  char id[24];
  const size_t id_len = static_cast<size_t>(PutId(md.profile->index, id) - id);
  const int channels = md.has_received ? 2 : 1;
  // `cell(s)` returns the value to write at slot s, or -1 for an empty cell.
  auto put_line = [&](std::string* target, const char* date, int channel, auto cell) {
    char* p = Grow(target, 48 + kSlotsPerDay * 16);
    std::memcpy(p, id, id_len);
    p += id_len;
    *p++ = ',';
    std::memcpy(p, date, 10);
    p += 10;
    if (channel == 0) {
      std::memcpy(p, kDelivered, kDeliveredLen - 1);
      p += kDeliveredLen - 1;
    } else {
      std::memcpy(p, kReceived, kReceivedLen - 1);
      p += kReceivedLen - 1;
    }
    int64_t filled = 0;
    for (int s = 0; s < kSlotsPerDay; ++s) {
      *p++ = ',';
      const int32_t v = cell(s);
      if (v >= 0) {
        p = PutKwh(v, p);
        ++filled;
      }
    }
    *p++ = '\n';
    Commit(target, p);
    ++stats->rows;
    return filled;
  };

  for (int c = 0; c < channels; ++c) {
    const int32_t* values = c == 0 ? md.values.delivered_wh : md.values.received_wh;
    const int64_t n = put_line(
        out, date_, c, [&](int s) { return (d.missing[s] || d.late[c][s]) ? -1 : values[s]; });
    (c == 0 ? stats->delivered_rows : stats->received_rows) += n;
  }
  for (int c = 0; c < channels; ++c) {
    const int32_t* values = c == 0 ? md.values.delivered_wh : md.values.received_wh;
    bool any = false;
    for (int s = 0; s < kSlotsPerDay; ++s) {
      any |= d.duplicate[c][s] && !d.late[c][s] && !d.missing[s];
    }
    if (!any) continue;
    stats->duplicate_rows += put_line(out, date_, c, [&](int s) {
      return (d.duplicate[c][s] && !d.late[c][s] && !d.missing[s]) ? values[s] : -1;
    });
  }
  if (!md.late_rows.empty()) {
    for (int c = 0; c < 2; ++c) {
      int32_t cells[kSlotsPerDay];
      int32_t again[kSlotsPerDay];
      bool any = false;
      bool any_again = false;
      for (int s = 0; s < kSlotsPerDay; ++s) cells[s] = again[s] = -1;
      for (const LateRow& r : md.late_rows) {
        if (r.channel != c) continue;
        cells[r.slot] = r.value_wh;
        any = true;
        if (r.duplicated) {
          again[r.slot] = r.value_wh;
          any_again = true;
        }
      }
      if (any) {
        const int64_t n = put_line(late_out, prev_date_, c, [&](int s) { return cells[s]; });
        (c == 0 ? stats->delivered_rows : stats->received_rows) += n;
        stats->late_rows += n;
      }
      if (any_again) {
        stats->duplicate_rows += put_line(late_out, prev_date_, c, [&](int s) { return again[s]; });
      }
    }
  }
}

}  // namespace gridline::sim
