// Stabilised forgetting, for a proportion that drifts: before each event a key's counts are
// discounted, W <- g*W + s and L <- g*L + f (s, f the event's success and failure, 0 or 1). The
// posterior stays prior * p^W * (1-p)^L, so forgetting tempers it toward the prior and never past
// it, and an event one half-life old weighs half as much as the newest. The discount g is
//   per event:  2^(-1/H) for half_life_events H, so W + L stays below 1/(1 - g);
//   by clock:   2^(-elapsed/T) for half_life_seconds T, elapsed since the key's last update.
// No allocation, lock or log: this is the per-event work of a forgetting keyed model.
#pragma once

#include <cmath>
#include <cstdint>

namespace binomial_grid {

enum class ForgettingClock { events, seconds };

struct Forgetting {
  ForgettingClock clock = ForgettingClock::events;
  // In events (>= 1) or seconds (> 0), as `clock` says.
  double half_life = 0;

  bool operator==(const Forgetting&) const = default;
};

// One key's state with forgetting: 32 bytes.
struct DiscountedCounts {
  double successes = 0;  // W
  double failures = 0;   // L
  // Every event the key took, undiscounted: its n.
  std::uint64_t events = 0;
  // With the seconds clock: the time W and L are discounted to, in ns since the Unix epoch.
  std::uint64_t updated_unix_ns = 0;
};

// g per event for half_life_events H: 2^(-1/H).
inline double discount_per_event(double half_life_events) { return std::exp2(-1.0 / half_life_events); }

// g over `elapsed_ns` for half_life_seconds T: 2^(-elapsed/T).
inline double discount_over(std::uint64_t elapsed_ns, double half_life_seconds) {
  return std::exp2(-(static_cast<double>(elapsed_ns) / 1e9) / half_life_seconds);
}

// One event: W <- discount * W + s, L <- discount * L + f.
inline void add_discounted(DiscountedCounts& counts, double discount, bool success) noexcept {
  counts.successes = discount * counts.successes + (success ? 1.0 : 0.0);
  counts.failures = discount * counts.failures + (success ? 0.0 : 1.0);
  ++counts.events;
}

// One event at `unix_ns`: the counts are first discounted over the time since their last update.
// A time before that update (events sent out of order) discounts nothing: the clock of a key
// never runs backwards.
inline void add_discounted_at(DiscountedCounts& counts, std::uint64_t unix_ns, double half_life_seconds,
                              bool success) noexcept {
  double discount = 1.0;
  if (unix_ns > counts.updated_unix_ns) {
    // A key's first event (W = L = 0) takes a discount of 0 here, which changes nothing.
    discount = discount_over(unix_ns - counts.updated_unix_ns, half_life_seconds);
    counts.updated_unix_ns = unix_ns;
  }
  add_discounted(counts, discount, success);
}

}  // namespace binomial_grid
