// What a plugin library declares about itself. Plain C layout on purpose: the engine reads it to
// check the API version and build fingerprint before it touches any C++ symbol of the library.
#pragma once

#include <cstddef>
#include <cstdint>

namespace event_engine {

// One config key a plugin takes. `type` is one of: integer, number, boolean, string, array, object.
// `default_json` is the default as JSON text ("120", "\"w\"", "[\"w\"]"), or nullptr if required.
// A `secret` key's value (a password, a token) is never shown: `validate` and logs print it masked.
struct ConfigKeyInfo {
  const char* name;
  const char* type;
  const char* default_json;
  const char* description;
  bool secret = false;
};

// One plugin that a library provides; `factory_alias` names the exported factory.
struct PluginInfo {
  const char* kind;  // broker | model | store | visualiser
  const char* name;
  const char* version;
  const char* summary;
  const ConfigKeyInfo* config_keys;
  std::size_t config_key_count;
  const char* factory_alias;
};

struct LibraryManifest {
  std::uint32_t api_version;
  const char* abi_fingerprint;
  const PluginInfo* plugins;
  std::size_t plugin_count;
};

// The alias under which every plugin library exports its LibraryManifest.
inline constexpr const char* manifest_alias = "event_engine_manifest";

}  // namespace event_engine
