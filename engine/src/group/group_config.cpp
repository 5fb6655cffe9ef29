#include "group/group_config.hpp"

#include <nlohmann/json.hpp>

#include "event_engine/config_reader.hpp"

namespace event_engine {

namespace {
constexpr const char* group_path = "/process/group";
constexpr std::int64_t largest_group = 4096;
constexpr std::int64_t longest_cache_ms = 60000;
}  // namespace

std::optional<GroupConfig> read_group_config(const nlohmann::json& process_section) {
  if (!process_section.is_object() || !process_section.contains("group") ||
      process_section.at("group").is_null())
    return std::nullopt;
  const nlohmann::json& section = process_section.at("group");
  if (!section.is_object()) {
    throw ConfigError(group_path, "expected an object such as {\"prefix\": \"bayes-\"}, got " +
                                      ConfigReader::shown(section));
  }
  for (const auto& [key, value] : section.items()) {
    if (key != "prefix" && key != "max_members" && key != "cache_ms") {
      throw ConfigError(std::string(group_path) + "/" + ConfigReader::shortened(key, 40),
                        "unknown key; expected prefix, max_members or cache_ms");
    }
  }
  const ConfigReader reader(section, group_path);
  GroupConfig group;
  group.prefix = reader.required_string("prefix");
  if (group.prefix.empty())
    reader.fail("prefix", "expected the non-empty start of the members' checkpoint keys");
  group.max_members = static_cast<std::size_t>(
      reader.integer("max_members", static_cast<std::int64_t>(group.max_members), 1, largest_group));
  group.cache =
      std::chrono::milliseconds(reader.integer("cache_ms", group.cache.count(), 0, longest_cache_ms));
  return group;
}

nlohmann::json group_config_schema() {
  using nlohmann::json;
  return json{
      {"type", "object"},
      {"description",
       "a group of engines sharing a stream: members are the checkpoints whose key starts with prefix; "
       "GET /model?scope=group answers their merged state"},
      {"properties",
       {{"prefix",
         {{"type", "string"}, {"minLength", 1}, {"description", "start of the members' checkpoint keys"}}},
        {"max_members",
         {{"type", "integer"},
          {"minimum", 1},
          {"maximum", largest_group},
          {"description", "most members read (default 64); more: the group view answers 503"}}},
        {"cache_ms",
         {{"type", "integer"},
          {"minimum", 0},
          {"maximum", longest_cache_ms},
          {"description", "answers within this long of a read of the members reuse it (default 500)"}}}}},
      {"required", json::array({"prefix"})},
      {"additionalProperties", false}};
}

}  // namespace event_engine
