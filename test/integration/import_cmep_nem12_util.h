// import_cmep_nem12_util.h: independent readers of the CMEP and NEM12 test files
// (test/data/cmep/, test/data/nem12/) for the integration tests: plain splitting and integer
// sums, none of the importer's code, so that the totals the store answers can be checked against
// the source files.
#ifndef GRIDLINE_TEST_INTEGRATION_IMPORT_CMEP_NEM12_UTIL_H_
#define GRIDLINE_TEST_INTEGRATION_IMPORT_CMEP_NEM12_UTIL_H_

#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace gridline::testing {

inline std::vector<std::string> SplitCommas(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) out.push_back(field);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

// "1.5" -> 1500 (thousandths), for decimals with at most 3 places.
inline int64_t Milli(const std::string& text) {
  const size_t dot = text.find('.');
  std::string whole = dot == std::string::npos ? text : text.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : text.substr(dot + 1);
  while (frac.size() < 3) frac += '0';
  const bool negative = !whole.empty() && whole[0] == '-';
  const int64_t v = std::stoll(whole.empty() || whole == "-" ? "0" : whole) * 1000;
  const int64_t f = std::stoll(frac.substr(0, 3));
  return negative ? v - f : v + f;
}

// The electric (commodity E) register reads of a CMEP file, in order: (meter, values).
inline std::vector<std::pair<std::string, std::vector<int64_t>>> CmepElectricReads(
    const std::string& text) {
  std::vector<std::pair<std::string, std::vector<int64_t>>> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f = SplitCommas(line);
    if (f.size() < 14 || f[0] != "MEPMD01" || f[9] != "E") continue;
    std::vector<int64_t> values;
    for (size_t i = 14; i + 2 < f.size(); i += 3) {
      values.push_back(Milli(f[i + 2]));
    }
    out.emplace_back(f[5], values);
  }
  return out;
}

// NEM12: the sum of the 300 values of each stream (NMI, suffix), in thousandths of the file's
// unit, and the stream's UOM.
struct Nem12Stream {
  std::string uom;
  int64_t sum_milli = 0;
  int64_t values = 0;
};
inline std::map<std::pair<std::string, std::string>, Nem12Stream> Nem12Sums(
    const std::string& text) {
  std::map<std::pair<std::string, std::string>, Nem12Stream> out;
  std::istringstream in(text);
  std::string line;
  std::pair<std::string, std::string> stream;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> f = SplitCommas(line);
    if (f.empty()) continue;
    if (f[0] == "200") {
      stream = {f[1], f[4]};
      out[stream].uom = f[7];
    } else if (f[0] == "300") {
      // 300, date, values..., then 5 fields.
      for (size_t i = 2; i + 5 < f.size(); ++i) {
        out[stream].sum_milli += Milli(f[i]);
        ++out[stream].values;
      }
    }
  }
  return out;
}

// The sum of the `value` column (thousandths) of `timestamp,value` or `timestamp,X,quality`
// output, and how many rows had a value.
inline std::pair<int64_t, int64_t> SumColumn(const std::string& csv, size_t column) {
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  int64_t sum = 0, rows = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> f = SplitCommas(line);
    if (f.size() <= column || f[column].empty()) continue;
    sum += Milli(f[column]);
    ++rows;
  }
  return {sum, rows};
}

}  // namespace gridline::testing

#endif  // GRIDLINE_TEST_INTEGRATION_IMPORT_CMEP_NEM12_UTIL_H_
