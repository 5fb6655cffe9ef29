// Slots in the order keys are first seen; readers' sorted order and lookups follow the keys added.
#include <gtest/gtest.h>

#include <string>

#include "keys/key_directory.hpp"

namespace event_engine {
namespace {

TEST(KeyDirectory, NumbersKeysInTheOrderFirstSeen) {
  KeyDirectory directory(100);
  EXPECT_EQ(directory.slot_of("b"), 0u);
  EXPECT_EQ(directory.slot_of("a"), 1u);
  EXPECT_EQ(directory.slot_of("b"), 0u);
  EXPECT_EQ(directory.size(), 2u);
  EXPECT_EQ(directory.key(1), "a");
}

TEST(KeyDirectory, FindsAndSortsOnlyTheKeysBelowTheCountAsked) {
  KeyDirectory directory(100000);
  for (int i = 0; i < 20000; ++i) directory.slot_of("key-" + std::to_string(19999 - i));
  EXPECT_EQ(directory.find("key-19999", 1), 0u);
  EXPECT_EQ(directory.find("key-0", 1), KeyDirectory::no_slot);
  EXPECT_EQ(directory.find("key-0", 20000), 19999u);
  const auto sorted = directory.sorted(20000);
  ASSERT_EQ(sorted->size(), 20000u);
  for (std::size_t i = 1; i < sorted->size(); ++i)
    EXPECT_LT(directory.key((*sorted)[i - 1]), directory.key((*sorted)[i]));
  // Keys added later are merged in when a larger count is asked for.
  directory.slot_of("a-first");
  EXPECT_EQ(directory.key(directory.sorted(20001)->front()), "a-first");
  EXPECT_EQ(directory.find("a-first", 20001), 20000u);
}

TEST(KeyDirectory, KeepsKeyTextValidAcrossManyBlocks) {
  KeyDirectory directory(10000);
  const std::string long_part(200, 'x');
  for (int i = 0; i < 10000; ++i) directory.slot_of(long_part + std::to_string(i));
  EXPECT_EQ(directory.size(), 10000u);
  EXPECT_EQ(directory.key(0), long_part + "0");
  EXPECT_EQ(directory.key(9999), long_part + "9999");
  EXPECT_EQ(directory.slot_of(long_part + "5000"), 5000u);
  EXPECT_EQ(directory.slot_of("one more"), KeyDirectory::no_slot);
}

}  // namespace
}  // namespace event_engine
