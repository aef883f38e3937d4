#include "sim/meter_profile.h"

#include <algorithm>

namespace gridline::sim {

const char* CustomerClassName(CustomerClass c) {
  return c == CustomerClass::kCommercial ? "commercial" : "residential";
}

double MeterProfile::DesignPeakKw() const {
  double kw = customer_class == CustomerClass::kCommercial ? commercial.DesignPeakKw()
                                                           : residential.DesignPeakKw();
  if (has_ev) kw += ev.charger_kw;
  return kw;
}

MeterProfile DrawMeterProfile(uint64_t seed, int64_t index, const FleetMix& mix) {
  MeterProfile m;
  m.index = index;
  // One stream per attribute group, so changing a share does not reshuffle homes' habits.
  Rng kind(seed, Stream::kProfile, static_cast<uint64_t>(index), 0);
  const double class_u = kind.Uniform();
  const double pv_u = kind.Uniform();
  const double ev_u = kind.Uniform();
  m.customer_class =
      class_u < mix.commercial_share ? CustomerClass::kCommercial : CustomerClass::kResidential;
  if (m.customer_class == CustomerClass::kResidential) {
    m.has_pv = pv_u < mix.pv_share;
    m.has_ev = ev_u < mix.ev_share;
    Rng r(seed, Stream::kProfile, static_cast<uint64_t>(index), 1);
    m.residential = ResidentialParams::Draw(&r, mix.ac_share, mix.electric_heat_share);
  } else {
    Rng r(seed, Stream::kProfile, static_cast<uint64_t>(index), 2);
    m.commercial = CommercialParams::Draw(&r);
  }
  Rng pv(seed, Stream::kProfile, static_cast<uint64_t>(index), 3);
  m.pv = PvSystem::Draw(&pv);
  Rng ev(seed, Stream::kProfile, static_cast<uint64_t>(index), 4);
  m.ev = EvParams::Draw(&ev, m.residential.works_away ? m.residential.return_min : 17 * 60);
  return m;
}

int MeterIdDigits(int64_t meters) {
  int digits = 1;
  for (int64_t v = std::max<int64_t>(0, meters - 1); v >= 10; v /= 10) ++digits;
  return std::max(7, digits);
}

}  // namespace gridline::sim
