// png_plotter.so keeps cairo, pixman and fontconfig loaded after it is itself unloaded
// (plugin/pinned_libraries.cpp). This test program does not link cairo, so they come into it only
// with the plugin, as in the engine.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <filesystem>

#include "observability/metrics_registry.hpp"
#include "plugins/plugin_loader.hpp"
#include "test_paths.hpp"

namespace png_plotter {
namespace {

bool is_loaded(const char* library) {
  void* handle = dlopen(library, RTLD_NOW | RTLD_NOLOAD);
  if (handle != nullptr) dlclose(handle);
  return handle != nullptr;
}

TEST(PinnedLibraries, CairoPixmanAndFontconfigStayLoadedWhenThePluginIsUnloaded) {
  const std::string plugin = std::string(test_paths::plugin_dir) + "/png_plotter.so";
  ASSERT_FALSE(is_loaded("libpixman-1.so.0")) << "this test program must not link cairo";
  ASSERT_FALSE(is_loaded("libfontconfig.so.1")) << "this test program must not link cairo";
  ASSERT_FALSE(is_loaded("libcairo.so.2")) << "this test program must not link cairo";
  {
    event_engine::PluginLoader loader({test_paths::plugin_dir});
    event_engine::MetricsRegistry metrics;
    event_engine::PluginContext context;
    context.metrics = &metrics;
    context.logger = std::make_shared<spdlog::logger>("pinned_libraries_test",
                                                      std::make_shared<spdlog::sinks::null_sink_mt>());
    const nlohmann::json config = {
        {"directory", (std::filesystem::temp_directory_path() / "pinned_libraries_test").string()}};
    const auto plotter =
        loader.create_visualiser("png_plotter", event_engine::ConfigReader(config, "/config"), context);
    EXPECT_TRUE(is_loaded(plugin.c_str()));
    EXPECT_TRUE(is_loaded("libpixman-1.so.0"));
    EXPECT_TRUE(is_loaded("libfontconfig.so.1"));
  }
  EXPECT_FALSE(is_loaded(plugin.c_str())) << "the plugin itself still unloads";
  // Before the pin, both went with the plugin and the next load leaked what they keep again.
  EXPECT_TRUE(is_loaded("libpixman-1.so.0"));
  EXPECT_TRUE(is_loaded("libfontconfig.so.1"));
  EXPECT_TRUE(is_loaded("libcairo.so.2"));
}

}  // namespace
}  // namespace png_plotter
