// The file store as the engine gets it: the real plugin loader and the built file_store.so.
#include <gtest/gtest.h>

#include <spdlog/logger.h>
#include <fstream>
#include <nlohmann/json.hpp>

#include "event_engine/config_error.hpp"
#include "event_engine/config_reader.hpp"
#include "observability/metrics_registry.hpp"
#include "plugins/plugin_loader.hpp"
#include "temporary_directory.hpp"
#include "test_paths.hpp"

namespace {

using nlohmann::json;

class FileStorePluginTest : public testing::Test {
 protected:
  std::shared_ptr<event_engine::Store> load_store(const json& config) {
    return loader_.create_store("file", event_engine::ConfigReader(config, "/process/store/config"),
                                context_);
  }

  std::string config_error_of(const json& config) {
    try {
      load_store(config);
    } catch (const event_engine::ConfigError& error) {
      return error.what();
    }
    return "no ConfigError";
  }

  TemporaryDirectory config_dir_;
  event_engine::MetricsRegistry metrics_;
  const event_engine::PluginContext context_{std::make_shared<spdlog::logger>("file-store-test"), &metrics_,
                                             config_dir_.path(), ""};
  const event_engine::PluginLoader loader_{{test_paths::plugin_dir}};
};

TEST_F(FileStorePluginTest, ManifestDeclaresTheDirectoryKey) {
  const event_engine::PluginDescriptor& plugin = loader_.find("store", "file");
  EXPECT_EQ(plugin.version, "1.0.0");
  EXPECT_FALSE(plugin.summary.empty());
  ASSERT_EQ(plugin.config_keys.size(), 1u);
  EXPECT_EQ(plugin.config_keys[0].name, "directory");
  EXPECT_EQ(plugin.config_keys[0].type, "string");
  EXPECT_EQ(plugin.config_keys[0].default_json, R"("state")");
}

TEST_F(FileStorePluginTest, DirectoryResolvesAgainstTheConfigFilesDirectory) {
  const std::shared_ptr<event_engine::Store> store = load_store({{"directory", "checkpoints"}});
  store->save("binomial", event_engine::Checkpoint{json{{"w", 6}, {"p", 0.1}}, "9", 9, 0, 0});
  EXPECT_TRUE(std::filesystem::is_regular_file(config_dir_.path() / "checkpoints" / "binomial.json"));
  const std::optional<event_engine::Checkpoint> loaded = store->load("binomial");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->model, (json{{"w", 6}, {"p", 0.1}}));
  EXPECT_EQ(loaded->position, "9");
}

TEST_F(FileStorePluginTest, DefaultDirectoryIsStateBesideTheConfigAndIsNotCreatedUntilASave) {
  const std::shared_ptr<event_engine::Store> store = load_store(json::object());
  EXPECT_FALSE(std::filesystem::exists(config_dir_.path() / "state"));
  EXPECT_TRUE(store->reachable());
  store->save("binomial", event_engine::Checkpoint{json::object(), "1", 1, 0, 0});
  EXPECT_TRUE(std::filesystem::is_regular_file(config_dir_.path() / "state" / "binomial.json"));
}

TEST_F(FileStorePluginTest, CorruptFileErrorCrossesThePluginBoundaryAsRuntimeError) {
  std::filesystem::create_directories(config_dir_.path() / "state");
  std::ofstream(config_dir_.path() / "state" / "binomial.json") << "{";
  const std::shared_ptr<event_engine::Store> store = load_store(json::object());
  EXPECT_THROW(store->load("binomial"), std::runtime_error);
}

TEST_F(FileStorePluginTest, ConfigErrorsNameThePath) {
  EXPECT_EQ(config_error_of({{"directory", 42}}),
            "/process/store/config/directory: expected a string, got 42");
  EXPECT_EQ(config_error_of({{"directory", ""}}),
            R"(/process/store/config/directory: expected a directory path, got "")");
  const std::string unknown = config_error_of({{"dir", "state"}});
  EXPECT_TRUE(unknown.starts_with("/process/store/config/dir: unknown key for store 'file'")) << unknown;
}

}  // namespace
