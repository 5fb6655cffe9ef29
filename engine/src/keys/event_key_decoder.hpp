// Turns each event of a batch into a key and a value as process.keys says: JSON pointers into a
// JSON event ({"experiment":"checkout","variant":"B","converted":true} -> "checkout/B", "true") or
// KEY<separator>VALUE text ("B:w" -> "B", "w"). An event that gives no key, or a key beyond the
// directory's limit, is refused with its reason and never reaches the model.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "event_engine/event_batch.hpp"
#include "event_engine/model.hpp"
#include "keys/key_directory.hpp"
#include "keys/keyed_batch.hpp"
#include "keys/keys_config.hpp"

namespace event_engine {

class EventKeyDecoder {
 public:
  // The deepest nesting a JSON event may have.
  static constexpr std::size_t max_json_depth = 32;

  explicit EventKeyDecoder(KeysConfig config);
  ~EventKeyDecoder();
  EventKeyDecoder(EventKeyDecoder&&) noexcept;

  // Appends to `out` every event of `batch` that gives a key and a value (its key's slot added to
  // `directory` when new), and to `refused` every other one, by its index in `batch`.
  void decode(const EventBatch& batch, KeyDirectory& directory, KeyedBatch& out, RejectedEvents& refused);

 private:
  // JSON events are decoded a run at a time: each event of the run is parsed and its key, value
  // and key's hash kept, and only then are the run's keys looked up, one after the other. A
  // directory of 100,000 keys is larger than the caches: lookups made between parses each wait
  // for memory, lookups made together overlap their waits.
  static constexpr std::uint32_t json_run_events = 16;
  struct DecodedEvent {
    const char* reason;  // why it is refused, or nullptr
    std::uint32_t key_size;
    std::uint32_t value_size;
    const char* fixed_value;  // "true" or "false"; nullptr when the value is in run_values_
    std::uint32_t value_at;   // in run_values_
    std::size_t hash;         // KeyDirectory::hash_of(key)
  };

  void decode_text(const EventBatch& batch, KeyDirectory& directory, KeyedBatch& out,
                   RejectedEvents& refused);
  void decode_json(const EventBatch& batch, KeyDirectory& directory, KeyedBatch& out,
                   RejectedEvents& refused);
  // The reason an event is refused, or nullptr; on success `key` and `value` view its parts.
  const char* split_text(std::string_view event, std::string_view& key, std::string_view& value);
  // The reason an event is refused, or nullptr; on success the key is in `key` (room for
  // max_key_bytes) and `decoded` says where the value is.
  const char* split_json(std::string_view event, char* key, DecodedEvent& decoded);
  // Why a key cannot be a key (empty, too long, a control character), or nullptr.
  static const char* key_problem(std::string_view key) noexcept;
  // Appends the event at `index` with its key's slot, or refuses it when the slot is no_slot (a
  // new key beyond the limit).
  static void add_keyed(std::uint32_t index, std::uint32_t slot, std::string_view value, KeyedBatch& out,
                        RejectedEvents& refused);

  // simdjson's parser, kept out of this header (simdjson.h is heavy and the pipeline includes it).
  struct JsonParser;

  KeysConfig config_;
  std::unique_ptr<JsonParser> json_;
  // Whether a key joined from several JSON parts holds a control character whatever the parts.
  bool separator_has_control_character_ = false;
  // The JSON run being decoded: each event's key (max_key_bytes apart), the values that are not
  // true or false, and what each event gave.
  std::unique_ptr<char[]> run_keys_;
  std::string run_values_;
  std::array<DecodedEvent, json_run_events> run_;
  char digits_[32];
};

}  // namespace event_engine
