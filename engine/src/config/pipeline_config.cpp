#include "config/pipeline_config.hpp"

#include <algorithm>
#include <charconv>
#include <functional>
#include <thread>

#include "config/closest_name.hpp"
#include "config/config_limits.hpp"
#include "event_engine/config_reader.hpp"

namespace event_engine {
namespace {

std::string joined(const std::vector<std::string>& errors) {
  std::string text;
  for (const std::string& error : errors) text += (text.empty() ? "" : "\n") + error;
  return text;
}

// Collects errors instead of stopping at the first, so `validate` can show them all; beyond
// max_config_errors_listed only counts them (a config of a million unknown keys gives one line
// per listed error, not a million).
class ErrorList {
 public:
  void add(std::string message) {
    if (errors_.size() < max_config_errors_listed) {
      errors_.push_back(std::move(message));
    } else {
      ++not_listed_;
    }
  }

  // Runs `read`; a ConfigError it throws is recorded. Returns whether it succeeded.
  bool attempt(const std::function<void()>& read) {
    try {
      read();
      return true;
    } catch (const ConfigError& error) {
      add(error.what());
      return false;
    }
  }

  // Runs `read` over the section at `path`: an exception of nlohmann/json escaping it (the
  // reader's checks should leave none) is recorded at that path rather than ending the program.
  void guard(const std::string& path, const std::function<void()>& read) {
    try {
      read();
    } catch (const nlohmann::json::exception& error) {
      add((path.empty() ? std::string("/") : path) + ": " + ConfigReader::shortened(error.what(), 200));
    }
  }

  // Records every key of `object` (at `path`) that is not in `known`, with a suggestion.
  void unknown_keys(const nlohmann::json& object, const std::string& path,
                    const std::vector<std::string>& known) {
    if (!object.is_object()) return;
    for (const auto& item : object.items()) {
      if (std::find(known.begin(), known.end(), item.key()) != known.end()) continue;
      std::string message = path + "/" + item.key() + ": unknown key";
      if (const std::string close = closest_name(item.key(), known); !close.empty()) {
        message += "; did you mean \"" + close + "\"?";
      }
      std::string listed;
      for (const std::string& name : known) listed += (listed.empty() ? "" : ", ") + name;
      add(message + " (known keys here: " + listed + ")");
    }
  }

  // Records an error unless `value` at `path` is an object (or absent). Returns whether it is one.
  bool expect_object(const nlohmann::json& parent, const std::string& key, const std::string& path) {
    if (!parent.contains(key) || parent.at(key).is_object()) return true;
    add(path + ": expected an object, got " + ConfigReader::shown(parent.at(key)));
    return false;
  }

  // The listed errors, then one line saying how many more were found.
  std::vector<std::string> take_errors() {
    if (not_listed_ > 0) {
      errors_.push_back("(" + std::to_string(not_listed_) + " more errors not listed; the first " +
                        std::to_string(max_config_errors_listed) + " are above)");
    }
    return std::move(errors_);
  }

