// The engine's own view of a pipeline config: its sections checked, paths resolved, every error
// collected with its JSON path. Plugin configs are kept as JSON for their factories to check.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "decisions/decisions_config.hpp"
#include "experiments/experiments_config.hpp"
#include "group/group_config.hpp"
#include "keys/keys_config.hpp"

namespace event_engine {

// Every error found in a config, each "<json path>: <what was expected>".
class ConfigInvalid : public std::runtime_error {
 public:
  explicit ConfigInvalid(std::vector<std::string> errors);
  const std::vector<std::string>& errors() const noexcept { return errors_; }

 private:
  std::vector<std::string> errors_;
};

// Every struct compares field by field: the config fuzz target checks that a config read back from
// its own JSON gives the same result.
struct PluginChoice {
  std::string plugin;
  nlohmann::json config = nlohmann::json::object();
  std::string config_path;  // JSON pointer of `config`, e.g. "/process/model/config"

  bool operator==(const PluginChoice&) const = default;
};

struct HttpAuthConfig {
  // The environment variable that holds the bearer token; empty: no token is asked for.
  std::string token_env;
  // Whether the read routes (/model, /plot.*, /metrics, /readyz, /ingest) need the token too.
  bool protect_reads = false;

  bool operator==(const HttpAuthConfig&) const = default;
};

// One fewer than the machine's cores, at least one: heavy reads never keep every core busy. A
// thread woken on a busy core waits for it (in a VM, tens of microseconds at the median and
// milliseconds at the tail, whatever the busy thread's priority), so a core left free is what
// keeps ingestion's and the pipeline's wake-ups quick while queries run (BENCHMARKS.md).
int default_concurrent_queries();

struct HttpConfig {
  std::string host = "127.0.0.1";
  int port = 8000;
  // Workers run whole requests (publish, model reads); connections hold none while they wait.
  int threads = 8;
  std::size_t max_connections = 1024;
  // 0: no cap. Behind a reverse proxy every client has the proxy's address: raise it or set 0.
  std::size_t max_connections_per_client = 256;
  // Headers and body of one request, however slowly they arrive.
  std::chrono::milliseconds request_timeout{10000};
  // A kept-alive (or new) connection's wait for the first byte of its next request.
  std::chrono::milliseconds idle_timeout{5000};
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 64 * 1024 * 1024;
  // A refusal sent before the whole request was read (413, 415, 431, 401, 503) is followed by a
  // lingering close, as nginx's: what the client still sends is read and thrown away, so that it
  // reads the refusal instead of a connection reset. Bounded: lingering_bytes in all, at most
  // lingering_time, and lingering_timeout for each next piece; past a bound the connection is cut.
  std::size_t lingering_bytes = 64 * 1024 * 1024;
  std::chrono::milliseconds lingering_time{10000};
  std::chrono::milliseconds lingering_timeout{2000};
  // Request bodies held in memory at once, over all connections.
  std::size_t max_pending_body_bytes = 256 * 1024 * 1024;
  // Model queries and plots running at once; beyond it they are answered 429.
  int max_concurrent_queries = default_concurrent_queries();
  HttpAuthConfig auth;

  bool operator==(const HttpConfig&) const = default;
};

struct IngestRoute {
  std::string path;  // contains one "{value}", e.g. "/update_model/{value}"; maybe one "{key}" before it
  std::string topic;
  std::vector<std::string> accept;  // empty: any value
  // With "{key}" in the path: the event published is KEY<key_separator>VALUE; empty without.
  std::string key_separator = {};

  bool operator==(const IngestRoute&) const = default;
};

struct CheckpointPolicy {
  // A count trigger bounds what a crash costs at high rates; 10,000 was one millisecond of
  // events at full speed and kept the store saving back to back.
  std::uint64_t every_events = 100000;
  std::chrono::milliseconds every_ms{1000};
  std::string key = "model";
  // /readyz answers 503 once saves have failed for this long with none succeeding: a few failed
  // attempts at the default interval, not one passing hiccup of the store.
  std::chrono::milliseconds not_ready_after_failing_ms{15000};

  bool operator==(const CheckpointPolicy&) const = default;
};

struct ProcessConfig {
  std::vector<std::string> topics;
  PluginChoice model;
  std::optional<PluginChoice> store;
  std::vector<PluginChoice> visualisers;
  CheckpointPolicy checkpoint;
  std::filesystem::path dead_letter_path;
  std::size_t max_batch = 65536;
  std::chrono::milliseconds linger{20};
  // How long a start waits for an unavailable store or broker before it gives up (exit 1);
  // none: as long as it takes.
  std::optional<std::chrono::seconds> startup_timeout{};
  std::optional<GroupConfig> group;
  std::optional<KeysConfig> keys;
  std::optional<DecisionsConfig> decisions;
  std::vector<ExperimentConfig> experiments;

  bool operator==(const ProcessConfig&) const = default;
};

struct PipelineConfig {
  std::filesystem::path config_dir;
  std::vector<std::filesystem::path> plugin_dirs;
  PluginChoice broker;
  std::optional<HttpConfig> http;
  std::vector<IngestRoute> routes;  // empty: no ingestion
  std::optional<ProcessConfig> process;

  bool operator==(const PipelineConfig&) const = default;
};

// Checks the engine's sections of `config` (unknown keys, types, ranges) and resolves relative
// paths against `config_dir`. Appends every error to `errors` and returns what could be read.
PipelineConfig parse_pipeline_config(const nlohmann::json& config, const std::filesystem::path& config_dir,
                                     std::vector<std::string>& errors);

// The same, throwing ConfigInvalid listing every error.
PipelineConfig parse_pipeline_config(const nlohmann::json& config, const std::filesystem::path& config_dir);

}  // namespace event_engine
