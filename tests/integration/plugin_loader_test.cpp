// The real loader on real libraries: what it accepts, what it refuses (one line naming the
// library), and that a library stays loaded exactly as long as something made from it exists.
#include "plugins/plugin_loader.hpp"
#include "test_paths.hpp"

#include <dlfcn.h>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include "observability/metrics_registry.hpp"

namespace event_engine {
namespace {

const std::filesystem::path plugins_dir = test_paths::test_plugins_dir;

std::string refusal_of(const std::vector<std::filesystem::path>& directories) {
  try {
    PluginLoader loader(directories);
  } catch (const PluginLoadError& error) {
    return error.what();
  }
  return "";
}

bool library_is_loaded(const std::filesystem::path& library) {
  void* handle = dlopen(library.c_str(), RTLD_LAZY | RTLD_NOLOAD);
  if (handle == nullptr) return false;
  dlclose(handle);
  return true;
}

class PluginLoaderTest : public ::testing::Test {
 protected:
  PluginContext context() { return PluginContext{spdlog::default_logger(), &metrics_, "/tmp", ""}; }
  MetricsRegistry metrics_;
};

TEST_F(PluginLoaderTest, ReadsTheManifestOfEachLibrary) {
  const PluginLoader loader({plugins_dir / "good"});
  ASSERT_EQ(loader.plugins().size(), 1u);
  const PluginDescriptor& plugin = loader.plugins().front();
  EXPECT_EQ(plugin.kind, "model");
  EXPECT_EQ(plugin.name, "counting");
  EXPECT_EQ(plugin.version, "0.1.0");
  EXPECT_EQ(plugin.library, plugins_dir / "good" / "counting_model.so");
  ASSERT_EQ(plugin.config_keys.size(), 1u);
  EXPECT_EQ(plugin.config_keys[0].name, "step");
}

TEST_F(PluginLoaderTest, RefusesALibraryBuiltForAnotherApiVersion) {
  const std::string refusal = refusal_of({plugins_dir / "other_api"});
  EXPECT_NE(refusal.find((plugins_dir / "other_api" / "other_api_model.so").string()), std::string::npos)
      << refusal;
  EXPECT_NE(refusal.find("plugin API version 999"), std::string::npos) << refusal;
  EXPECT_EQ(refusal.find('\n'), std::string::npos) << "one line";
}

// Version 6 added idempotent publishing to the broker port and TransientError, which stores and
// brokers throw for an outage that may pass: a library built for version 5 is refused, saying what
// to do.
TEST_F(PluginLoaderTest, RefusesALibraryBuiltForThePreviousApiVersion) {
  const std::string refusal = refusal_of({plugins_dir / "previous_api"});
  EXPECT_NE(refusal.find((plugins_dir / "previous_api" / "previous_api_model.so").string()),
            std::string::npos)
      << refusal;
  EXPECT_NE(refusal.find("built for plugin API version 5, this engine speaks version 6; rebuild it against "
                         "this engine"),
            std::string::npos)
      << refusal;
}

TEST_F(PluginLoaderTest, RefusesALibraryBuiltWithAnotherCompilerOrLibraries) {
  const std::string refusal = refusal_of({plugins_dir / "other_build"});
  EXPECT_NE(refusal.find("other_build_model.so"), std::string::npos) << refusal;
  EXPECT_NE(refusal.find("another-compiler"), std::string::npos) << refusal;
}

TEST_F(PluginLoaderTest, RefusesALibraryWithoutAManifest) {
  const std::string refusal = refusal_of({plugins_dir / "no_manifest"});
  EXPECT_NE(refusal.find("no_manifest.so"), std::string::npos) << refusal;
  EXPECT_NE(refusal.find("no plugin manifest"), std::string::npos) << refusal;
}

TEST_F(PluginLoaderTest, RefusesTwoPluginsWithTheSameKindAndNameInOneDirectory) {
  const std::string refusal = refusal_of({plugins_dir / "duplicate"});
  EXPECT_NE(refusal.find("model 'twin'"), std::string::npos) << refusal;
  EXPECT_NE(refusal.find("twin_a.so"), std::string::npos) << refusal;
  EXPECT_NE(refusal.find("twin_b.so"), std::string::npos) << refusal;
}

TEST_F(PluginLoaderTest, AnEarlierDirectoryShadowsALaterOneLikePath) {
  const PluginLoader loader({plugins_dir / "shadowing", plugins_dir / "good"});
  ASSERT_EQ(loader.plugins().size(), 1u);
  EXPECT_EQ(loader.find("model", "counting").library.parent_path(), plugins_dir / "shadowing");
}

TEST_F(PluginLoaderTest, AnUnknownNameListsTheNamesFound) {
  const PluginLoader loader({plugins_dir / "good", plugins_dir / "throwing"});
  try {
    loader.find("model", "poisson");
    FAIL();
  } catch (const PluginLoadError& error) {
    EXPECT_STREQ(error.what(), "no model plugin named 'poisson'; found: counting, thrower");
  }
  EXPECT_THROW(loader.find("broker", "counting"), PluginLoadError);
}

TEST_F(PluginLoaderTest, AFactoryThatThrowsIsRefusedNamingTheLibrary) {
  const PluginLoader loader({plugins_dir / "throwing"});
  const nlohmann::json config = nlohmann::json::object();
  try {
    loader.create_model("thrower", ConfigReader(config, "/process/model/config"), context());
    FAIL();
  } catch (const PluginLoadError& error) {
    EXPECT_NE(std::string(error.what()).find("throwing_model.so"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("the test factory refuses to start"), std::string::npos)
        << error.what();
  }
}

TEST_F(PluginLoaderTest, ConfigErrorsNameTheJsonPath) {
  const PluginLoader loader({plugins_dir / "good"});
  nlohmann::json config = {{"step", "abc"}};
  try {
    loader.create_model("counting", ConfigReader(config, "/process/model/config"), context());
    FAIL();
  } catch (const ConfigError& error) {
    EXPECT_STREQ(error.what(), "/process/model/config/step: expected an integer in [1, 100], got \"abc\"");
  }
  config = {{"stp", 2}};
  try {
    loader.create_model("counting", ConfigReader(config, "/process/model/config"), context());
    FAIL();
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("/process/model/config/stp: unknown key"), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("did you mean \"step\"?"), std::string::npos) << error.what();
  }
}

TEST_F(PluginLoaderTest, TheLibraryOutlivesTheLoaderAndIsUnloadedWithItsLastObject) {
  const std::filesystem::path library = plugins_dir / "good" / "counting_model.so";
  ASSERT_FALSE(library_is_loaded(library));
  std::shared_ptr<Model> model;
  {
    const PluginLoader loader({plugins_dir / "good"});
    const nlohmann::json config = {{"step", 3}};
    model = loader.create_model("counting", ConfigReader(config, "/process/model/config"), context());
  }
  ASSERT_TRUE(library_is_loaded(library)) << "the object still needs its code";
  EventBatch batch;
  batch.add("a");
  batch.add("b");
  RejectedEvents rejected;
  EXPECT_EQ(model->apply(batch, rejected).accepted, 2u);
  EXPECT_EQ(model->summary(false).at("count"), 6);
  model.reset();
  EXPECT_FALSE(library_is_loaded(library)) << "nothing made from the library is left";
}

}  // namespace
}  // namespace event_engine