 private:
  std::vector<std::string> errors_;
  std::size_t not_listed_ = 0;
};

// Plugin names are repeated in errors (the loader lists the names it found when one is missing):
// keeping them names keeps those lines short.
constexpr std::size_t max_plugin_name_bytes = 64;

// A topic is a channel, stream or subject name on the broker: an empty one subscribes to nothing
// (or, for some brokers, to everything) and is never what was meant.
constexpr std::size_t max_topic_bytes = 256;

// Throws a ConfigError at `path` unless `topic` is a usable topic name.
void check_topic(const std::string& topic, const std::string& path) {
  if (topic.empty() || topic.size() > max_topic_bytes) {
    throw ConfigError(path, "expected a topic name of 1 to " + std::to_string(max_topic_bytes) +
                                " bytes, got " + ConfigReader::shown(nlohmann::json(topic)));
  }
}

bool plugin_name(const std::string& name) {
  if (name.empty() || name.size() > max_plugin_name_bytes) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
}

const nlohmann::json& member_or_empty(const nlohmann::json& object, const std::string& key) {
  static const nlohmann::json empty = nlohmann::json::object();
  return object.is_object() && object.contains(key) && object.at(key).is_object() ? object.at(key) : empty;
}

PluginChoice parse_plugin_choice(const nlohmann::json& section, const std::string& path, ErrorList& errors) {
  PluginChoice choice;
  if (!section.is_object()) {
    errors.add(path + ": expected an object with \"plugin\" and \"config\", got " +
               ConfigReader::shown(section));
    return choice;
  }
  errors.unknown_keys(section, path, {"plugin", "config"});
  ConfigReader reader(section, path);
  errors.attempt([&] {
    choice.plugin = reader.required_string("plugin");
    if (!plugin_name(choice.plugin)) {
      reader.fail("plugin", "expected a plugin name (at most " + std::to_string(max_plugin_name_bytes) +
                                " letters, digits, '_', '-' or '.')");
    }
  });
  choice.config_path = path + "/config";
  if (section.contains("config") && !section.at("config").is_null()) {
    if (section.at("config").is_object()) {
      choice.config = section.at("config");
    } else {
      errors.add(choice.config_path + ": expected an object, got " +
                 ConfigReader::shown(section.at("config")));
    }
  }
  return choice;
}

std::optional<HttpConfig> parse_http(const nlohmann::json& config, ErrorList& errors) {
  if (!config.contains("http")) return std::nullopt;
  if (!errors.expect_object(config, "http", "/http")) return std::nullopt;
  const nlohmann::json& section = config.at("http");
  errors.unknown_keys(
      section, "/http",
      {"listen", "threads", "max_connections", "max_connections_per_client", "request_timeout_ms",
       "idle_timeout_ms", "max_header_bytes", "max_body_bytes", "max_pending_body_bytes",
       "max_concurrent_queries", "lingering_bytes", "lingering_time_ms", "lingering_timeout_ms", "auth"});
  ConfigReader reader(section, "/http");
  HttpConfig http;
  errors.attempt([&] {
    const std::string listen = reader.string("listen", "127.0.0.1:8000");
    const std::size_t colon = listen.rfind(':');
    int port = -1;
    if (colon != std::string::npos) {
      const char* begin = listen.data() + colon + 1;
      const char* end = listen.data() + listen.size();
      const auto [parsed_end, error] = std::from_chars(begin, end, port);
      if (error != std::errc() || parsed_end != end) port = -1;
    }
    if (colon == std::string::npos || colon == 0 || port < 0 || port > 65535) {
      reader.fail("listen", "expected \"host:port\" with a port in [0, 65535]");
    }
    http.host = listen.substr(0, colon);
    if (http.host.size() > 2 && http.host.front() == '[' && http.host.back() == ']') {
      http.host = http.host.substr(1, http.host.size() - 2);
    }
    http.port = port;
  });
  errors.attempt([&] { http.threads = static_cast<int>(reader.integer("threads", http.threads, 1, 1024)); });
  const auto size_key = [&](const char* key, std::size_t& value, std::int64_t low, std::int64_t high) {
    errors.attempt([&] {
      value = static_cast<std::size_t>(reader.integer(key, static_cast<std::int64_t>(value), low, high));
    });
  };
  const auto milliseconds_key = [&](const char* key, std::chrono::milliseconds& value) {
    errors.attempt(
        [&] { value = std::chrono::milliseconds(reader.integer(key, value.count(), 1, 24 * 3600 * 1000)); });
  };
  size_key("max_connections", http.max_connections, 1, 1000000);
  size_key("max_connections_per_client", http.max_connections_per_client, 0, 1000000);
  milliseconds_key("request_timeout_ms", http.request_timeout);
  milliseconds_key("idle_timeout_ms", http.idle_timeout);
  size_key("max_header_bytes", http.max_header_bytes, 1024, 1024 * 1024);
  size_key("max_body_bytes", http.max_body_bytes, 1, std::int64_t{1} << 32);
  size_key("max_pending_body_bytes", http.max_pending_body_bytes, 1, std::int64_t{1} << 40);
  size_key("lingering_bytes", http.lingering_bytes, 0, std::int64_t{1} << 40);
  milliseconds_key("lingering_time_ms", http.lingering_time);
  milliseconds_key("lingering_timeout_ms", http.lingering_timeout);
  errors.attempt([&] {
    http.max_concurrent_queries =
        static_cast<int>(reader.integer("max_concurrent_queries", http.max_concurrent_queries, 1, 1024));
  });
  if (http.max_pending_body_bytes < http.max_body_bytes) {
    errors.add("/http/max_pending_body_bytes: expected at least http.max_body_bytes (" +
               std::to_string(http.max_body_bytes) + "), got " + std::to_string(http.max_pending_body_bytes));
  }
  if (section.contains("auth") && errors.expect_object(section, "auth", "/http/auth")) {
    const nlohmann::json& auth = section.at("auth");
    errors.unknown_keys(auth, "/http/auth", {"token_env", "protect_reads"});
    const ConfigReader auth_reader(auth, "/http/auth");
    errors.attempt([&] {
      http.auth.token_env = auth_reader.string("token_env", "");
      const bool valid_name =
          !http.auth.token_env.empty() && http.auth.token_env.size() <= 128 &&
          http.auth.token_env.find_first_not_of(
              "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
      if (!valid_name) auth_reader.fail("token_env", "expected the name of an environment variable");
    });
    errors.attempt([&] { http.auth.protect_reads = auth_reader.boolean("protect_reads", false); });
  }
  return http;
}

std::vector<IngestRoute> parse_ingest(const nlohmann::json& config, ErrorList& errors) {
  std::vector<IngestRoute> routes;
  if (!config.contains("ingest") || !errors.expect_object(config, "ingest", "/ingest")) return routes;
  const nlohmann::json& section = config.at("ingest");
  errors.unknown_keys(section, "/ingest", {"routes"});
  if (!section.contains("routes") || !section.at("routes").is_array() || section.at("routes").empty()) {
    errors.add(
        "/ingest/routes: expected a non-empty list of routes, got " +
        (section.contains("routes") ? ConfigReader::shown(section.at("routes")) : std::string("nothing")));
    return routes;
  }
  const nlohmann::json& list = section.at("routes");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = "/ingest/routes/" + std::to_string(i);
    if (!list[i].is_object()) {
      errors.add(path + ": expected an object with \"path\", \"topic\" and \"accept\", got " +
                 ConfigReader::shown(list[i]));
      continue;
    }
    errors.unknown_keys(list[i], path, {"path", "topic", "accept", "separator"});
    ConfigReader reader(list[i], path);
    IngestRoute route;
    errors.attempt([&] {
      route.path = reader.required_string("path");
      const std::size_t placeholder = route.path.find("{value}");
      if (route.path.empty() || route.path.front() != '/' || placeholder == std::string::npos ||
          route.path.find("{value}", placeholder + 1) != std::string::npos) {
        reader.fail(
            "path",
            "expected a path starting with \"/\" with one \"{value}\", like \"/update_model/{value}\"");
      }
      // A keyed route, "/track/{key}/{value}", publishes KEY<separator>VALUE (process.keys, text).
      const std::size_t key = route.path.find("{key}");
      if (key != std::string::npos) {
        if (key > placeholder || route.path.find("{key}", key + 1) != std::string::npos ||
            key + 5 == placeholder) {
          reader.fail("path",
                      "expected at most one \"{key}\", before \"{value}\" and apart from it, like "
                      "\"/track/{key}/{value}\"");
        }
        route.key_separator = reader.string("separator", ":");
        if (route.key_separator.empty() || route.key_separator.size() > 16)
          reader.fail("separator", "expected 1 to 16 bytes, such as \":\" (process.keys' separator)");
      } else if (list[i].contains("separator")) {
        reader.fail("separator", "only a route with \"{key}\" in its path takes a separator");
      }
    });
    errors.attempt([&] {
      route.topic = reader.required_string("topic");
      check_topic(route.topic, reader.path_of("topic"));
    });
    errors.attempt([&] { route.accept = reader.string_list("accept", {}); });
    routes.push_back(std::move(route));
  }
  return routes;
}

std::optional<ProcessConfig> parse_process(const nlohmann::json& config,
                                           const std::filesystem::path& config_dir, ErrorList& errors) {
  if (!config.contains("process") || !errors.expect_object(config, "process", "/process"))
    return std::nullopt;
  const nlohmann::json& section = config.at("process");
  errors.unknown_keys(section, "/process",
                      {"topics", "model", "store", "visualisers", "checkpoint", "dead_letter", "max_batch",
                       "linger_ms", "startup_timeout", "group", "keys", "decisions", "experiments"});
  ConfigReader reader(section, "/process");
  ProcessConfig process;
  errors.attempt([&] {
    process.topics = reader.string_list("topics", {});
    if (process.topics.empty()) reader.fail("topics", "expected a non-empty list of topic names");
  });
  for (std::size_t i = 0; i < process.topics.size(); ++i) {
    errors.attempt([&] { check_topic(process.topics[i], "/process/topics/" + std::to_string(i)); });
  }
  if (section.contains("model")) {
    process.model = parse_plugin_choice(section.at("model"), "/process/model", errors);
  } else {
    errors.add("/process/model: expected an object with \"plugin\" and \"config\", got nothing");
  }
  if (section.contains("store") && !section.at("store").is_null()) {
    process.store = parse_plugin_choice(section.at("store"), "/process/store", errors);
  }
  if (section.contains("visualisers")) {
    const nlohmann::json& list = section.at("visualisers");
    if (!list.is_array()) {
      errors.add("/process/visualisers: expected a list, got " + ConfigReader::shown(list));
    } else {
      for (std::size_t i = 0; i < list.size(); ++i) {
        process.visualisers.push_back(
            parse_plugin_choice(list[i], "/process/visualisers/" + std::to_string(i), errors));
      }
    }
  }
  if (errors.expect_object(section, "checkpoint", "/process/checkpoint")) {
    const nlohmann::json& checkpoint = member_or_empty(section, "checkpoint");
    errors.unknown_keys(checkpoint, "/process/checkpoint",
                        {"every_events", "every_ms", "key", "not_ready_after_failing_ms"});
    ConfigReader checkpoint_reader(checkpoint, "/process/checkpoint");
    errors.attempt([&] {
      process.checkpoint.every_events = static_cast<std::uint64_t>(checkpoint_reader.integer(
          "every_events", static_cast<std::int64_t>(process.checkpoint.every_events), 1));
    });
    errors.attempt([&] {
      process.checkpoint.every_ms = std::chrono::milliseconds(
          checkpoint_reader.integer("every_ms", process.checkpoint.every_ms.count(), 1));
    });
    errors.attempt([&] {
      process.checkpoint.not_ready_after_failing_ms = std::chrono::milliseconds(checkpoint_reader.integer(
          "not_ready_after_failing_ms", process.checkpoint.not_ready_after_failing_ms.count(), 1));
    });
    errors.attempt([&] {
      process.checkpoint.key = checkpoint_reader.string("key", process.checkpoint.key);
      if (process.checkpoint.key.empty() ||
          process.checkpoint.key.find_first_of("/\\") != std::string::npos) {
        checkpoint_reader.fail("key", "expected a non-empty name without slashes");
      }
    });
  }
  errors.attempt([&] { process.group = read_group_config(section); });
  const bool keys_read = errors.attempt([&] { process.keys = read_keys_config(section); });
  errors.attempt([&] { process.decisions = read_decisions_config(section, config_dir); });
  errors.attempt([&] { process.experiments = read_experiments_config(section); });
  if (process.decisions && !process.keys && keys_read) {
    errors.add("/process/decisions: expected process.keys too: the rules read the keys of an experiment");
  }
  if (process.decisions && std::find(process.topics.begin(), process.topics.end(),
                                     process.decisions->topic) != process.topics.end()) {
    errors.add("/process/decisions/topic: expected a topic the pipeline does not consume, got \"" +
               process.decisions->topic + "\", one of process.topics");
  }
  if (errors.expect_object(section, "dead_letter", "/process/dead_letter")) {
    const nlohmann::json& dead_letter = member_or_empty(section, "dead_letter");
    errors.unknown_keys(dead_letter, "/process/dead_letter", {"path"});
    ConfigReader dead_letter_reader(dead_letter, "/process/dead_letter");
    errors.attempt([&] {
      const std::filesystem::path given(dead_letter_reader.string("path", "state/dead-letter.jsonl"));
      process.dead_letter_path = given.is_absolute() ? given : (config_dir / given).lexically_normal();
    });
  }
  errors.attempt([&] {
    process.max_batch = static_cast<std::size_t>(
        reader.integer("max_batch", static_cast<std::int64_t>(process.max_batch), 1, 1 << 24));
  });
  errors.attempt([&] {
    process.linger = std::chrono::milliseconds(reader.integer("linger_ms", process.linger.count(), 0, 60000));
  });
  if (section.contains("startup_timeout") && !section.at("startup_timeout").is_null()) {
    errors.attempt([&] {
      const std::string timeout = reader.required_string("startup_timeout");
      process.startup_timeout = parse_duration(timeout);
      if (!process.startup_timeout) {
        reader.fail("startup_timeout",
                    "expected a whole number and a unit (s, m, h or d), such as \"30s\" or \"5m\", got " +
                        ConfigReader::shown(timeout));
      }
    });
  }
  return process;
}

}  // namespace

int default_concurrent_queries() {
  const unsigned cores = std::thread::hardware_concurrency();
  return cores > 1 ? static_cast<int>(std::min(cores - 1, 1024U)) : 1;
}

ConfigInvalid::ConfigInvalid(std::vector<std::string> errors)
    : std::runtime_error(joined(errors)), errors_(std::move(errors)) {}

PipelineConfig parse_pipeline_config(const nlohmann::json& config, const std::filesystem::path& config_dir) {
  std::vector<std::string> errors;
  PipelineConfig pipeline = parse_pipeline_config(config, config_dir, errors);
  if (!errors.empty()) throw ConfigInvalid(std::move(errors));
  return pipeline;
}

PipelineConfig parse_pipeline_config(const nlohmann::json& config, const std::filesystem::path& config_dir,
                                     std::vector<std::string>& found_errors) {
  ErrorList errors;
  PipelineConfig pipeline;
  pipeline.config_dir = config_dir;
  if (!config.is_object()) {
    found_errors.push_back("/: expected a JSON object, got " + ConfigReader::shown(config));
    return pipeline;
  }
  errors.unknown_keys(config, "", {"plugin_dirs", "broker", "http", "ingest", "process"});

  ConfigReader reader(config, "");
  errors.attempt([&] {
    for (const std::string& directory : reader.string_list("plugin_dirs", {})) {
      const std::filesystem::path given(directory);
      pipeline.plugin_dirs.push_back(given.is_absolute() ? given : (config_dir / given).lexically_normal());
    }
  });
  errors.guard("/broker", [&] {
    if (config.contains("broker")) {
      pipeline.broker = parse_plugin_choice(config.at("broker"), "/broker", errors);
    } else {
      errors.add("/broker: expected an object with \"plugin\" and \"config\", got nothing");
    }
  });
  errors.guard("/http", [&] { pipeline.http = parse_http(config, errors); });
  errors.guard("/ingest", [&] { pipeline.routes = parse_ingest(config, errors); });
  errors.guard("/process", [&] { pipeline.process = parse_process(config, config_dir, errors); });

  if (pipeline.routes.empty() && !pipeline.process && !config.contains("ingest")) {
    errors.add("/: expected an \"ingest\" section, a \"process\" section or both; this config does nothing");
  }
  if (!pipeline.routes.empty() && !pipeline.http) {
    errors.add("/http: expected an object with \"listen\", because /ingest receives events over HTTP");
  }
  std::vector<std::string> found = errors.take_errors();
  found_errors.insert(found_errors.end(), std::make_move_iterator(found.begin()),
                      std::make_move_iterator(found.end()));
  return pipeline;
}

}  // namespace event_engine
