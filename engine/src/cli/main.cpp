// event-engine: run, validate and inspect pipelines, and publish events into them.
#include <malloc.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"

using namespace event_engine;

namespace {

void add_config_options(CLI::App& command, ConfigOptions& options, bool required) {
  auto* config = command.add_option("-c,--config", options.config_file, "Pipeline config file (JSON)");
  if (required) config->required();
  command
      .add_option("--set", options.overrides,
                  "Override a config value: key.path=value (JSON, else a string); repeatable")
      ->allow_extra_args(false);
}

}  // namespace

int main(int argc, char** argv) {
  // Large transient buffers (a plot's 1.2 MB image surface, a big request body) are mapped and
  // unmapped each time. By default glibc raises its mmap threshold once the first one is freed
  // and serves the next ones from a heap where they stay resident: the process would grow by a
  // few MiB over its first minutes of rendering and keep them.
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  // Fixing the mmap threshold also fixes glibc's trim threshold at 128 KiB: every arena then
  // hands the top of its heap back (madvise, a TLB shoot-down on the other core) and faults it
  // in again as ZeroMQ's queues breathe, which cost unbatched ZeroMQ intake 40% of its rate.
  mallopt(M_TRIM_THRESHOLD, 4 * 1024 * 1024);
  spdlog::set_default_logger(spdlog::stderr_color_mt("event-engine"));
  spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%n] %v");

  CLI::App app{"event-engine: a plugin-based event-processing engine"};
  app.set_version_flag("--version", std::string("event-engine ") + EVENT_ENGINE_VERSION);
  std::string log_level = "info";
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();
  app.require_subcommand(1);
  app.fallthrough();

  ConfigOptions run_options;
  bool reset_state = false;
  CLI::App* run = app.add_subcommand("run", "Run a pipeline until SIGINT or SIGTERM");
  add_config_options(*run, run_options, true);
  run->add_flag("--reset-state", reset_state, "Ignore the stored checkpoint and start from the prior");

  ConfigOptions validate_options;
  CLI::App* validate =
      app.add_subcommand("validate", "Check a config and its plugins' configs; print OK or every error");
  add_config_options(*validate, validate_options, true);

  ConfigOptions plugins_options;
  std::string plugin_name;
  CLI::App* plugins = app.add_subcommand(
      "plugins", "List the plugins found in the plugin directories, or describe one and its config keys");
  add_config_options(*plugins, plugins_options, false);
  plugins->add_option("name", plugin_name, "A plugin to describe, e.g. binomial_grid");

  ConfigOptions schema_options;
  CLI::App* schema = app.add_subcommand(
      "schema", "Print a JSON Schema (draft 2020-12) of the pipeline config, with the installed plugins");
  add_config_options(*schema, schema_options, false);

  ConfigOptions test_options;
  std::vector<std::string> case_files;
  CLI::App* test = app.add_subcommand(
      "test", "Run case files against the config's model, in-process: events in, expected summary out");
  add_config_options(*test, test_options, true);
  test->add_option("cases", case_files, "Case files (JSON)")->required();

  PublishOptions publish_options;
  CLI::App* publish = app.add_subcommand("publish", "Publish events through the config's broker");
  add_config_options(*publish, publish_options.config, true);
  publish->add_option("-t,--topic", publish_options.topic, "Topic (default: the first ingestion route's)");
  publish->add_option("-f,--file", publish_options.file, "File with one event per line");
  publish->add_option("values", publish_options.values, "Events to publish, e.g. w w l");
  publish->add_option("--idempotency-key", publish_options.idempotency_key,
                      "Publish each batch once per KEY/<batch>: the same command run again after a failure "
                      "stores only what was not stored (needs a broker that deduplicates)");
  publish
      ->add_option("--finish-timeout", publish_options.finish_timeout_seconds,
                   "Over zmq, which acknowledges nothing: seconds to wait at the end for the engine to take "
                   "what is still queued; past them, exit 1 (default 60, at most a day)")
      ->check(CLI::Range(0.001, 86400.0));

  ConfigOptions group_options;
  std::string member_key;
  CLI::App* group = app.add_subcommand("group", "Manage a group of engines that share a stream");
  group->require_subcommand(1);
  CLI::App* group_remove = group->add_subcommand(
      "remove", "Remove a member that stopped for good: delete its checkpoint (its share leaves the group)");
  add_config_options(*group_remove, group_options, true);
  group_remove->add_option("key", member_key, "The member's checkpoint key, e.g. bayes-3")->required();

  ConfigOptions keys_options;
  std::vector<std::string> removed_keys;
  CLI::App* keys = app.add_subcommand("keys", "Manage the keys of a running keyed engine");
  keys->require_subcommand(1);
  CLI::App* keys_remove = keys->add_subcommand(
      "remove",
      "Drop keys and their state from the engine that runs the config (DELETE /keys over its HTTP)");
  add_config_options(*keys_remove, keys_options, true);
  keys_remove->add_option("keys", removed_keys, "The keys to remove, e.g. checkout/B")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? exit_ok : exit_bad_config;
  }
  spdlog::set_level(spdlog::level::from_str(log_level));

  if (run->parsed()) return run_command(run_options, reset_state);
  if (validate->parsed()) return validate_command(validate_options);
  if (plugins->parsed()) return plugins_command(plugins_options, plugin_name);
  if (schema->parsed()) return schema_command(schema_options);
  if (test->parsed()) return test_command(test_options, case_files);
  if (group_remove->parsed()) return group_remove_command(group_options, member_key);
  if (keys_remove->parsed()) return keys_remove_command(keys_options, removed_keys);
  return publish_command(publish_options);
}
