// Finds plugin libraries, checks their manifests and builds plugins from them. Every object made
// here holds its library, so a library is unloaded only after the last object made from it.
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "event_engine/factories.hpp"
#include "event_engine/manifest.hpp"

namespace boost::dll {
class shared_library;
}

namespace event_engine {

// A refused library or an unknown plugin: one line that names the library.
class PluginLoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ConfigKeyDescriptor {
  std::string name;
  std::string type;
  std::string default_json;  // empty when the key is required
  std::string description;
  bool secret = false;  // its value is never shown (validate, logs); the schema marks it writeOnly
};

struct PluginDescriptor {
  std::string kind;
  std::string name;
  std::string version;
  std::string summary;
  std::filesystem::path library;
  std::vector<ConfigKeyDescriptor> config_keys;
  std::string factory_alias;
  std::shared_ptr<boost::dll::shared_library> loaded;
};

class PluginLoader {
 public:
  // Scans the directories in order (missing ones are skipped) and loads every `*.so` manifest.
  // Throws PluginLoadError for a library with another API version or build fingerprint, one
  // without a manifest, or a kind+name provided twice within one directory. Across directories
  // the earlier directory wins, as with PATH.
  explicit PluginLoader(const std::vector<std::filesystem::path>& directories);

  const std::vector<PluginDescriptor>& plugins() const noexcept { return plugins_; }

  // Throws PluginLoadError listing the names found for `kind` when `name` is unknown.
  const PluginDescriptor& find(std::string_view kind, std::string_view name) const;

  std::shared_ptr<Broker> create_broker(std::string_view name, const ConfigReader& config,
                                        const PluginContext& context) const;
  std::shared_ptr<Model> create_model(std::string_view name, const ConfigReader& config,
                                      const PluginContext& context) const;
  std::shared_ptr<Store> create_store(std::string_view name, const ConfigReader& config,
                                      const PluginContext& context) const;
  std::shared_ptr<Visualiser> create_visualiser(std::string_view name, const ConfigReader& config,
                                                const PluginContext& context) const;

  // The plugin directories in search order: the config's (already absolute), then
  // EVENT_ENGINE_PLUGIN_PATH (colon-separated), then the installed directory.
  static std::vector<std::filesystem::path> search_path(
      const std::vector<std::filesystem::path>& config_dirs);

 private:
  template <typename Interface, typename Factory>
  std::shared_ptr<Interface> create(std::string_view kind, std::string_view name, const ConfigReader& config,
                                    const PluginContext& context) const;

  void load_library(const std::filesystem::path& library, std::size_t directory_index,
                    std::vector<std::size_t>& directory_of_plugin);

  std::vector<PluginDescriptor> plugins_;
};

// Checks a plugin config object against the keys its manifest declares: an unknown key is a
// ConfigError naming its path, with a suggestion when a declared key is close.
void check_config_keys(const PluginDescriptor& plugin, const nlohmann::json& config, const std::string& path);

}  // namespace event_engine
