// The file store on a real file system: round trips, corrupt files, atomic replacement.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <string_view>

#include "checkpoint_file_format.hpp"
#include "file_store.hpp"
#include "temporary_directory.hpp"

namespace {

using event_engine::Checkpoint;
using file_store::FileStore;
using nlohmann::json;

// True for "2024-05-01T12:00:00.123Z": each '9' of the pattern a digit, the rest as written. A
// plain loop rather than std::regex, whose inlined code GCC 12 reports as maybe-uninitialized
// under -fsanitize=address (a false positive that -Werror turns into a failed build).
bool has_timestamp_shape(std::string_view text) {
  constexpr std::string_view pattern = "9999-99-99T99:99:99.999Z";
  if (text.size() != pattern.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (pattern[i] == '9' ? !digit : text[i] != pattern[i]) return false;
  }
  return true;
}

std::string contents_of(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// The message of the std::runtime_error that `action` throws.
template <typename Action>
std::string error_of(Action action) {
  try {
    action();
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "no error";
}

Checkpoint checkpoint_with(const std::string& position, double value) {
  return Checkpoint{json{{"log_posterior", {value, -value}}, {"w", 6}, {"l", 3}}, position, 9, 1, 0};
}

class FileStoreTest : public testing::Test {
 protected:
  std::filesystem::path state() const { return directory_.path() / "state"; }

  TemporaryDirectory directory_;
  FileStore store_{directory_.path() / "state"};
};

TEST_F(FileStoreTest, SaveThenLoadGivesBackEveryBitOfTheCheckpoint) {
  const std::vector<double> awkward = {0.1,
                                       1.0 / 3.0,
                                       -2.718281828459045,
                                       1e-300,
                                       std::numeric_limits<double>::denorm_min(),
                                       std::numeric_limits<double>::max(),
                                       -0.0,
                                       std::nextafter(1.0, 2.0)};
  const Checkpoint saved{json{{"grid", awkward}, {"counts", {{"w", 6}, {"l", 3}}}, {"prior", "uniform"}},
                         "1700000000-7", std::numeric_limits<std::uint64_t>::max(), 12};
  store_.save("binomial", saved);

  const std::optional<Checkpoint> loaded = store_.load("binomial");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->position, saved.position);
  EXPECT_EQ(loaded->accepted, saved.accepted);
  EXPECT_EQ(loaded->rejected, saved.rejected);
  EXPECT_EQ(loaded->model, saved.model);
  const std::vector<double> read_back = loaded->model.at("grid").get<std::vector<double>>();
  ASSERT_EQ(read_back.size(), awkward.size());
  for (std::size_t i = 0; i < awkward.size(); ++i) {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(read_back[i]), std::bit_cast<std::uint64_t>(awkward[i])) << i;
  }
}

TEST_F(FileStoreTest, FileHoldsTheDocumentedFields) {
  store_.save("binomial", checkpoint_with("42", 0.5));
  const json document = json::parse(contents_of(state() / "binomial.json"));
  EXPECT_EQ(document.at("format_version"), 1);
  EXPECT_TRUE(has_timestamp_shape(document.at("saved_at").get<std::string>())) << document.at("saved_at");
  EXPECT_EQ(document.at("position"), "42");
  EXPECT_EQ(document.at("accepted"), 9);
  EXPECT_EQ(document.at("rejected"), 1);
  EXPECT_EQ(document.at("model"), checkpoint_with("42", 0.5).model);
}

TEST_F(FileStoreTest, NothingSavedLoadsAsNothingAndCreatesNothing) {
  EXPECT_EQ(store_.load("binomial"), std::nullopt);
  EXPECT_FALSE(std::filesystem::exists(state()));
}

TEST_F(FileStoreTest, FirstSaveCreatesTheDirectoryAndItsParents) {
  FileStore nested(directory_.path() / "a" / "b" / "state");
  nested.save("binomial", checkpoint_with("1", 0.25));
  EXPECT_TRUE(std::filesystem::is_regular_file(directory_.path() / "a" / "b" / "state" / "binomial.json"));
}

TEST_F(FileStoreTest, LaterSaveReplacesTheCheckpoint) {
  store_.save("binomial", checkpoint_with("1", 0.25));
  store_.save("binomial", checkpoint_with("2", 0.75));
  EXPECT_EQ(store_.load("binomial")->position, "2");
  EXPECT_EQ(store_.load("binomial")->model, checkpoint_with("2", 0.75).model);
}

TEST_F(FileStoreTest, KeysAreSeparateFiles) {
  store_.save("first", checkpoint_with("1", 0.25));
  store_.save("second", checkpoint_with("2", 0.75));
  EXPECT_EQ(store_.load("first")->position, "1");
  EXPECT_EQ(store_.load("second")->position, "2");
}

TEST_F(FileStoreTest, CorruptFileIsAnErrorNamingItAndStaysByteIdentical) {
  std::filesystem::create_directories(state());
  const std::filesystem::path file = state() / "binomial.json";
  const std::string truncated = R"({"format_version": 1, "position": "42", "accepted": 9, "model": {"w": )";
  write_text(file, truncated);

  const std::string error = error_of([&] { store_.load("binomial"); });
  EXPECT_NE(error.find("checkpoint " + file.string() + " is corrupt"), std::string::npos) << error;
  EXPECT_EQ(contents_of(file), truncated);
  EXPECT_EQ(error_of([&] { store_.load("binomial"); }), error);
  EXPECT_EQ(contents_of(file), truncated);
}

TEST_F(FileStoreTest, DocumentOfTheWrongShapeIsCorruptWithTheReason) {
  std::filesystem::create_directories(state());
  const std::filesystem::path file = state() / "binomial.json";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"([1, 2])", "expected a JSON object, got array"},
      {R"({"format_version": 2, "position": "1", "accepted": 1, "rejected": 0, "model": {}})",
       "format_version 2 is not the one this store reads (1)"},
      {R"({"format_version": 1, "position": "1", "accepted": 1, "rejected": 0})", R"("model" is missing)"},
      {R"({"format_version": 1, "position": 1, "accepted": 1, "rejected": 0, "model": {}})",
       R"("position" is not a string: 1)"},
      {R"({"format_version": 1, "position": "1", "accepted": -1, "rejected": 0, "model": {}})",
       R"("accepted" is not a count: -1)"},
      {"", "parse error"},
  };
  for (const auto& [content, reason] : cases) {
    write_text(file, content);
    const std::string error = error_of([&] { store_.load("binomial"); });
    EXPECT_NE(error.find(file.string()), std::string::npos) << error;
    EXPECT_NE(error.find(reason), std::string::npos) << error;
    EXPECT_EQ(contents_of(file), content);
  }
}

