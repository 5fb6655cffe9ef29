#include "pipeline/model_host.hpp"

#include "keys/keyed_reads.hpp"

namespace event_engine {
nlohmann::json ModelHost::snapshot() const {
  const std::shared_ptr<const PublishedModel> state = published();
  if (!state->keys) return state->model->snapshot();
  nlohmann::json keys = nlohmann::json::array();
  keys.get_ref<nlohmann::json::array_t&>().reserve(state->key_count);
  for (std::uint32_t slot = 0; slot < state->key_count; ++slot) keys.push_back(state->keys->key(slot));
  return {{"keys", std::move(keys)}, {"state", state->model->snapshot()}};
}

void ModelHost::restore_keyed(const nlohmann::json& snapshot) {
  if (!snapshot.is_object() || !snapshot.contains("keys") || !snapshot.contains("state") ||
      !snapshot.at("keys").is_array()) {
    throw std::runtime_error(
        "the checkpoint holds no keys (expected {\"keys\": [...], \"state\": ...}): it was saved without "
        "process.keys");
  }
  const nlohmann::json& names = snapshot.at("keys");
  auto restored = std::make_shared<KeyDirectory>(keys_->max_keys());
  if (names.size() > keys_->max_keys()) {
    throw std::runtime_error("the checkpoint holds " + std::to_string(names.size()) +
                             " keys, more than process.keys.max_keys (" + std::to_string(keys_->max_keys()) +
                             ")");
  }
  for (std::size_t slot = 0; slot < names.size(); ++slot) {
    if (!names[slot].is_string() || restored->slot_of(names[slot].get_ref<const std::string&>()) != slot)
      throw std::runtime_error("the checkpoint's key " + std::to_string(slot) + " is not a string seen once");
  }
  model_->restore(snapshot.at("state"));
  keys_ = std::move(restored);
}

ModelView ModelHost::view() const { return state_view(*published()); }

}  // namespace event_engine
