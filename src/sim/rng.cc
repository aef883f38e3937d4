#include "sim/rng.h"

#include <cmath>

namespace gridline::sim {

namespace {

constexpr int kTableSize = 4097;

// Phi^-1(p) by bisection on erfc: built once, so clarity beats speed here.
double InverseNormalCdf(double p) {
  double lo = -10.0;
  double hi = 10.0;
  for (int i = 0; i < 200 && hi - lo > 1e-12; ++i) {
    const double mid = 0.5 * (lo + hi);
    const double cdf = 0.5 * std::erfc(-mid / std::sqrt(2.0));
    if (cdf < p) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

struct Table {
  float q[kTableSize];
  Table() {
    for (int i = 0; i < kTableSize; ++i) {
      q[i] = static_cast<float>(InverseNormalCdf((i + 0.5) / kTableSize));
    }
  }
};

}  // namespace

const float* NormalQuantileTable() {
  static const Table* table = new Table();  // never destroyed: used from worker threads at exit
  return table->q;
}

}  // namespace gridline::sim