// The nesting bound: parsing, copying and checking the model recursed per level, so this depth ran
// out of stack (SIGSEGV) instead of being refused.
TEST_F(FileStoreTest, NestingDeeperThanTheBoundIsCorruptNotACrash) {
  std::filesystem::create_directories(state());
  const std::filesystem::path file = state() / "binomial.json";
  constexpr std::size_t depth = 100'000;
  const std::string content =
      R"({"format_version": 1, "position": "1", "accepted": 1, "rejected": 0, "model": )" +
      std::string(depth, '[') + std::string(depth, ']') + "}";
  write_text(file, content);
  const std::string error = error_of([&] { store_.load("binomial"); });
  EXPECT_NE(error.find("nested deeper than 64 levels"), std::string::npos) << error;
  EXPECT_EQ(contents_of(file), content);
}

TEST_F(FileStoreTest, TemporaryFileLeftByACrashIsIgnoredThenWrittenOver) {
  store_.save("binomial", checkpoint_with("1", 0.25));
  write_text(state() / "binomial.json.tmp", R"({"format_version": 1, "position": "99", "acc)");

  EXPECT_EQ(store_.load("binomial")->position, "1");
  store_.save("binomial", checkpoint_with("2", 0.75));
  EXPECT_EQ(store_.load("binomial")->position, "2");
  EXPECT_FALSE(std::filesystem::exists(state() / "binomial.json.tmp"));
}

TEST_F(FileStoreTest, FailedWriteLeavesTheOldCheckpointWhole) {
  store_.save("binomial", checkpoint_with("1", 0.25));
  const std::string before = contents_of(state() / "binomial.json");
  // A directory where the temporary file goes makes the write fail, even for root.
  std::filesystem::create_directory(state() / "binomial.json.tmp");

  const std::string error = error_of([&] { store_.save("binomial", checkpoint_with("2", 0.75)); });
  EXPECT_EQ(error, "cannot open " + (state() / "binomial.json.tmp").string() + ": Is a directory");
  EXPECT_EQ(contents_of(state() / "binomial.json"), before);
  EXPECT_EQ(store_.load("binomial")->position, "1");
}

TEST_F(FileStoreTest, DirectoryThatIsARegularFileFailsSaveNamingIt) {
  write_text(state(), "not a directory");
  const std::string error = error_of([&] { store_.save("binomial", checkpoint_with("1", 0.25)); });
  EXPECT_TRUE(error.starts_with("cannot create directory " + state().string() + ": ")) << error;
  EXPECT_EQ(contents_of(state()), "not a directory");
  EXPECT_FALSE(store_.reachable());
  EXPECT_NE(error_of([&] { store_.load("binomial"); }).find("Not a directory"), std::string::npos);
}

TEST_F(FileStoreTest, ReachableWhenTheDirectoryExistsOrCanBeCreated) {
  EXPECT_TRUE(store_.reachable());
  std::filesystem::create_directories(state());
  EXPECT_TRUE(store_.reachable());
  EXPECT_TRUE(FileStore(directory_.path() / "x" / "y" / "z").reachable());
}

