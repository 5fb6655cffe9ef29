#include "plugins/plugin_loader.hpp"

#include <algorithm>
#include <boost/dll/shared_library.hpp>
#include <cstdlib>
#include <cstring>
#include <set>

#include "config/closest_name.hpp"
#include "event_engine/api_version.hpp"

namespace event_engine {
namespace {

const char* const kinds[] = {"broker", "model", "store", "visualiser"};

bool is_known_kind(const char* kind) {
  return std::any_of(std::begin(kinds), std::end(kinds),
                     [&](const char* k) { return std::strcmp(k, kind) == 0; });
}

std::string text_or_empty(const char* text) { return text == nullptr ? std::string() : std::string(text); }

// Where the program's own plugins are: installed, the program lives in <prefix>/bin and its plugins
// in <prefix>/<libdir>/event-engine/plugins; in a build tree, in build/bin and build/plugins.
std::vector<std::filesystem::path> program_plugin_dirs() {
  std::error_code error;
  const std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return {};
  const std::filesystem::path prefix = program.parent_path().parent_path();
  return {prefix / EVENT_ENGINE_INSTALLED_PLUGIN_DIR, prefix / "plugins"};
}

}  // namespace

std::vector<std::filesystem::path> PluginLoader::search_path(
    const std::vector<std::filesystem::path>& config_dirs) {
  std::vector<std::filesystem::path> directories = config_dirs;
  if (const char* from_environment = std::getenv("EVENT_ENGINE_PLUGIN_PATH")) {
    std::string_view rest(from_environment);
    while (!rest.empty()) {
      const std::size_t colon = rest.find(':');
      const std::string_view entry = rest.substr(0, colon);
      if (!entry.empty()) directories.emplace_back(entry);
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
  }
  for (std::filesystem::path& own : program_plugin_dirs()) directories.push_back(std::move(own));
  return directories;
}

PluginLoader::PluginLoader(const std::vector<std::filesystem::path>& directories) {
  std::vector<std::size_t> directory_of_plugin;
  for (std::size_t index = 0; index < directories.size(); ++index) {
    std::error_code error;
    if (!std::filesystem::is_directory(directories[index], error)) continue;
    std::vector<std::filesystem::path> libraries;
    for (const auto& entry : std::filesystem::directory_iterator(directories[index], error)) {
      if (entry.path().extension() == ".so" && entry.is_regular_file()) libraries.push_back(entry.path());
    }
    std::sort(libraries.begin(), libraries.end());  // the same order on every machine
    for (const auto& library : libraries) load_library(library, index, directory_of_plugin);
  }
}

void PluginLoader::load_library(const std::filesystem::path& library, std::size_t directory_index,
                                std::vector<std::size_t>& directory_of_plugin) {
  auto loaded = std::make_shared<boost::dll::shared_library>();
  std::error_code error;
  loaded->load(library, boost::dll::load_mode::default_mode, error);
  if (error) {
    throw PluginLoadError("plugin library " + library.string() + ": cannot be loaded: " + error.message());
  }
  if (!loaded->has(manifest_alias)) {
    throw PluginLoadError("plugin library " + library.string() + ": no plugin manifest (no symbol " +
                          manifest_alias + "); is it an event-engine plugin?");
  }
  const LibraryManifest& manifest = loaded->get_alias<const LibraryManifest>(manifest_alias);
  if (manifest.api_version != EVENT_ENGINE_PLUGIN_API_VERSION) {
    throw PluginLoadError("plugin library " + library.string() + ": built for plugin API version " +
                          std::to_string(manifest.api_version) + ", this engine speaks version " +
                          std::to_string(EVENT_ENGINE_PLUGIN_API_VERSION) +
                          "; rebuild it against this engine");
  }
  if (manifest.abi_fingerprint == nullptr ||
      std::strcmp(manifest.abi_fingerprint, EVENT_ENGINE_ABI_FINGERPRINT) != 0) {
    throw PluginLoadError("plugin library " + library.string() + ": built with \"" +
                          text_or_empty(manifest.abi_fingerprint) + "\", this engine with \"" +
                          EVENT_ENGINE_ABI_FINGERPRINT +
                          "\"; rebuild it with the same compiler and libraries");
  }
  for (std::size_t i = 0; i < manifest.plugin_count; ++i) {
    const PluginInfo& info = manifest.plugins[i];
    if (info.kind == nullptr || info.name == nullptr || info.factory_alias == nullptr ||
        !is_known_kind(info.kind)) {
      throw PluginLoadError("plugin library " + library.string() + ": manifest entry " + std::to_string(i) +
                            " needs a kind (broker, model, store or visualiser), a name and a factory");
    }
    if (!loaded->has(info.factory_alias)) {
      throw PluginLoadError("plugin library " + library.string() + ": " + info.kind + " '" + info.name +
                            "' names factory " + info.factory_alias + ", which the library does not export");
    }
    const auto same = std::find_if(plugins_.begin(), plugins_.end(), [&](const PluginDescriptor& known) {
      return known.kind == info.kind && known.name == info.name;
    });
    if (same != plugins_.end()) {
      if (directory_of_plugin[static_cast<std::size_t>(same - plugins_.begin())] != directory_index) continue;
      throw PluginLoadError("plugin library " + library.string() + ": " + info.kind + " '" + info.name +
                            "' is also provided by " + same->library.string() + "; remove one of them");
    }
    PluginDescriptor descriptor{
        info.kind, info.name, text_or_empty(info.version), text_or_empty(info.summary),
        library,   {},        info.factory_alias,          loaded};
    for (std::size_t k = 0; k < info.config_key_count; ++k) {
      const ConfigKeyInfo& key = info.config_keys[k];
      descriptor.config_keys.push_back({text_or_empty(key.name), text_or_empty(key.type),
                                        text_or_empty(key.default_json), text_or_empty(key.description),
                                        key.secret});
    }
    plugins_.push_back(std::move(descriptor));
    directory_of_plugin.push_back(directory_index);
  }
}

const PluginDescriptor& PluginLoader::find(std::string_view kind, std::string_view name) const {
  std::vector<std::string> names;
  for (const PluginDescriptor& plugin : plugins_) {
    if (plugin.kind != kind) continue;
    if (plugin.name == name) return plugin;
    names.push_back(plugin.name);
  }
  std::string found;
  for (const std::string& known : names) found += (found.empty() ? "" : ", ") + known;
  throw PluginLoadError("no " + std::string(kind) + " plugin named '" + std::string(name) + "'; found: " +
                        (found.empty() ? "none (check plugin_dirs and EVENT_ENGINE_PLUGIN_PATH)" : found));
}

template <typename Interface, typename Factory>
std::shared_ptr<Interface> PluginLoader::create(std::string_view kind, std::string_view name,
                                                const ConfigReader& config,
                                                const PluginContext& context) const {
  const PluginDescriptor& plugin = find(kind, name);
  check_config_keys(plugin, config.raw(), config.path());
  Factory& factory = plugin.loaded->get_alias<Factory>(plugin.factory_alias);
  std::unique_ptr<Interface> made;
  try {
    made = factory(config, context);
  } catch (const ConfigError&) {
    throw;
  } catch (const std::exception& error) {
    throw PluginLoadError("plugin library " + plugin.library.string() + ": " + std::string(kind) + " '" +
                          std::string(name) + "' failed to start: " + error.what());
  }
  if (!made) {
    throw PluginLoadError("plugin library " + plugin.library.string() + ": " + std::string(kind) + " '" +
                          std::string(name) + "' factory returned nothing");
  }
  // The deleter holds the library, so the object's code stays mapped until the object is gone.
  std::shared_ptr<boost::dll::shared_library> library = plugin.loaded;
  return std::shared_ptr<Interface>(made.release(), [library](Interface* object) { delete object; });
}

std::shared_ptr<Broker> PluginLoader::create_broker(std::string_view name, const ConfigReader& config,
                                                    const PluginContext& context) const {
  return create<Broker, BrokerFactory>("broker", name, config, context);
}

std::shared_ptr<Model> PluginLoader::create_model(std::string_view name, const ConfigReader& config,
                                                  const PluginContext& context) const {
  return create<Model, ModelFactory>("model", name, config, context);
}

std::shared_ptr<Store> PluginLoader::create_store(std::string_view name, const ConfigReader& config,
                                                  const PluginContext& context) const {
  return create<Store, StoreFactory>("store", name, config, context);
}

std::shared_ptr<Visualiser> PluginLoader::create_visualiser(std::string_view name, const ConfigReader& config,
                                                            const PluginContext& context) const {
  return create<Visualiser, VisualiserFactory>("visualiser", name, config, context);
}

void check_config_keys(const PluginDescriptor& plugin, const nlohmann::json& config,
                       const std::string& path) {
  if (config.is_null()) return;
  if (!config.is_object()) {
    throw ConfigError(path, "expected an object, got " + ConfigReader::shown(config));
  }
  std::vector<std::string> known;
  for (const ConfigKeyDescriptor& key : plugin.config_keys) known.push_back(key.name);
  for (const auto& [key, value] : config.items()) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string message = "unknown key for " + plugin.kind + " '" + plugin.name + "'";
    if (std::string close = closest_name(key, known); !close.empty())
      message += "; did you mean \"" + close + "\"?";
    std::string listed;
    for (const std::string& name : known) listed += (listed.empty() ? "" : ", ") + name;
    message += " (known keys: " + (listed.empty() ? std::string("none") : listed) + ")";
    throw ConfigError(path + "/" + key, message);
  }
}

}  // namespace event_engine
