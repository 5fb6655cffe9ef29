#include "adapter/forgetting_table.hpp"

#include <charconv>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace binomial_grid {

ForgettingTable::ForgettingTable(Forgetting forgetting)
    : forgetting_(forgetting),
      discount_per_event_(
          forgetting.clock == ForgettingClock::events ? discount_per_event(forgetting.half_life) : 1.0) {}

namespace {

// The batch's time: its send time where the broker stated one, else its arrival (now).
std::uint64_t batch_unix_ns(const event_engine::EventBatch& values) {
  if (values.sent_at_unix_ns() != 0) return values.sent_at_unix_ns();
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count());
}

}  // namespace

event_engine::ApplyResult ForgettingTable::apply(const event_engine::EventBatch& values,
                                                 const std::vector<std::uint32_t>& slots,
                                                 std::uint32_t slot_count, const TrialTokens& tokens,
                                                 event_engine::RejectedEvents& rejected) {
  counts_.resize(slot_count);
  const bool by_clock = forgetting_.clock == ForgettingClock::seconds;
  const std::uint64_t unix_ns = by_clock ? batch_unix_ns(values) : 0;
  const char* const bytes = values.bytes().data();
  const auto& ends = values.ends();
  std::uint64_t accepted = 0;
  std::uint32_t begin = 0;
  for (std::size_t index = 0; index < ends.size(); ++index) {
    const std::uint32_t end = ends[index];
    const TrialOutcome outcome = tokens.classify(std::string_view(bytes + begin, end - begin));
    begin = end;
    if (outcome == TrialOutcome::unknown) [[unlikely]] {
      rejected.add(static_cast<std::uint32_t>(index), "not a success or failure token");
      continue;
    }
    DiscountedCounts& counts = counts_.write(slots[index]);
    if (by_clock) {
      add_discounted_at(counts, unix_ns, forgetting_.half_life, outcome == TrialOutcome::success);
    } else {
      add_discounted(counts, discount_per_event_, outcome == TrialOutcome::success);
    }
    ++accepted;
  }
  events_ += accepted;
  return {accepted, values.size() - accepted};
}

DiscountedCounts ForgettingTable::counts_of(std::uint32_t slot) const noexcept {
  return slot < counts_.size() ? counts_.read(slot) : DiscountedCounts{};
}

void ForgettingTable::keep_slots(const std::vector<std::uint32_t>& kept) {
  counts_.keep_only(kept);
  events_ = 0;
  for (std::uint32_t slot = 0; slot < counts_.size(); ++slot) events_ += counts_.read(slot).events;
}

namespace {

// One field of every cell as one string, each value followed by ",": one JSON value for the
// whole table rather than one per key. Doubles are written shortest, which reads back exactly.
template <typename Value>
std::string joined(const event_engine::CopyOnWriteTable<DiscountedCounts>& table,
                   Value DiscountedCounts::*field) {
  std::string text;
  text.reserve(static_cast<std::size_t>(table.size()) * 8);
  char digits[32];
  for (std::uint32_t slot = 0; slot < table.size(); ++slot) {
    const auto written = std::to_chars(digits, digits + sizeof digits, table.read(slot).*field);
    text.append(digits, written.ptr).push_back(',');
  }
  return text;
}

// What joined() wrote, into `field` of each of the `slots` cells; false when the text is not
// `slots` values each followed by ",", or a double is not finite and >= 0.
template <typename Value>
bool read_joined(std::string_view text, std::uint32_t slots,
                 event_engine::CopyOnWriteTable<DiscountedCounts>& table, Value DiscountedCounts::*field) {
  for (std::uint32_t slot = 0; slot < slots; ++slot) {
    Value value{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end == text.data() + text.size() || *end != ',') return false;
    if constexpr (std::is_floating_point_v<Value>) {
      if (!(std::isfinite(value) && value >= 0.0)) return false;
    }
    table.write(slot).*field = value;
    text.remove_prefix(static_cast<std::size_t>(end - text.data()) + 1);
  }
  return text.empty();
}

}  // namespace

nlohmann::json ForgettingTable::keyed_json() const {
  nlohmann::json keyed{{"keys", counts_.size()},
                       {"w", joined(counts_, &DiscountedCounts::successes)},
                       {"l", joined(counts_, &DiscountedCounts::failures)},
                       {"n", joined(counts_, &DiscountedCounts::events)}};
  if (forgetting_.clock == ForgettingClock::seconds)
    keyed["t"] = joined(counts_, &DiscountedCounts::updated_unix_ns);
  return keyed;
}

void ForgettingTable::restore_keyed(const nlohmann::json& keyed) {
  const auto refuse = [](const std::string& reason) {
    throw std::runtime_error("binomial_grid keyed snapshot: " + reason);
  };
  const bool by_clock = forgetting_.clock == ForgettingClock::seconds;
  const auto text_of = [&](const char* field) -> const std::string& {
    const auto found = keyed.find(field);
    if (found == keyed.end() || !found->is_string())
      refuse(std::string("no \"") + field +
             "\" string in \"keyed\": the checkpoint was saved without forgetting");
    return found->get_ref<const std::string&>();
  };
  const nlohmann::json& keys = keyed.at("keys");
  if (!keys.is_number_unsigned() || keys.get<std::uint64_t>() > UINT32_MAX) refuse("\"keys\" is not a count");
  const auto slots = static_cast<std::uint32_t>(keys.get<std::uint64_t>());
  event_engine::CopyOnWriteTable<DiscountedCounts> counts;
  counts.resize(slots);
  if (!read_joined(text_of("w"), slots, counts, &DiscountedCounts::successes) ||
      !read_joined(text_of("l"), slots, counts, &DiscountedCounts::failures))
    refuse("\"w\" and \"l\" are not " + std::to_string(slots) + " numbers >= 0, each followed by \",\"");
  if (!read_joined(text_of("n"), slots, counts, &DiscountedCounts::events))
    refuse("\"n\" is not " + std::to_string(slots) + " whole numbers, each followed by \",\"");
  if (by_clock && !read_joined(text_of("t"), slots, counts, &DiscountedCounts::updated_unix_ns))
    refuse("\"t\" is not " + std::to_string(slots) + " whole numbers, each followed by \",\"");
  std::uint64_t events = 0;
  for (std::uint32_t slot = 0; slot < slots; ++slot) {
    const std::uint64_t key_events = counts.read(slot).events;
    if (key_events > std::numeric_limits<std::uint64_t>::max() - events) refuse("the counts overflow");
    events += key_events;
  }
  counts_ = std::move(counts);
  events_ = events;
}

}  // namespace binomial_grid
