#include "keys/event_key_decoder.hpp"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <optional>
#include <vector>

namespace event_engine {
namespace {

// The text the model sees of a JSON value: a string's characters, true or false, a number as
// std::to_chars writes it (7, 0.25, -3); `digits` holds a number's text. Objects, arrays and null
// are no value for a model.
const char* text_of(const simdjson::dom::element& element, std::string_view& text, char (&digits)[32]) {
  std::to_chars_result written{};
  switch (element.type()) {
    case simdjson::dom::element_type::STRING:
      text = element.get_string().value_unsafe();
      return nullptr;
    case simdjson::dom::element_type::BOOL:
      text = element.get_bool().value_unsafe() ? "true" : "false";
      return nullptr;
    case simdjson::dom::element_type::INT64:
      written = std::to_chars(digits, digits + sizeof digits, element.get_int64().value_unsafe());
      break;
    case simdjson::dom::element_type::UINT64:
      written = std::to_chars(digits, digits + sizeof digits, element.get_uint64().value_unsafe());
      break;
    case simdjson::dom::element_type::DOUBLE:
      written = std::to_chars(digits, digits + sizeof digits, element.get_double().value_unsafe());
      break;
    default:
      return "an object, array or null where a string, number or true/false was expected";
  }
  text = std::string_view(digits, static_cast<std::size_t>(written.ptr - digits));
  return nullptr;
}

// Keys are names people read and checkpoints list one per line: no byte below 0x20, nor DEL.
bool has_control_character(std::string_view key) {
  for (const char byte : key) {
    if (static_cast<unsigned char>(byte) < 0x20 || byte == 0x7f) return true;
  }
  return false;
}

}  // namespace

// A JSON pointer split into its reference tokens once, unescaped ("~1" is "/", "~0" is "~"), so that
// finding it in an event walks the document without parsing the pointer again.
struct ParsedPointer {
  std::vector<std::string> tokens;

  explicit ParsedPointer(std::string_view pointer) {
    while (!pointer.empty()) {
      pointer.remove_prefix(1);  // the "/" before each token
      const std::size_t end = pointer.find('/');
      std::string token(pointer.substr(0, end));
      for (std::size_t i = 0; (i = token.find('~', i)) != std::string::npos; ++i)
        token.replace(i, 2, token[i + 1] == '1' ? "/" : "~");
      tokens.push_back(std::move(token));
      pointer = end == std::string_view::npos ? std::string_view() : pointer.substr(end);
    }
  }

  // The element the pointer names in `document`; false when there is none.
  bool find(simdjson::dom::element document, simdjson::dom::element& found) const {
    for (const std::string& token : tokens) {
      if (document.is_object()) {
        if (document.get_object().value_unsafe().at_key(token).get(document) != simdjson::SUCCESS)
          return false;
      } else if (document.is_array()) {
        std::size_t index = 0;
        const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), index);
        if (error != std::errc() || end != token.data() + token.size() ||
            (token.size() > 1 && token[0] == '0'))
          return false;
        if (document.get_array().value_unsafe().at(index).get(document) != simdjson::SUCCESS) return false;
      } else {
        return false;
      }
    }
    found = document;
    return true;
  }
};

struct EventKeyDecoder::JsonParser {
  simdjson::dom::parser parser;
  // The event copied with the padding simdjson reads past its end.
  std::string padded;
  std::vector<ParsedPointer> key_parts;
  std::optional<ParsedPointer> value;
};

EventKeyDecoder::EventKeyDecoder(KeysConfig config)
    : config_(std::move(config)), json_(std::make_unique<JsonParser>()) {
  key_.reserve(max_key_bytes + config_.separator.size());
  run_text_.reserve(json_run_events * (max_key_bytes + config_.separator.size() + 64));
  if (json_->parser.allocate(64 * 1024, max_json_depth) != simdjson::SUCCESS) throw std::bad_alloc();
  for (const std::string& pointer : config_.key_pointers) json_->key_parts.emplace_back(pointer);
  json_->value.emplace(config_.value_pointer);
}

EventKeyDecoder::~EventKeyDecoder() = default;
EventKeyDecoder::EventKeyDecoder(EventKeyDecoder&&) noexcept = default;

const char* EventKeyDecoder::split_text(std::string_view event, std::string_view& value) {
  const std::size_t separator = event.find(config_.separator);
  if (separator == std::string_view::npos) return "no key: the separator is missing";
  if (separator > max_key_bytes) return "the key is longer than 256 bytes";
  key_.assign(event.data(), separator);
  value = event.substr(separator + config_.separator.size());
  if (!simdjson::validate_utf8(key_.data(), key_.size())) return "the key is not valid UTF-8";
  return nullptr;
}

