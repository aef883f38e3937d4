// rng.h: the simulator's random numbers. Every stream is a pure function of (seed, keys...), so a
// meter's reads depend on --seed and the meter's index only, never on thread count or fleet size.
//
// The generator is xoshiro256** (Blackman & Vigna, https://prng.di.unimi.it/) seeded through
// SplitMix64; normals come from a 4096-entry inverse-CDF table with linear interpolation, which is
// several times cheaper than Box-Muller and is exact enough for load noise (tails cut at ~3.7 sd).
#ifndef GRIDLINE_SIM_RNG_H_
#define GRIDLINE_SIM_RNG_H_

#include <cmath>
#include <cstdint>

namespace gridline::sim {

inline uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// Mixes keys into one 64-bit stream key.
inline uint64_t MixKeys(uint64_t seed, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
  uint64_t s = seed ^ 0x6a09e667f3bcc908ull;
  uint64_t h = SplitMix64(&s);
  s = h ^ (a * 0x9e3779b97f4a7c15ull);
  h = SplitMix64(&s);
  s = h ^ (b * 0xc2b2ae3d27d4eb4full);
  h = SplitMix64(&s);
  s = h ^ (c * 0x165667b19e3779f9ull);
  return SplitMix64(&s);
}

// Stream purposes, so that two uses of the same meter index never share numbers.
enum class Stream : uint64_t {
  kProfile = 1,
  kMeterDynamics = 2,
  kWeather = 3,
  kDefects = 4,
  kTopology = 5,
  kOutage = 6,
};

// Standard normal quantiles at (i + 0.5) / 4096 for i in [0, 4096], built once.
const float* NormalQuantileTable();

class Rng {
 public:
  Rng() : Rng(0) {}
  explicit Rng(uint64_t key) { Reseed(key); }
  Rng(uint64_t seed, Stream stream, uint64_t a = 0, uint64_t b = 0)
      : Rng(MixKeys(seed, static_cast<uint64_t>(stream), a, b)) {}

  void Reseed(uint64_t key) {
    uint64_t sm = key;
    for (uint64_t& w : s_) w = SplitMix64(&sm);
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  // Uniform integer in [lo, hi]. REQUIRES: lo <= hi.
  int64_t UniformInt(int64_t lo, int64_t hi) {
    const uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
    return lo + static_cast<int64_t>((static_cast<unsigned __int128>(Next()) * span) >> 64);
  }
  bool Bernoulli(double p) { return Uniform() < p; }

  // Standard normal (table based, see the file comment).
  double Normal() {
    const uint64_t r = Next();
    const uint32_t idx = static_cast<uint32_t>(r >> 52);                       // 12 bits
    const float frac = static_cast<float>((r >> 28) & 0xffffff) * 0x1.0p-24f;  // 24 bits
    const float* q = NormalQuantileTable();
    return q[idx] + (q[idx + 1] - q[idx]) * frac;
  }
  double Normal(double mean, double sd) { return mean + sd * Normal(); }
  // exp(N(mu, sigma)).
  double LogNormal(double mu, double sigma) { return std::exp(mu + sigma * Normal()); }
  double Exponential(double mean) { return -mean * std::log1p(-Uniform()); }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace gridline::sim

#endif  // GRIDLINE_SIM_RNG_H_
