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
int plugins_command(const ConfigOptions& options);  // config_file may be empty

struct PublishOptions {
  ConfigOptions config;
  std::string topic;  // empty: the first ingestion route's topic, else the first processed topic
  std::vector<std::string> values;
  std::string file;  // one event per line
};
int publish_command(const PublishOptions& options);

}  // namespace event_engine
