#include "ingest/csv/meter_table.h"

#include "fmt/format.h"
#include "ingest/csv/csv_text.h"

namespace gridline::ingest {

std::string MeterIdProblem(std::string_view id) {
  if (id.empty()) return "empty meter id";
  if (id.size() > kMaxMeterIdBytes) {
    return fmt::format("meter id is {} bytes long; at most {} are allowed", id.size(),
                       kMaxMeterIdBytes);
  }
  const auto* p = reinterpret_cast<const unsigned char*>(id.data());
  const auto* end = p + id.size();
  while (p < end) {
    if (*p < 0x20 || *p == 0x7F) {
      return fmt::format("meter id contains the control character 0x{:02X} at byte {}", *p,
                         p - reinterpret_cast<const unsigned char*>(id.data()) + 1);
    }
    const size_t n = Utf8SequenceLength(p, end);
    if (n == 0) {
      return fmt::format("meter id is not valid UTF-8 (byte {})",
                         p - reinterpret_cast<const unsigned char*>(id.data()) + 1);
    }
    p += n;
  }
  return std::string();
}

void MeterTable::Reset(std::vector<std::string>* meters) {
  meters_ = meters;
  index_.clear();
  for (size_t i = 0; i < meters->size(); ++i) {
    index_.emplace((*meters)[i], static_cast<uint32_t>(i));
  }
}

uint32_t MeterTable::Intern(std::string_view id) {
  const absl::string_view key(id.data(), id.size());
  auto it = index_.find(key);
  if (it != index_.end()) return it->second;
  const auto index = static_cast<uint32_t>(meters_->size());
  meters_->emplace_back(id);
  index_.emplace(std::string(id), index);
  return index;
}

}  // namespace gridline::ingest
