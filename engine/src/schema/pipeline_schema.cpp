#include "schema/pipeline_schema.hpp"

#include <string>

#include "decisions/decisions_config.hpp"
#include "experiments/experiments_config.hpp"
#include "group/group_config.hpp"
#include "keys/keys_config.hpp"

namespace event_engine {
namespace {

using nlohmann::json;

// A key read with ConfigReader, or a plugin config: an explicit null reads as absent, so it is
// allowed. Widening `type` (rather than wrapping in anyOf) keeps errors at the offending key and
// lets editors complete inside the object.
json nullable(json schema) {
  if (schema.contains("type") && schema["type"].is_string()) {
    schema["type"] = json::array({schema["type"], "null"});
  } else if (schema.contains("type") && schema["type"].is_array()) {
    schema["type"].push_back("null");
  } else if (schema.contains("anyOf")) {
    schema["anyOf"].push_back(json{{"type", "null"}});
  } else {
    return json{{"anyOf", json::array({std::move(schema), json{{"type", "null"}}})}};
  }
  return schema;
}

// A number or boolean may be written as one environment value, "${PORT}" or "${PORT:-6379}": the
// loader replaces it and reads the value's type (README, "Environment values"), so the schema
// takes such a string too; what it holds is checked when the config is loaded.
json or_environment_value(json schema) {
  static const char* whole_reference = R"(^\$\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\}$)";
  return json{
      {"anyOf", json::array({std::move(schema), json{{"type", "string"}, {"pattern", whole_reference}}})}};
}

json integer_in(std::int64_t min, std::int64_t max) {
  return or_environment_value(json{{"type", "integer"}, {"minimum", min}, {"maximum", max}});
}

json integer_at_least(std::int64_t min) {
  return or_environment_value(json{{"type", "integer"}, {"minimum", min}});
}

// ConfigReader::string_list: a list of strings, or one string as a list of one.
json string_list() {
  return json{{"anyOf", json::array({json{{"type", "string"}},
                                     json{{"type", "array"}, {"items", {{"type", "string"}}}}})}};
}

json non_empty_string_list() {
  return json{
      {"anyOf", json::array({json{{"type", "string"}},
                             json{{"type", "array"}, {"items", {{"type", "string"}}}, {"minItems", 1}}})}};
}

json described(json schema, const char* description) {
  schema["description"] = description;
  return schema;
}

// The manifest's type word as a schema. `array` keys are read with ConfigReader::string_list (the
// only list reader of the plugin API that takes a manifest default), which also takes one string.
json manifest_type_schema(const std::string& type) {
  if (type == "array") return json{{"type", json::array({"array", "string"})}};
  if (type == "integer" || type == "number" || type == "boolean")
    return or_environment_value(json{{"type", type}});
  if (type == "string" || type == "object") return json{{"type", type}};
  return json::object();  // a type word this engine does not know: anything
}

json plugin_config_schema(const PluginDescriptor& plugin) {
  json properties = json::object();
  json required = json::array();
  for (const ConfigKeyDescriptor& key : plugin.config_keys) {
    json property = manifest_type_schema(key.type);
    if (key.default_json.empty()) {
      required.push_back(key.name);
    } else {
      // A key with a default may be given as null, which ConfigReader reads as absent.
      property = nullable(std::move(property));
      const json fallback = json::parse(key.default_json, nullptr, false);
      if (!fallback.is_discarded()) property["default"] = fallback;
    }
    if (!key.description.empty()) property["description"] = key.description;
    // JSON Schema's word for a value that is set but never read back (a password).
    if (key.secret) property["writeOnly"] = true;
    properties[key.name] = std::move(property);
  }
  json schema{{"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
  if (!required.empty()) schema["required"] = std::move(required);
  return schema;
}

// `{"plugin": NAME, "config": {...}}` for one kind: NAME is one of the installed plugins of the
// kind, and `config` follows that plugin's manifest.
json plugin_choice_schema(const std::vector<PluginDescriptor>& plugins, const std::string& kind,
                          const char* description) {
  json names = json::array();
  json by_name = json::array();
  for (const PluginDescriptor& plugin : plugins) {
    if (plugin.kind != kind) continue;
    names.push_back(
        json{{"const", plugin.name}, {"description", plugin.summary + " (" + plugin.version + ")"}});
    json config = plugin_config_schema(plugin);
    json then{{"properties", {{"config", config}}}};
    if (config.contains("required")) {
      then["required"] = json::array({"config"});
    } else {
      // Without required keys, a null config reads as an empty one.
      then["properties"]["config"] = nullable(std::move(config));
    }
    by_name.push_back(json{
        {"if",
         {{"properties", {{"plugin", {{"const", plugin.name}}}}}, {"required", json::array({"plugin"})}}},
        {"then", std::move(then)}});
  }
  json plugin_name{{"type", "string"}, {"description", "the " + kind + " plugin, by its manifest name"}};
  if (!names.empty()) plugin_name["oneOf"] = std::move(names);
  json schema{{"type", "object"},
              {"description", description},
              {"properties",
               {{"plugin", std::move(plugin_name)}, {"config", {{"type", json::array({"object", "null"})}}}}},
              {"required", json::array({"plugin"})},
              {"additionalProperties", false}};
  if (!by_name.empty()) schema["allOf"] = std::move(by_name);
  return schema;
}

// The longest millisecond duration the config reader takes: one day.
constexpr std::int64_t milliseconds_per_day = 24 * 3600 * 1000;

json http_schema() {
  // "host:port": the port is whatever follows the last colon, 0 to 65535 (leading zeros allowed).
  const char* listen_pattern =
      "^.+:0*([0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$";
  return json{
      {"type", "object"},
      {"description", "the HTTP server: ingestion routes, /model, /plot.png, /metrics, the live page"},
      {"properties",
       {{"listen", nullable(described(
                       json{{"type", "string"}, {"pattern", listen_pattern}, {"default", "127.0.0.1:8000"}},
                       "host:port ([::1]:8000 for IPv6; port 0 picks a free one)"))},
        {"threads", nullable(described(integer_in(1, 1024), "HTTP worker threads (default 8)"))},
        {"max_connections",
         nullable(described(integer_in(1, 1000000), "connections open at once (default 1024)"))},
        {"max_connections_per_client",
         nullable(described(integer_in(0, 1000000),
                            "connections from one client address (default 256; 0: no cap)"))},
        {"request_timeout_ms",
         nullable(described(integer_in(1, milliseconds_per_day),
                            "time to read one request, headers and body (default 10000)"))},
        {"idle_timeout_ms",
         nullable(described(integer_in(1, milliseconds_per_day),
                            "a kept-alive connection's wait for its next request (default 5000)"))},
        {"max_header_bytes",
         nullable(described(integer_in(1024, 1024 * 1024), "request line and headers (default 16384)"))},
        {"max_body_bytes",
         nullable(described(integer_in(1, std::int64_t{1} << 32), "request body limit (default 67108864)"))},
        {"max_pending_body_bytes",
         nullable(described(integer_in(1, std::int64_t{1} << 40),
                            "request bodies held at once, over all connections (default "
                            "268435456)"))},
        {"max_concurrent_queries",
         nullable(described(integer_in(1, 1024), "model queries and plots at once"))},
        {"lingering_bytes",
         nullable(described(integer_in(0, std::int64_t{1} << 40),
                            "bytes read and dropped after an early refusal (default 67108864)"))},
        {"lingering_time_ms",
         nullable(described(integer_in(1, milliseconds_per_day),
                            "longest lingering close after an early refusal (default 10000)"))},
        {"lingering_timeout_ms",
         nullable(described(integer_in(1, milliseconds_per_day),
                            "a lingering close's wait for the client's next bytes (default 2000)"))},
        {"auth",
         nullable(json{{"type", "object"},
                       {"properties",
                        {{"token_env", described(json{{"type", "string"}},
                                                 "the environment variable holding the bearer token")},
                         {"protect_reads", nullable(described(json{{"type", "boolean"}},
                                                              "reads need the token too (default false)"))}}},
                       {"additionalProperties", false}})}}},
      {"additionalProperties", false}};
}

json ingest_schema() {
  json route{{"type", "object"},
             {"properties",
              {{"path", described(json{{"type", "string"},
                                       {"pattern", "^/.*\\{value\\}"},
                                       {"not", {{"pattern", "\\{value\\}.*\\{value\\}"}}}},
                                  "a path starting with / with one {value}, like /update_model/{value}")},
               {"topic", described(json{{"type", "string"}}, "the topic the value is published to")},
               {"accept", nullable(described(string_list(), "values allowed; empty or absent: any"))}}},
             {"required", json::array({"path", "topic"})},
             {"additionalProperties", false}};
  return json{{"type", "object"},
              {"description", "HTTP ingestion: GET or POST <path> publishes {value} to <topic>"},
              {"properties", {{"routes", {{"type", "array"}, {"minItems", 1}, {"items", std::move(route)}}}}},
              {"required", json::array({"routes"})},
              {"additionalProperties", false}};
}

json process_schema(const std::vector<PluginDescriptor>& plugins) {
  json checkpoint{
      {"type", "object"},
      {"properties",
       {{"every_events",
         nullable(described(integer_at_least(1), "save after this many events (default 100000)"))},
        {"every_ms",
         nullable(described(integer_at_least(1), "or after this many milliseconds (default 1000)"))},
        {"not_ready_after_failing_ms",
         nullable(described(integer_at_least(1),
                            "/readyz answers 503 once saves have failed this long, none succeeding "
                            "(default 15000)"))},
        {"key", nullable(described(json{{"type", "string"}, {"pattern", "^[^/\\\\]+$"}},
                                   "the checkpoint's name in the store (default \"model\")"))}}},
      {"additionalProperties", false}};
  json dead_letter{{"type", "object"},
                   {"properties",
                    {{"path", nullable(described(json{{"type", "string"}},
                                                 "rejected events, one JSON line each (default "
                                                 "state/dead-letter.jsonl, relative to the config file)"))}}},
                   {"additionalProperties", false}};
  json store = plugin_choice_schema(plugins, "store", "where checkpoints are kept; none: in memory only");
  return json{
      {"type", "object"},
      {"description", "the pipeline: broker -> model -> checkpoints in the store -> visualisers"},
      {"properties",
       {{"topics", described(non_empty_string_list(), "the topics the pipeline consumes")},
        {"model", plugin_choice_schema(plugins, "model", "the model the events update")},
        {"store", nullable(std::move(store))},
        {"visualisers",
         {{"type", "array"},
          {"items",
           plugin_choice_schema(plugins, "visualiser", "draws the model's state on its own thread")}}},
        {"checkpoint", std::move(checkpoint)},
        {"dead_letter", std::move(dead_letter)},
        {"group", nullable(group_config_schema())},
        {"keys", nullable(keys_config_schema())},
        {"decisions", nullable(decisions_config_schema())},
        {"experiments", nullable(experiments_config_schema())},
        {"max_batch", nullable(described(integer_in(1, 1 << 24), "most events per batch (default 65536)"))},
        {"linger_ms",
         nullable(described(integer_in(0, 60000), "longest wait for a batch's first event (default 20)"))},
        {"startup_timeout",
         nullable(described(json{{"type", "string"}, {"pattern", "^[1-9][0-9]*[smhd]$"}},
                            "how long a start waits for an unavailable store or broker, such as \"30s\" or "
                            "\"5m\", then exits 1 (absent: as long as it takes)"))}}},
      {"required", json::array({"topics", "model"})},
      {"additionalProperties", false}};
}

}  // namespace

nlohmann::json pipeline_schema(const std::vector<PluginDescriptor>& plugins) {
  return json{{"$schema", "https://json-schema.org/draft/2020-12/schema"},
              {"title", "event-engine pipeline config"},
              {"type", "object"},
              {"properties",
               {{"plugin_dirs", nullable(described(string_list(),
                                                   "plugin directories searched first, relative to the "
                                                   "config file; then EVENT_ENGINE_PLUGIN_PATH, then the "
                                                   "installed ones"))},
                {"broker", plugin_choice_schema(plugins, "broker", "the broker events travel through")},
                {"http", http_schema()},
                {"ingest", ingest_schema()},
                {"process", process_schema(plugins)}}},
              {"required", json::array({"broker"})},
              {"additionalProperties", false},
              // A config that neither ingests nor processes does nothing; ingestion is over HTTP.
              {"anyOf", json::array({json{{"required", json::array({"ingest"})}},
                                     json{{"required", json::array({"process"})}}})},
              {"dependentRequired", {{"ingest", json::array({"http"})}}}};
}

}  // namespace event_engine
