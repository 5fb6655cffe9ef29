#include "keys/event_key_decoder.hpp"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

namespace event_engine {
namespace {

// A number's text as std::to_chars writes it (7, 0.25, -3), in `digits`; objects, arrays and null
// are no value for a model.
const char* number_text_of(const simdjson::dom::element& element, std::string_view& text,
                           char (&digits)[32]) {
  std::to_chars_result written{};
  switch (element.type()) {
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

// The text the model sees of a JSON value: a string's characters, true or false, or a number's
// text (number_text_of). Strings and true/false, the usual keys and values, are tested first.
inline const char* text_of(const simdjson::dom::element& element, std::string_view& text,
                           char (&digits)[32]) {
  const simdjson::dom::element_type type = element.type();
  if (type == simdjson::dom::element_type::STRING) [[likely]] {
    text = element.get_string().value_unsafe();
    return nullptr;
  }
  if (type == simdjson::dom::element_type::BOOL) {
    text = element.get_bool().value_unsafe() ? "true" : "false";
    return nullptr;
  }
  return number_text_of(element, text, digits);
}

// Keys are names people read and checkpoints list one per line: no byte below 0x20, nor DEL.
// Eight bytes at a time, since a key is often a dozen bytes, where a loop per byte cost more than
// the rest of the key's checks. For a word w, (w - 0x20 in every byte) & ~w has a byte's high bit
// set exactly when some byte is below 0x20 (no byte borrows before the first such byte, and
// bytes of 0x80 and above have ~w's high bit clear); a DEL is a zero byte of w ^ 0x7f...
bool has_control_character(std::string_view key) {
  constexpr std::uint64_t ones = 0x0101010101010101;
  constexpr std::uint64_t high_bits = 0x8080808080808080;
  const auto flagged = [](std::uint64_t word) {
    const std::uint64_t del = word ^ (ones * 0x7f);
    return (((word - ones * 0x20) & ~word) | ((del - ones) & ~del)) & high_bits;
  };
  const char* const bytes = key.data();
  std::uint64_t word = 0;
  std::uint64_t found = 0;
  if (key.size() < 8) {
    // Loaded in place, not copied into a word first: reading a word just written a byte at a
    // time waits for the writes.
    if (key.size() < 4) {
      for (const char byte : key) found |= static_cast<unsigned char>(byte) < 0x20 || byte == 0x7f;
      return found != 0;
    }
    std::uint32_t first = 0;
    std::uint32_t last = 0;
    std::memcpy(&first, bytes, 4);
    std::memcpy(&last, bytes + key.size() - 4, 4);
    return flagged(first | std::uint64_t{last} << 32) != 0;
  }
  for (std::size_t at = 0; at + 8 <= key.size(); at += 8) {
    std::memcpy(&word, bytes + at, 8);
    found |= flagged(word);
  }
  std::memcpy(&word, bytes + key.size() - 8, 8);  // the last 8 bytes, overlapping some already seen
  return (found | flagged(word)) != 0;
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
  separator_has_control_character_ = has_control_character(config_.separator);
  run_keys_ = std::make_unique<char[]>(json_run_events * max_key_bytes);
  run_values_.reserve(json_run_events * 64);
  if (json_->parser.allocate(64 * 1024, max_json_depth) != simdjson::SUCCESS) throw std::bad_alloc();
  for (const std::string& pointer : config_.key_pointers) json_->key_parts.emplace_back(pointer);
  json_->value.emplace(config_.value_pointer);
}

EventKeyDecoder::~EventKeyDecoder() = default;
EventKeyDecoder::EventKeyDecoder(EventKeyDecoder&&) noexcept = default;

const char* EventKeyDecoder::split_text(std::string_view event, std::string_view& key,
                                        std::string_view& value) {
  const std::size_t separator = event.find(config_.separator);
  if (separator == std::string_view::npos) return "no key: the separator is missing";
  if (separator > max_key_bytes) return "the key is longer than 256 bytes";
  key = event.substr(0, separator);
  value = event.substr(separator + config_.separator.size());
  if (!simdjson::validate_utf8(key.data(), key.size())) return "the key is not valid UTF-8";
  return key_problem(key);
}

const char* EventKeyDecoder::split_json(std::string_view event, char* key, DecodedEvent& decoded) {
  // Copied once into a buffer with simdjson's padding: the parser reads a few bytes past the end.
  std::string& padded = json_->padded;
  if (padded.size() < event.size() + simdjson::SIMDJSON_PADDING)
    padded.resize(event.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(padded.data(), event.data(), event.size());
  simdjson::dom::element document;
  if (json_->parser.parse(padded.data(), event.size(), false).get(document) != simdjson::SUCCESS)
    return "not valid JSON (or nested deeper than 32)";
  const std::size_t parts = json_->key_parts.size();
  // Each part is checked for control characters where simdjson wrote it, not in the joined key:
  // reading 8 bytes just written by several smaller copies waits for them to reach the cache.
  bool control_character = parts > 1 && separator_has_control_character_;
  std::size_t key_size = 0;
  const std::string_view separator = config_.separator;
  for (std::size_t part = 0; part < parts; ++part) {
    simdjson::dom::element found;
    if (!json_->key_parts[part].find(document, found)) return "no key: a key pointer finds nothing";
    std::string_view text;
    if (const char* reason = text_of(found, text, digits_)) return reason;
    control_character |= has_control_character(text);
    const std::size_t joined = part > 0 ? separator.size() : 0;
    if (key_size + joined + text.size() > max_key_bytes) return "the key is longer than 256 bytes";
    if (joined == 1) {
      key[key_size] = separator[0];
    } else {
      std::memcpy(key + key_size, separator.data(), joined);
    }
    std::memcpy(key + key_size + joined, text.data(), text.size());
    key_size += joined + text.size();
  }
  decoded.key_size = static_cast<std::uint32_t>(key_size);
  simdjson::dom::element found;
  if (!json_->value->find(document, found)) return "no value: the value pointer finds nothing";
  std::string_view value;
  if (const char* reason = text_of(found, value, digits_)) return reason;
  if (found.is_bool()) {
    decoded.fixed_value = value.data();  // "true" or "false": text that stays
  } else {
    decoded.fixed_value = nullptr;
    decoded.value_at = static_cast<std::uint32_t>(run_values_.size());
    run_values_.append(value);
  }
  decoded.value_size = static_cast<std::uint32_t>(value.size());
  if (key_size == 0) return "the key is empty";
  if (control_character) return "the key holds a control character";
  return nullptr;
}

const char* EventKeyDecoder::key_problem(std::string_view key) noexcept {
  if (key.empty()) return "the key is empty";
  if (key.size() > max_key_bytes) return "the key is longer than 256 bytes";
  if (has_control_character(key)) return "the key holds a control character";
  return nullptr;
}

void EventKeyDecoder::add_keyed(std::uint32_t index, std::uint32_t slot, std::string_view value,
                                KeyedBatch& out, RejectedEvents& refused) {
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
    std::string_view key;
    std::string_view value;
    if (const char* reason = split_text(event, key, value)) [[unlikely]] {
      refused.add(index, reason);
      continue;
    }
    add_keyed(index, directory.slot_of(key), value, out, refused);
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
    // Parse the run: each event's key to its place in run_keys_, its value's text to run_values_
    // (unless it is true or false), and its key's hash.
    run_values_.clear();
    for (std::uint32_t index = first; index < last; ++index) {
      const std::string_view event(bytes + begin, ends[index] - begin);
      begin = ends[index];
      DecodedEvent& decoded = run_[index - first];
      char* const key = run_keys_.get() + (index - first) * max_key_bytes;
      decoded.reason = split_json(event, key, decoded);
      if (decoded.reason == nullptr) [[likely]]
        decoded.hash = KeyDirectory::hash_of(std::string_view(key, decoded.key_size));
    }
    // Then look the run's keys up together, in the batch's order: a directory larger than the
    // caches makes each lookup wait for memory, and lookups with no parsing between them wait
    // together.
    for (std::uint32_t index = first; index < last; ++index) {
      const DecodedEvent& decoded = run_[index - first];
      if (decoded.reason != nullptr) [[unlikely]] {
        refused.add(index, decoded.reason);
        continue;
      }
      const std::string_view key(run_keys_.get() + (index - first) * max_key_bytes, decoded.key_size);
      const char* const value =
          decoded.fixed_value ? decoded.fixed_value : run_values_.data() + decoded.value_at;
      add_keyed(index, directory.slot_of(key, decoded.hash), std::string_view(value, decoded.value_size), out,
                refused);
    }
  }
}

}  // namespace event_engine