// A checkpoint that load() would refuse as too large is refused when saved, naming the bound, and
// the stored one stays.
TEST_F(FileStoreTest, ACheckpointAboveTheFileBoundIsRefusedAndTheStoredOneStays) {
  store_.save("keyed", checkpoint_with("1", 0.25));
  Checkpoint huge = checkpoint_with("2", 0.5);
  huge.model["keys"] = std::string(file_store::max_checkpoint_file_bytes, 'k');
  const std::string error = error_of([&] { store_.save("keyed", huge); });
  EXPECT_NE(error.find("a checkpoint file may hold"), std::string::npos) << error.substr(0, 300);
  EXPECT_EQ(store_.load("keyed")->position, "1");
}

TEST_F(FileStoreTest, ModelNumberThatJsonCannotHoldIsRefusedAndNothingIsWritten) {
  const Checkpoint infinite{json{{"log_prior", {0.0, -std::numeric_limits<double>::infinity()}}}, "1", 1, 0};
  const std::string error = error_of([&] { store_.save("binomial", infinite); });
  EXPECT_NE(error.find("at /log_prior/1"), std::string::npos) << error;
  EXPECT_FALSE(std::filesystem::exists(state() / "binomial.json"));
}

TEST_F(FileStoreTest, KeyThatIsNotAPlainFileNameIsRefused) {
  for (const std::string key : {"", "../escape", "a/b", ".hidden"}) {
    EXPECT_NE(
        error_of([&] { store_.save(key, checkpoint_with("1", 0.25)); }).find("is not a plain file name"),
        std::string::npos)
        << key;
  }
  EXPECT_FALSE(std::filesystem::exists(directory_.path() / "escape.json"));
}

TEST_F(FileStoreTest, LoadReadsBackWhenTheCheckpointWasSaved) {
  store_.save("model", checkpoint_with("1", 0.25));
  const auto now_ms = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                     std::chrono::system_clock::now().time_since_epoch())
                                                     .count());
  const std::uint64_t saved_at = store_.load("model")->saved_at_unix_ms;
  EXPECT_LE(saved_at, now_ms);
  EXPECT_GT(saved_at, now_ms - 60000);
  json document = json::parse(contents_of(state() / "model.json"));
  document["saved_at"] = "2024-05-01T12:00:00.123Z";
  write_text(state() / "model.json", document.dump());
  EXPECT_EQ(store_.load("model")->saved_at_unix_ms, 1714564800123u);
  document["saved_at"] = "yesterday";
  write_text(state() / "model.json", document.dump());
  EXPECT_EQ(store_.load("model")->saved_at_unix_ms, 0u) << "an unreadable time is unknown, not corrupt";
}

TEST_F(FileStoreTest, KeysListsTheCheckpointsWithThePrefixSorted) {
  EXPECT_TRUE(store_.keys("").empty()) << "no directory yet: no keys, nothing created";
  EXPECT_FALSE(std::filesystem::exists(state()));
  for (const char* key : {"bayes-2", "bayes-10", "bayes-1", "other", "bayes"}) {
    store_.save(key, checkpoint_with("1", 0.25));
  }
  // What else a state directory holds is no checkpoint: a crash's temporary file, the dead
  // letters, a hidden file, a directory named like a checkpoint.
  write_text(state() / "bayes-3.json.tmp", "{");
  write_text(state() / "dead-letter.jsonl", "{}\n");
  write_text(state() / ".bayes-4.json", "{}");
  std::filesystem::create_directories(state() / "bayes-5.json");
  EXPECT_EQ(store_.keys("bayes-"), (std::vector<std::string>{"bayes-1", "bayes-10", "bayes-2"}));
  EXPECT_EQ(store_.keys(""), (std::vector<std::string>{"bayes", "bayes-1", "bayes-10", "bayes-2", "other"}));
  EXPECT_TRUE(store_.keys("nothing").empty());
}

TEST_F(FileStoreTest, RemoveDeletesOneCheckpointAndSaysWhetherItWasThere) {
  store_.save("bayes-1", checkpoint_with("1", 0.25));
  store_.save("bayes-2", checkpoint_with("2", 0.75));
  EXPECT_TRUE(store_.remove("bayes-1"));
  EXPECT_FALSE(store_.load("bayes-1").has_value());
  EXPECT_FALSE(std::filesystem::exists(state() / "bayes-1.json"));
  EXPECT_EQ(store_.load("bayes-2")->position, "2");
  EXPECT_FALSE(store_.remove("bayes-1")) << "removed already";
  EXPECT_EQ(store_.keys("bayes-"), (std::vector<std::string>{"bayes-2"}));
  EXPECT_NE(error_of([&] { store_.remove("../escape"); }).find("is not a plain file name"),
            std::string::npos);
}

}  // namespace
