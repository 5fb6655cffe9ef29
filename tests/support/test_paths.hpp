#pragma once

// Where this checkout's sources are and where its build put the program and the plugins. The values
// live in one source file that CMake generates (test_paths.cpp.in), not in each test's compile
// flags: no other object file holds a path of the checkout, so ccache reuses them from a clone at
// another path (CI's clone, a second work tree).
namespace test_paths {
extern const char* const source_dir;
extern const char* const binary_dir;
extern const char* const plugin_dir;        // the shipped plugins, as built
extern const char* const test_plugins_dir;  // the tests' own plugins (tests/integration/test_plugins, ...)
extern const char* const required_key_plugin_dir;
extern const char* const secret_key_plugin_dir;
extern const char* const program;  // the event-engine binary
extern const char* const held_connections_script;
extern const char* const live_page_driver;
extern const char* const retrying_client;  // tests/support/retrying_client.py
extern const char* const cmake_command;
extern const char* const cxx_compiler;  // the compiler of this build, for plugins built out of tree
extern const char* const cpack_command;
}  // namespace test_paths
