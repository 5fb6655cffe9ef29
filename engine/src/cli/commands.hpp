// The program's subcommands. Each returns the process exit code: 0 success, 1 runtime failure,
// 2 bad config or plugin.
#pragma once

#include <string>
#include <vector>

namespace event_engine {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_bad_config = 2;

struct ConfigOptions {
  std::string config_file;
  std::vector<std::string> overrides;  // --set key.path=value
};

int run_command(const ConfigOptions& options, bool reset_state);
int validate_command(const ConfigOptions& options);
// The table of plugins found, or with a `name` that plugin's manifest: summary, library, version
// and every config key. config_file may be empty.
int plugins_command(const ConfigOptions& options, const std::string& name);
// The pipeline config's JSON Schema with the installed plugins' configs. config_file may be empty.
int schema_command(const ConfigOptions& options);

// Runs each case file (engine/src/testing/case_file.hpp) against the config's model, in-process.
int test_command(const ConfigOptions& options, const std::vector<std::string>& case_files);

struct PublishOptions {
  ConfigOptions config;
  std::string topic;  // empty: the first ingestion route's topic, else the first processed topic
  std::vector<std::string> values;
  std::string file;  // one event per line
  // Not empty: every batch is published once per "<key>/<batch>" (Idempotency-Key), so running the
  // same command again after a failure stores only what the first run did not.
  std::string idempotency_key;
  // For a broker whose publish only queues (zmq): how long to wait at the end for the receiver to
  // take what is still queued before saying the events were published; past it, exit 1.
  double finish_timeout_seconds = 60;
};
int publish_command(const PublishOptions& options);

// Deletes a group member's checkpoint `key` from the config's store: 0 removed, 1 none there.
int group_remove_command(const ConfigOptions& options, const std::string& key);
// Asks the engine that runs the config to drop `keys` (DELETE /keys): 0 all removed, 1 some key
// was not there, 2 not a keyed config with HTTP, or the engine unreachable.
int keys_remove_command(const ConfigOptions& options, const std::vector<std::string>& keys);

}  // namespace event_engine