const char* EventKeyDecoder::split_json(std::string_view event, std::string& key, std::string_view& value) {
  // Copied once into a buffer with simdjson's padding: the parser reads a few bytes past the end.
  std::string& padded = json_->padded;
  if (padded.size() < event.size() + simdjson::SIMDJSON_PADDING)
    padded.resize(event.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(padded.data(), event.data(), event.size());
  simdjson::dom::element document;
  if (json_->parser.parse(padded.data(), event.size(), false).get(document) != simdjson::SUCCESS)
    return "not valid JSON (or nested deeper than 32)";
  const std::size_t key_at = key.size();
  for (std::size_t part = 0; part < json_->key_parts.size(); ++part) {
    simdjson::dom::element found;
    if (!json_->key_parts[part].find(document, found)) return "no key: a key pointer finds nothing";
    std::string_view text;
    if (const char* reason = text_of(found, text, key_digits_)) return reason;
    if (part > 0) key.append(config_.separator);
    if (key.size() - key_at + text.size() > max_key_bytes) return "the key is longer than 256 bytes";
    key.append(text);
  }
  simdjson::dom::element found;
  if (!json_->value->find(document, found)) return "no value: the value pointer finds nothing";
  return text_of(found, value, value_digits_);
}

const char* EventKeyDecoder::key_problem(std::string_view key) noexcept {
  if (key.empty()) return "the key is empty";
  if (key.size() > max_key_bytes) return "the key is longer than 256 bytes";
  if (has_control_character(key)) return "the key holds a control character";
  return nullptr;
}

void EventKeyDecoder::add_keyed(std::uint32_t index, std::string_view key, std::string_view value,
                                KeyDirectory& directory, KeyedBatch& out, RejectedEvents& refused) {
  const std::uint32_t slot = directory.slot_of(key);
  if (slot == KeyDirectory::no_slot) [[unlikely]] {
    refused.add(index, "a new key beyond process.keys.max_keys");
    return;
  }
  out.values.add(value);
  out.slots.push_back(slot);
  out.origins.push_back(index);
}

void EventKeyDecoder::decode(const EventBatch& batch, KeyDirectory& directory, KeyedBatch& out,
                             RejectedEvents& refused) {
  // The values are the model's batch: they keep the send time, which a model may read as the
  // batch's time (binomial_grid's forgetting by half_life_seconds).
  out.values.note_sent_at(batch.sent_at_unix_ns());
  if (config_.format == KeyFormat::json) {
    decode_json(batch, directory, out, refused);
  } else {
    decode_text(batch, directory, out, refused);
  }
}

void EventKeyDecoder::decode_text(const EventBatch& batch, KeyDirectory& directory, KeyedBatch& out,
                                  RejectedEvents& refused) {
  const char* const bytes = batch.bytes().data();
  const auto& ends = batch.ends();
  std::uint32_t begin = 0;
  for (std::uint32_t index = 0; index < ends.size(); ++index) {
    const std::string_view event(bytes + begin, ends[index] - begin);
    begin = ends[index];
    std::string_view value;
    const char* reason = split_text(event, value);
    if (reason == nullptr) reason = key_problem(key_);
    if (reason != nullptr) [[unlikely]] {
      refused.add(index, reason);
      continue;
    }
    add_keyed(index, key_, value, directory, out, refused);
  }
}

void EventKeyDecoder::decode_json(const EventBatch& batch, KeyDirectory& directory, KeyedBatch& out,
                                  RejectedEvents& refused) {
  const char* const bytes = batch.bytes().data();
  const auto& ends = batch.ends();
  const auto count = static_cast<std::uint32_t>(ends.size());
  std::uint32_t begin = 0;
  for (std::uint32_t first = 0; first < count; first += json_run_events) {
    const std::uint32_t last = std::min(count, first + json_run_events);
    // Parse the run, each event's key and value copied to run_text_ and its key's place prefetched.
    run_text_.clear();
    for (std::uint32_t index = first; index < last; ++index) {
      const std::string_view event(bytes + begin, ends[index] - begin);
      begin = ends[index];
      DecodedEvent& decoded = run_[index - first];
      decoded.key_at = static_cast<std::uint32_t>(run_text_.size());
      std::string_view value;
      decoded.reason = split_json(event, run_text_, value);
      const std::string_view key(run_text_.data() + decoded.key_at, run_text_.size() - decoded.key_at);
      if (decoded.reason == nullptr) decoded.reason = key_problem(key);
      if (decoded.reason != nullptr) [[unlikely]] {
        run_text_.resize(decoded.key_at);
        continue;
      }
      decoded.key_size = static_cast<std::uint32_t>(key.size());
      decoded.value_size = static_cast<std::uint32_t>(value.size());
      directory.prefetch(key);
      run_text_.append(value);
    }
    // Then look its keys up, in the batch's order.
    for (std::uint32_t index = first; index < last; ++index) {
      const DecodedEvent& decoded = run_[index - first];
      if (decoded.reason != nullptr) [[unlikely]] {
        refused.add(index, decoded.reason);
        continue;
      }
      const char* const key = run_text_.data() + decoded.key_at;
      add_keyed(index, std::string_view(key, decoded.key_size),
                std::string_view(key + decoded.key_size, decoded.value_size), directory, out, refused);
    }
  }
}

}  // namespace event_engine
