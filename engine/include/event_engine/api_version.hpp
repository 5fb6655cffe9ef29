// The plugin API version and the build fingerprint that a plugin library must match.
#pragma once

#include <spdlog/version.h>
#include <nlohmann/json_fwd.hpp>

// Bumped whenever a type or interface in this directory changes incompatibly.
// 2: Model::clone(); reads run on published clones, not under the lock apply() takes.
// 3: Model::mergeable()/merge() (a group's states combine), Store::keys()/remove() (a group's
//    checkpoints are found by prefix), PluginContext::checkpoint_key, ConfigKeyInfo::secret.
// 4: keyed state: Model::use_keys(), apply_keyed(), events_of(), summary_of(), view_of(), query_of().
// 5: keyed merges and reads: Model::merge_keyed(), keep_slots(), query_keys(), query_keys_view().
// 6: idempotent publishing: BrokerCapabilities::deduplicates, Publisher::publish_batch_once();
//    TransientError (transient_error.hpp): Store::load()/save() and Broker::subscribe() throw it for
//    an outage that may pass (unreachable, no leader), and the engine waits it out at start.
#define EVENT_ENGINE_PLUGIN_API_VERSION 6

#define EVENT_ENGINE_STRINGIFY_DETAIL(x) #x
#define EVENT_ENGINE_STRINGIFY(x) EVENT_ENGINE_STRINGIFY_DETAIL(x)

#if defined(__clang__)
#define EVENT_ENGINE_COMPILER_ID "clang-" EVENT_ENGINE_STRINGIFY(__clang_major__)
#elif defined(__GNUC__)
#define EVENT_ENGINE_COMPILER_ID "gcc-" EVENT_ENGINE_STRINGIFY(__GNUC__)
#else
#define EVENT_ENGINE_COMPILER_ID "unknown-compiler"
#endif

// C++ objects (std::string, nlohmann::json, spdlog loggers) cross the plugin boundary, so the engine
// refuses a library whose compiler family, standard library or shared dependencies differ. The
// check reads only this C string, before any C++ symbol of the library is used.
#define EVENT_ENGINE_ABI_FINGERPRINT \
  EVENT_ENGINE_COMPILER_ID           \
  " libstdc++-" EVENT_ENGINE_STRINGIFY(_GLIBCXX_RELEASE)                               \
  " cxx11abi-" EVENT_ENGINE_STRINGIFY(_GLIBCXX_USE_CXX11_ABI)                          \
  " json-" EVENT_ENGINE_STRINGIFY(NLOHMANN_JSON_VERSION_MAJOR) "." EVENT_ENGINE_STRINGIFY( \
      NLOHMANN_JSON_VERSION_MINOR) " spdlog-" EVENT_ENGINE_STRINGIFY(SPDLOG_VER_MAJOR) "." \
      EVENT_ENGINE_STRINGIFY(SPDLOG_VER_MINOR)

// Types that cross the boundary keep default visibility so that exceptions thrown in a plugin
// (built with hidden visibility) are caught by their type in the engine.
#define EVENT_ENGINE_API __attribute__((visibility("default")))
