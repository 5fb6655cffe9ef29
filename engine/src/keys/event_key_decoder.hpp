// Turns each event of a batch into a key and a value as process.keys says: JSON pointers into a
// JSON event ({"experiment":"checkout","variant":"B","converted":true} -> "checkout/B", "true") or
// KEY<separator>VALUE text ("B:w" -> "B", "w"). An event that gives no key, or a key beyond the
// directory's limit, is refused with its reason and never reaches the model.
#pragma once

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
  // The reason an event is refused, or nullptr; on success `key_` and `value` hold its parts.
  const char* split_text(std::string_view event, std::string_view& value);
  const char* split_json(std::string_view event, std::string_view& value);

  // simdjson's parser, kept out of this header (simdjson.h is heavy and the pipeline includes it).
  struct JsonParser;

  KeysConfig config_;
  std::unique_ptr<JsonParser> json_;
  // The key's parts joined.
  std::string key_;
  char key_digits_[32];
  char value_digits_[32];
};

}  // namespace event_engine
