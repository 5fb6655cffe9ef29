// Target 10: process.keys' event decoder, JSON (pointers through simdjson) and text. Every event is
// either refused, by its own index with a reason, or gives one value with a slot: never both, never
// neither, in batch order. Every key held is 1 to 256 bytes of valid UTF-8 without control
// characters, found again by its own
// text, and the directory never holds more keys than its limit.
#include <fuzzer/FuzzedDataProvider.h>

#include <nlohmann/json.hpp>
#include <string>

#include "fuzz_check.hpp"
#include "keys/event_key_decoder.hpp"

namespace {

using event_engine::KeyFormat;

bool valid_utf8(std::string_view text) {
  // nlohmann/json's strict dump throws on invalid UTF-8.
  try {
    (void)nlohmann::json(std::string(text)).dump();
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  event_engine::KeysConfig config;
  config.format = input.ConsumeBool() ? KeyFormat::json : KeyFormat::text;
  config.max_keys = input.ConsumeIntegralInRange<std::size_t>(1, 8);
  config.separator = input.ConsumeBool() ? "/" : "::";
  if (config.format == KeyFormat::json) {
    config.key_pointers = {"/experiment", "/variant"};
    if (input.ConsumeBool()) config.key_pointers.push_back("/a/0/b");
    config.value_pointer = input.ConsumeBool() ? "/converted" : "";
  }
  event_engine::EventBatch batch;
  batch.add_delimited(input.ConsumeRemainingBytesAsString());

  event_engine::KeyDirectory directory(config.max_keys);
  event_engine::EventKeyDecoder decoder(config);
  event_engine::KeyedBatch keyed;
  event_engine::RejectedEvents refused;
  decoder.decode(batch, directory, keyed, refused);

  FUZZ_CHECK(keyed.values.size() == keyed.slots.size() && keyed.slots.size() == keyed.origins.size());
  FUZZ_CHECK(keyed.values.size() + refused.size() == batch.size());
  std::size_t next_refused = 0;
  std::size_t next_value = 0;
  for (std::uint32_t index = 0; index < batch.size(); ++index) {
    const bool is_refused = next_refused < refused.size() && refused.items()[next_refused].index == index;
    const bool is_value = next_value < keyed.origins.size() && keyed.origins[next_value] == index;
    FUZZ_CHECK(is_refused != is_value);
    if (is_refused) {
      FUZZ_CHECK(refused.items()[next_refused].reason != nullptr);
      ++next_refused;
    } else {
      FUZZ_CHECK(keyed.slots[next_value] < directory.size());
      // The value is a part of the event: text's is its tail, JSON's is no longer than the event.
      FUZZ_CHECK(keyed.values[next_value].size() <= batch[index].size() + 32);
      if (config.format == KeyFormat::text) FUZZ_CHECK(batch[index].ends_with(keyed.values[next_value]));
      ++next_value;
    }
  }
  FUZZ_CHECK(directory.size() <= config.max_keys);
  for (std::uint32_t slot = 0; slot < directory.size(); ++slot) {
    const std::string_view key = directory.key(slot);
    FUZZ_CHECK(!key.empty() && key.size() <= event_engine::max_key_bytes);
    FUZZ_CHECK(valid_utf8(key));
    for (const char byte : key) FUZZ_CHECK(static_cast<unsigned char>(byte) >= 0x20 && byte != 0x7f);
    FUZZ_CHECK(directory.find(key, directory.size()) == slot);
  }
  return 0;
}
