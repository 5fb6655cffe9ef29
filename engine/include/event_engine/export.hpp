// Macros a plugin library uses to export its manifest and factories through Boost.DLL.
#pragma once

#include <boost/dll/alias.hpp>

#include "event_engine/api_version.hpp"
#include "event_engine/manifest.hpp"

// Exports `manifest_variable` (a qualified name, e.g. my_plugin::manifest) as the library manifest.
#define EVENT_ENGINE_EXPORT_MANIFEST(manifest_variable) \
  BOOST_DLL_ALIAS(manifest_variable, event_engine_manifest)

// Exports a factory under `alias`, the name given in the manifest's PluginInfo::factory_alias.
// Qualify the function (my_plugin::create): an unqualified name equal to the alias would export a
// pointer to the alias itself.
#define EVENT_ENGINE_EXPORT_FACTORY(qualified_function, alias) BOOST_DLL_ALIAS(qualified_function, alias)
