#include "pipeline/model_host.hpp"

#include "keys/keyed_reads.hpp"

namespace event_engine {

// A keyed checkpoint holds its keys as one string, each key followed by "\n" (a key holds no
// control character), in slot order: at a million keys that is one JSON string of their bytes,
// where an array would be a million JSON values, several times the memory while it is saved.
nlohmann::json ModelHost::snapshot() const {
  const std::shared_ptr<const PublishedModel> state = published();
  if (!state->keys) return state->model->snapshot();
  std::size_t bytes = 0;
  for (std::uint32_t slot = 0; slot < state->key_count; ++slot) bytes += state->keys->key(slot).size() + 1;
  std::string keys;
  keys.reserve(bytes);
  for (std::uint32_t slot = 0; slot < state->key_count; ++slot)
    keys.append(state->keys->key(slot)).push_back('\n');
  return {{"key_count", state->key_count}, {"keys", std::move(keys)}, {"state", state->model->snapshot()}};
}

void ModelHost::restore_keyed(const nlohmann::json& snapshot) {
  if (!snapshot.is_object() || !snapshot.contains("keys") || !snapshot.contains("state") ||
      !snapshot.contains("key_count") || !snapshot.at("keys").is_string() ||
      !snapshot.at("key_count").is_number_unsigned()) {
    throw std::runtime_error(
        "the checkpoint holds no keys (expected {\"key_count\": N, \"keys\": \"...\", \"state\": ...}): it "
        "was "
        "saved without process.keys");
  }
  const std::uint64_t count = snapshot.at("key_count").get<std::uint64_t>();
  if (count > keys_->max_keys()) {
    throw std::runtime_error("the checkpoint holds " + std::to_string(count) +
                             " keys, more than process.keys.max_keys (" + std::to_string(keys_->max_keys()) +
                             ")");
  }
  auto restored = std::make_shared<KeyDirectory>(keys_->max_keys());
  std::string_view names = snapshot.at("keys").get_ref<const std::string&>();
  for (std::uint64_t slot = 0; slot < count; ++slot) {
    const std::size_t end = names.find('\n');
    if (end == std::string_view::npos || end == 0 || restored->slot_of(names.substr(0, end)) != slot)
      throw std::runtime_error("the checkpoint's key " + std::to_string(slot) +
                               " is missing, empty or seen twice");
    names.remove_prefix(end + 1);
  }
  if (!names.empty()) throw std::runtime_error("the checkpoint holds more keys than its key_count");
  model_->restore(snapshot.at("state"));
  keys_ = std::move(restored);
}

ModelView ModelHost::view() const { return state_view(*published()); }

}  // namespace event_engine
