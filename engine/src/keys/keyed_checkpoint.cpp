#include "keys/keyed_checkpoint.hpp"

#include <charconv>
#include <stdexcept>
#include <string>

namespace event_engine {
namespace {

[[noreturn]] void refuse(const std::string& reason) {
  throw std::runtime_error("the keyed checkpoint " + reason);
}

std::uint64_t count_at(const nlohmann::json& object, const char* name) {
  const auto found = object.find(name);
  if (found == object.end()) return 0;
  if (!found->is_number_unsigned()) refuse(std::string("has a \"") + name + "\" that is not a count");
  return found->get<std::uint64_t>();
}

}  // namespace

nlohmann::json write_keyed_checkpoint(const KeyDirectory& keys, std::uint32_t count, nlohmann::json state,
                                      const DroppedKeys& dropped, const LastSeenTable* last_seen,
                                      const nlohmann::json* decisions) {
  std::size_t bytes = 0;
  for (std::uint32_t slot = 0; slot < count; ++slot) bytes += keys.key(slot).size() + 1;
  std::string names;
  names.reserve(bytes);
  for (std::uint32_t slot = 0; slot < count; ++slot) names.append(keys.key(slot)).push_back('\n');
  nlohmann::json checkpoint{{"key_count", count},
                            {"keys", std::move(names)},
                            {"state", std::move(state)},
                            {"dropped", {{"expired", dropped.expired}, {"removed", dropped.removed}}}};
  if (last_seen != nullptr) {
    std::string seen;
    seen.reserve(static_cast<std::size_t>(count) * 11);
    char digits[16];
    for (std::uint32_t slot = 0; slot < count && slot < last_seen->size(); ++slot) {
      const auto written = std::to_chars(digits, digits + sizeof digits, last_seen->read(slot));
      seen.append(digits, written.ptr).push_back(',');
    }
    checkpoint["last_seen"] = std::move(seen);
  }
  if (decisions != nullptr) checkpoint["decisions"] = *decisions;
  return checkpoint;
}

KeyedCheckpointReader::KeyedCheckpointReader(const nlohmann::json& checkpoint, std::size_t max_keys)
    : checkpoint_(checkpoint) {
  if (!checkpoint.is_object() || !checkpoint.contains("keys") || !checkpoint.contains("state") ||
      !checkpoint.contains("key_count") || !checkpoint.at("keys").is_string() ||
      !checkpoint.at("key_count").is_number_unsigned()) {
    throw std::runtime_error(
        "the checkpoint holds no keys (expected {\"key_count\": N, \"keys\": \"...\", \"state\": ...}): it "
        "was saved without process.keys");
  }
  const std::uint64_t count = checkpoint.at("key_count").get<std::uint64_t>();
  if (count > max_keys) {
    refuse("holds " + std::to_string(count) + " keys, more than process.keys.max_keys (" +
           std::to_string(max_keys) + ")");
  }
  count_ = static_cast<std::uint32_t>(count);
  names_ = checkpoint.at("keys").get_ref<const std::string&>();
}

std::string_view KeyedCheckpointReader::next_key() {
  const std::size_t end = names_.find('\n');
  if (read_ >= count_ || end == std::string_view::npos || end == 0)
    refuse("'s key " + std::to_string(read_) + " is missing or empty");
  const std::string_view key = names_.substr(0, end);
  names_.remove_prefix(end + 1);
  ++read_;
  return key;
}

void KeyedCheckpointReader::finish() const {
  if (read_ != count_ || !names_.empty()) refuse("holds more keys than its key_count");
}

DroppedKeys KeyedCheckpointReader::dropped() const {
  const auto found = checkpoint_.find("dropped");
  if (found == checkpoint_.end()) return {};
  if (!found->is_object()) refuse("has a \"dropped\" that is not an object");
  return {count_at(*found, "expired"), count_at(*found, "removed")};
}

nlohmann::json KeyedCheckpointReader::decisions() const {
  const auto found = checkpoint_.find("decisions");
  return found == checkpoint_.end() ? nlohmann::json() : *found;
}

bool KeyedCheckpointReader::read_last_seen(LastSeenTable& table) const {
  const auto found = checkpoint_.find("last_seen");
  if (found == checkpoint_.end()) return false;
  if (!found->is_string()) refuse("has a \"last_seen\" that is not a string");
  std::string_view text = found->get_ref<const std::string&>();
  table.clear();
  table.resize(count_);
  for (std::uint32_t slot = 0; slot < count_; ++slot) {
    std::uint32_t seconds = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (error != std::errc() || end == text.data() + text.size() || *end != ',')
      refuse("'s \"last_seen\" is not " + std::to_string(count_) + " times, each followed by \",\"");
    table.write(slot) = seconds;
    text.remove_prefix(static_cast<std::size_t>(end - text.data()) + 1);
  }
  if (!text.empty()) refuse("'s \"last_seen\" holds more times than keys");
  return true;
}

}  // namespace event_engine
