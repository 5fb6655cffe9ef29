// The file_store library's manifest and factory, as the engine's plugin loader finds them.
#include <iterator>
#include <memory>

#include "event_engine/export.hpp"
#include "event_engine/factories.hpp"
#include "file_store.hpp"

namespace file_store {

constexpr event_engine::ConfigKeyInfo config_keys[] = {
    {"directory", "string", R"("state")",
     "directory of the checkpoint files (<key>.json), relative to the config file's directory"},
};

std::unique_ptr<event_engine::Store> create(const event_engine::ConfigReader& config,
                                            const event_engine::PluginContext& context) {
  const std::string directory = config.string("directory", "state");
  if (directory.empty()) config.fail("directory", "expected a directory path");
  return std::make_unique<FileStore>(context.resolve(directory));
}

constexpr event_engine::PluginInfo plugins[] = {{
    .kind = "store",
    .name = "file",
    .version = "1.0.0",
    .summary = "Checkpoints as JSON files, replaced atomically (temporary file, fsync, rename)",
    .config_keys = config_keys,
    .config_key_count = std::size(config_keys),
    .factory_alias = "event_engine_file_store_factory",
}};

constexpr event_engine::LibraryManifest manifest{
    .api_version = EVENT_ENGINE_PLUGIN_API_VERSION,
    .abi_fingerprint = EVENT_ENGINE_ABI_FINGERPRINT,
    .plugins = plugins,
    .plugin_count = std::size(plugins),
};

}  // namespace file_store

EVENT_ENGINE_EXPORT_MANIFEST(file_store::manifest)
EVENT_ENGINE_EXPORT_FACTORY(file_store::create, event_engine_file_store_factory)
