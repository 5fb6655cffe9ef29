// Events into keys and values: what each format reads, and every malformed event refused with its
// reason, by its index, without stopping the batch.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "keys/event_key_decoder.hpp"

namespace event_engine {
namespace {

struct Decoded {
  KeyedBatch keyed;
  RejectedEvents refused;
};

KeysConfig json_keys() {
  KeysConfig keys;
  keys.format = KeyFormat::json;
  keys.key_pointers = {"/experiment", "/variant"};
  keys.value_pointer = "/converted";
  keys.separator = "/";
  return keys;
}

KeysConfig text_keys() { return KeysConfig{}; }

Decoded decode(const KeysConfig& config, KeyDirectory& directory, const std::vector<std::string>& events) {
  EventBatch batch;
  for (const std::string& event : events) batch.add(event);
  EventKeyDecoder decoder(config);
  Decoded decoded;
  decoder.decode(batch, directory, decoded.keyed, decoded.refused);
  return decoded;
}

TEST(EventKeyDecoder, TextSplitsAtTheFirstSeparator) {
  KeyDirectory directory(10);
  const Decoded decoded = decode(text_keys(), directory, {"B:w", "A:l", "B:x:y", "B:"});
  ASSERT_EQ(decoded.keyed.values.size(), 4u);
  EXPECT_EQ(decoded.keyed.values[0], "w");
  EXPECT_EQ(decoded.keyed.values[2], "x:y");
  EXPECT_EQ(decoded.keyed.values[3], "");
  EXPECT_EQ(decoded.keyed.slots, (std::vector<std::uint32_t>{0, 1, 0, 0}));
  EXPECT_EQ(directory.key(0), "B");
  EXPECT_EQ(directory.key(1), "A");
  EXPECT_TRUE(decoded.refused.items().empty());
}

TEST(EventKeyDecoder, TheValuesKeepTheBatchsSendTime) {
  KeyDirectory directory(10);
  EventBatch batch;
  batch.add("B:w");
  batch.note_sent_at(1718035200123456789u);
  EventKeyDecoder decoder(text_keys());
  Decoded decoded;
  decoder.decode(batch, directory, decoded.keyed, decoded.refused);
  EXPECT_EQ(decoded.keyed.values.sent_at_unix_ns(), 1718035200123456789u);
}

TEST(EventKeyDecoder, JsonJoinsTheKeyPartsAndGivesTheValueText) {
  KeyDirectory directory(10);
  const Decoded decoded = decode(json_keys(), directory,
                                 {R"({"experiment":"checkout","variant":"B","converted":true})",
                                  R"({"variant":"A","converted":"w","experiment":"checkout"})",
                                  R"({"experiment":7,"variant":false,"converted":7})",
                                  R"({"experiment":"e","variant":"v","converted":0.25})"});
  ASSERT_EQ(decoded.keyed.values.size(), 4u) << decoded.refused.items().front().reason;
  EXPECT_EQ(decoded.keyed.values[0], "true");
  EXPECT_EQ(decoded.keyed.values[1], "w");
  EXPECT_EQ(decoded.keyed.values[2], "7");
  EXPECT_EQ(decoded.keyed.values[3], "0.25");
  EXPECT_EQ(directory.key(0), "checkout/B");
  EXPECT_EQ(directory.key(1), "checkout/A");
  EXPECT_EQ(directory.key(2), "7/false");
  EXPECT_EQ(decoded.keyed.origins, (std::vector<std::uint32_t>{0, 1, 2, 3}));
}

TEST(EventKeyDecoder, RefusesEachMalformedEventWithItsReasonAndKeepsTheRest) {
  KeyDirectory directory(10);
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += R"({"a":)";
  deep += "1";
  for (int i = 0; i < 40; ++i) deep += "}";
  const std::string long_variant(300, 'v');
  const Decoded decoded =
      decode(json_keys(), directory,
             {R"({"experiment":"x","converted":true})",                    // 0: no variant
              R"({"experiment":"x","variant":{"v":1},"converted":true})",  // 1: object key
              R"({"experiment":"x","variant":"A","converted":[true]})",    // 2: array value
              R"({"experiment":"x","variant":"A","converted":true)",       // 3: invalid JSON
              deep,                                                        // 4: too deep
              R"({"experiment":"x","variant":")" + long_variant + R"(","converted":true})",  // 5: long key
              "{\"experiment\":\"x\",\"variant\":\"\xff\",\"converted\":true}",              // 6: bad UTF-8
              R"({"experiment":"x","variant":"A","converted":true})"});                      // 7: good
  ASSERT_EQ(decoded.refused.size(), 7u);
  for (std::uint32_t i = 0; i < 7; ++i) EXPECT_EQ(decoded.refused.items()[i].index, i);
  EXPECT_NE(std::string(decoded.refused.items()[0].reason).find("key pointer finds nothing"),
            std::string::npos);
  EXPECT_NE(std::string(decoded.refused.items()[1].reason).find("object, array or null"), std::string::npos);
  EXPECT_NE(std::string(decoded.refused.items()[2].reason).find("object, array or null"), std::string::npos);
  EXPECT_NE(std::string(decoded.refused.items()[3].reason).find("not valid JSON"), std::string::npos);
  EXPECT_NE(std::string(decoded.refused.items()[4].reason).find("not valid JSON"), std::string::npos);
  EXPECT_NE(std::string(decoded.refused.items()[5].reason).find("longer than 256"), std::string::npos);
  EXPECT_NE(std::string(decoded.refused.items()[6].reason).find("not valid JSON"), std::string::npos);
  ASSERT_EQ(decoded.keyed.values.size(), 1u);
  EXPECT_EQ(decoded.keyed.origins, (std::vector<std::uint32_t>{7}));
  EXPECT_EQ(directory.size(), 1u);
}

TEST(EventKeyDecoder, TextRefusesNoSeparatorAnEmptyKeyALongKeyAndInvalidUtf8) {
  KeyDirectory directory(10);
  const Decoded decoded =
      decode(text_keys(), directory, {"w", ":w", std::string(257, 'k') + ":w", "\xc3\x28:w", "\xc3\xa9:w"});
  ASSERT_EQ(decoded.refused.size(), 4u);
  EXPECT_NE(std::string(decoded.refused.items()[0].reason).find("separator is missing"), std::string::npos);
  EXPECT_NE(std::string(decoded.refused.items()[1].reason).find("key is empty"), std::string::npos);
  EXPECT_NE(std::string(decoded.refused.items()[2].reason).find("longer than 256"), std::string::npos);
  EXPECT_NE(std::string(decoded.refused.items()[3].reason).find("not valid UTF-8"), std::string::npos);
  EXPECT_EQ(directory.key(0), "\xc3\xa9");
}

// A checkpoint lists its keys one per line, and people read them: no control characters.
TEST(EventKeyDecoder, RefusesAKeyHoldingAControlCharacter) {
  KeyDirectory directory(10);
  const Decoded decoded = decode(json_keys(), directory,
                                 {R"({"experiment":"a\nb","variant":"A","converted":true})",
                                  "{\"experiment\":\"tab\tin\",\"variant\":\"A\",\"converted\":true}",
                                  R"({"experiment":"x","variant":"A","converted":true})"});
  ASSERT_EQ(decoded.refused.size(), 2u);
  EXPECT_NE(std::string(decoded.refused.items()[0].reason).find("control character"), std::string::npos)
      << "an escaped newline";
  EXPECT_NE(std::string(decoded.refused.items()[1].reason).find("not valid JSON"), std::string::npos)
      << "a raw tab";
  EXPECT_EQ(decoded.keyed.values.size(), 1u);
  const Decoded text = decode(text_keys(), directory, {"a\x7f:w", "b\x01:w"});
  EXPECT_EQ(text.refused.size(), 2u);
  EXPECT_NE(std::string(text.refused.items()[0].reason).find("control character"), std::string::npos);
}

// Keys are checked eight bytes at a time: a control byte is found at every place of keys of every
// length (shorter than a word, whole words, and a last word overlapping the one before), and the
// bytes next to the refused ranges pass.
TEST(EventKeyDecoder, ControlCharactersAreFoundAtEveryPlaceOfKeysOfEveryLength) {
  KeyDirectory directory(100000);
  std::vector<std::string> refused_events;
  std::vector<std::string> kept_events;
  for (std::size_t length = 1; length <= 40; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (const char control : {'\x00', '\x01', '\x1f', '\x7f'}) {
        std::string key(length, 'k');
        key[at] = control;
        refused_events.push_back(key + ":w");
      }
      for (const char allowed : {' ', '~', '!'}) {
        std::string key(length, 'k');
        key[at] = allowed;
        kept_events.push_back(key + ":w");
      }
    }
    kept_events.push_back(std::string(length / 2, 'k') + "\xc3\xa9" + std::string(length / 2, 'k') + ":w");
  }
  const Decoded refused = decode(text_keys(), directory, refused_events);
  ASSERT_EQ(refused.refused.size(), refused_events.size());
  for (const Rejection& rejection : refused.refused.items())
    EXPECT_NE(std::string(rejection.reason).find("control character"), std::string::npos) << rejection.index;
  const Decoded kept = decode(text_keys(), directory, kept_events);
  EXPECT_TRUE(kept.refused.items().empty()) << kept.refused.items().front().reason;
  EXPECT_EQ(kept.keyed.values.size(), kept_events.size());
}

// A JSON key holds a control character through its parts (an escaped one, or a raw DEL, which
// JSON allows) or through a separator that joins two parts; a one-part key has no separator.
TEST(EventKeyDecoder, JsonKeysHoldingAControlCharacterInAPartOrTheirSeparatorAreRefused) {
  KeyDirectory directory(10);
  const std::vector<std::string> events = {R"({"experiment":"x\u0001","variant":"A","converted":true})",
                                           "{\"experiment\":\"x\x7f\",\"variant\":\"A\",\"converted\":true}",
                                           R"({"experiment":"x","variant":"A\u007f","converted":true})"};
  const Decoded decoded = decode(json_keys(), directory, events);
  ASSERT_EQ(decoded.refused.size(), 3u);
  for (const Rejection& rejection : decoded.refused.items())
    EXPECT_NE(std::string(rejection.reason).find("control character"), std::string::npos) << rejection.index;

  KeysConfig tab_joined = json_keys();
  tab_joined.separator = "\t";
  const std::string good = R"({"experiment":"x","variant":"A","converted":true})";
  const Decoded joined = decode(tab_joined, directory, {good});
  ASSERT_EQ(joined.refused.size(), 1u);
  EXPECT_NE(std::string(joined.refused.items()[0].reason).find("control character"), std::string::npos);
  tab_joined.key_pointers = {"/experiment"};
  const Decoded one_part = decode(tab_joined, directory, {good});
  EXPECT_TRUE(one_part.refused.items().empty());
  EXPECT_EQ(directory.key(0), "x");
}

// Pointers: the first of two members of one name wins, one member can be both a key part and the
// value, and pointers into nested objects and arrays are followed.
TEST(EventKeyDecoder, PointersTakeTheFirstOfTwoMembersAndFollowNestedObjectsAndArrays) {
  KeyDirectory directory(10);
  const Decoded first = decode(json_keys(), directory,
                               {R"({"variant":"A","experiment":"one","converted":true,"experiment":"two"})"});
  ASSERT_EQ(first.keyed.values.size(), 1u);
  EXPECT_EQ(directory.key(0), "one/A");

  KeysConfig value_in_key = json_keys();
  value_in_key.key_pointers = {"/converted", "/variant"};
  const Decoded both = decode(value_in_key, directory, {R"({"variant":"B","converted":"w"})"});
  ASSERT_EQ(both.keyed.values.size(), 1u);
  EXPECT_EQ(directory.key(1), "w/B");
  EXPECT_EQ(both.keyed.values[0], "w");

  KeysConfig nested = json_keys();
  nested.key_pointers = {"/test/name", "/arms/1"};
  nested.value_pointer = "/outcome/converted";
  const Decoded deep = decode(nested, directory,
                              {R"({"test":{"name":"t"},"arms":["a","b"],"outcome":{"converted":false}})",
                               R"({"test":{"name":"t"},"arms":["a"],"outcome":{"converted":false}})"});
  ASSERT_EQ(deep.keyed.values.size(), 1u);
  EXPECT_EQ(directory.key(2), "t/b");
  EXPECT_EQ(deep.keyed.values[0], "false");
  ASSERT_EQ(deep.refused.size(), 1u);
  EXPECT_NE(std::string(deep.refused.items()[0].reason).find("key pointer finds nothing"), std::string::npos);
}

TEST(EventKeyDecoder, ANewKeyBeyondTheLimitIsRefusedAndKnownKeysStillPass) {
  KeyDirectory directory(2);
  const Decoded decoded = decode(text_keys(), directory, {"a:w", "b:w", "c:w", "a:l", "d:l", "b:l"});
  ASSERT_EQ(decoded.refused.size(), 2u);
  EXPECT_EQ(decoded.refused.items()[0].index, 2u);
  EXPECT_EQ(decoded.refused.items()[1].index, 4u);
  EXPECT_NE(std::string(decoded.refused.items()[0].reason).find("max_keys"), std::string::npos);
  EXPECT_EQ(decoded.keyed.slots, (std::vector<std::uint32_t>{0, 1, 0, 1}));
  EXPECT_EQ(directory.size(), 2u);
}

// JSON events are decoded a run of 16 at a time, the keys looked up after each run: across runs,
// refusals of both kinds (malformed, and a new key beyond the limit) stay in the batch's order, and
// every value, long ones included, reaches the model with its own key.
TEST(EventKeyDecoder, JsonRunsKeepTheBatchsOrderAcrossRefusalsAndLongValues) {
  KeyDirectory directory(3);
  std::vector<std::string> events;
  std::vector<std::uint32_t> expected_refused;
  std::vector<std::string> expected_values;
  std::vector<std::uint32_t> expected_slots;
  for (std::uint32_t i = 0; i < 50; ++i) {
    const std::string variant(1, static_cast<char>('A' + i % 5));  // A, B, C known; D, E refused
    const std::string value = i % 7 == 3 ? std::string(5000 + i, 'x') : std::to_string(i);
    if (i % 11 == 5) {
      events.push_back(R"({"experiment":"e","variant":")" + variant + R"(","converted":)");  // invalid
      expected_refused.push_back(i);
      continue;
    }
    events.push_back(R"({"experiment":"e","variant":")" + variant + R"(","converted":")" + value + R"("})");
    if (i % 5 >= 3) {
      expected_refused.push_back(i);
    } else {
      expected_values.push_back(value);
      expected_slots.push_back(i % 5);
    }
  }
  const Decoded decoded = decode(json_keys(), directory, events);
  std::vector<std::uint32_t> refused;
  for (const Rejection& rejection : decoded.refused.items()) refused.push_back(rejection.index);
  EXPECT_EQ(refused, expected_refused);
  EXPECT_NE(std::string(decoded.refused.items()[3].reason).find("max_keys"),
            std::string::npos);  // event 8, a D
  EXPECT_NE(std::string(decoded.refused.items()[2].reason).find("not valid JSON"),
            std::string::npos);  // event 5
  ASSERT_EQ(decoded.keyed.values.size(), expected_values.size());
  for (std::size_t i = 0; i < expected_values.size(); ++i)
    EXPECT_EQ(decoded.keyed.values[i], expected_values[i]);
  EXPECT_EQ(decoded.keyed.slots, expected_slots);
  EXPECT_EQ(directory.key(0), "e/A");
  EXPECT_EQ(directory.key(2), "e/C");
}

}  // namespace
}  // namespace event_engine
