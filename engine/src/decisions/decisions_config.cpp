#include "decisions/decisions_config.hpp"

#include <nlohmann/json.hpp>

#include "event_engine/config_error.hpp"
#include "event_engine/config_reader.hpp"

namespace event_engine {
namespace {

constexpr const char* decisions_path = "/process/decisions";
constexpr std::size_t most_rules = 64;

DecisionRule read_rule(const nlohmann::json& section, const std::string& path) {
  if (!section.is_object())
    throw ConfigError(
        path, "expected an object such as {\"name\": \"checkout-winner\", \"prefix\": \"checkout/\"}, got " +
                  ConfigReader::shown(section));
  const ConfigReader reader(section, path);
  DecisionRule rule;
  rule.name = reader.required_string("name");
  if (rule.name.empty() || rule.name.size() > 64 ||
      rule.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") !=
          std::string::npos)
    reader.fail("name",
                "expected 1 to 64 letters, digits, '-', '_' or '.', got " + ConfigReader::shown(rule.name));
  rule.prefix = reader.required_string("prefix");
  const bool guardrail = section.contains("baseline");
  for (const auto& [name, value] : section.items()) {
    const bool common = name == "name" || name == "prefix";
    const bool known =
        common ||
        (guardrail ? name == "baseline" || name == "worse_by" || name == "probability_at_least"
                   : name == "p_best_at_least" || name == "expected_loss_at_most" || name == "min_n");
    if (!known)
      throw ConfigError(path + "/" + ConfigReader::shortened(name, 40),
                        guardrail ? "unknown key; a guardrail takes name, prefix, baseline, worse_by and "
                                    "probability_at_least"
                                  : "unknown key; a winner rule takes name, prefix, p_best_at_least, "
                                    "expected_loss_at_most and min_n (a guardrail also names a baseline)");
  }
  if (guardrail) {
    rule.baseline = reader.required_string("baseline");
    if (!rule.baseline->starts_with(rule.prefix))
      reader.fail("baseline", "expected one of the rule's keys, starting with \"" + rule.prefix + "\", got " +
                                  ConfigReader::shown(*rule.baseline));
    rule.worse_by = reader.number("worse_by", 0.0, 0.0, 1.0);
    rule.probability_at_least = reader.number("probability_at_least", 0.9, 0.5, 1.0);
  } else {
    rule.p_best_at_least = reader.number("p_best_at_least", 0.95, 0.5, 1.0);
    if (section.contains("expected_loss_at_most"))
      rule.expected_loss_at_most = reader.number("expected_loss_at_most", 0.0, 0.0, 1.0);
    rule.min_n = static_cast<std::uint64_t>(reader.integer("min_n", 0, 0, INT64_MAX));
  }
  return rule;
}

}  // namespace

std::optional<DecisionsConfig> read_decisions_config(const nlohmann::json& process_section,
                                                     const std::filesystem::path& config_dir) {
  if (!process_section.is_object() || !process_section.contains("decisions") ||
      process_section.at("decisions").is_null())
    return std::nullopt;
  const nlohmann::json& section = process_section.at("decisions");
  if (!section.is_object())
    throw ConfigError(decisions_path,
                      "expected an object with \"rules\", got " + ConfigReader::shown(section));
  const ConfigReader reader(section, decisions_path);
  for (const auto& [name, value] : section.items()) {
    if (name != "topic" && name != "file" && name != "every_ms" && name != "rules")
      throw ConfigError(std::string(decisions_path) + "/" + ConfigReader::shortened(name, 40),
                        "unknown key; expected topic, file, every_ms or rules");
  }
  DecisionsConfig decisions;
  decisions.topic = reader.string("topic", decisions.topic);
  if (decisions.topic.empty() || decisions.topic.size() > 128)
    reader.fail("topic", "expected 1 to 128 characters");
  const std::filesystem::path file(reader.string("file", "state/decisions.jsonl"));
  decisions.file = file.is_absolute() ? file : (config_dir / file).lexically_normal();
  decisions.every = std::chrono::milliseconds(reader.integer("every_ms", 1000, 10, 3600000));
  if (!section.contains("rules") || !section.at("rules").is_array() || section.at("rules").empty() ||
      section.at("rules").size() > most_rules)
    reader.fail("rules", "expected a list of 1 to " + std::to_string(most_rules) + " rules");
  const nlohmann::json& rules = section.at("rules");
  for (std::size_t i = 0; i < rules.size(); ++i) {
    DecisionRule rule = read_rule(rules[i], std::string(decisions_path) + "/rules/" + std::to_string(i));
    for (const DecisionRule& earlier : decisions.rules) {
      if (earlier.name == rule.name)
        throw ConfigError(
            std::string(decisions_path) + "/rules/" + std::to_string(i) + "/name",
            "expected a name no other rule has, got " + ConfigReader::shown(rule.name) + " twice");
    }
    decisions.rules.push_back(std::move(rule));
  }
  return decisions;
}

nlohmann::json decisions_config_schema() {
  using nlohmann::json;
  const json probability = {{"type", "number"}, {"minimum", 0}, {"maximum", 1}};
  return json{
      {"type", "object"},
      {"description",
       "rules over the keys that publish a decision event when they become true (needs process.keys)"},
      {"properties",
       {{"topic",
         {{"type", "string"}, {"description", "where decisions are published (default \"decisions\")"}}},
        {"file",
         {{"type", "string"},
          {"description", "decisions appended as JSON lines (default state/decisions.jsonl)"}}},
        {"every_ms",
         {{"type", "integer"},
          {"minimum", 10},
          {"maximum", 3600000},
          {"description", "how often the rules are evaluated, when the state changed (default 1000)"}}},
        {"rules",
         {{"type", "array"},
          {"minItems", 1},
          {"maxItems", most_rules},
          {"items",
           {{"type", "object"},
            {"required", json::array({"name", "prefix"})},
            {"properties",
             {{"name", {{"type", "string"}, {"pattern", "^[A-Za-z0-9._-]{1,64}$"}}},
              {"prefix", {{"type", "string"}, {"description", "the rule's keys: those starting with it"}}},
              {"p_best_at_least", probability},
              {"expected_loss_at_most", probability},
              {"min_n", {{"type", "integer"}, {"minimum", 0}}},
              {"baseline",
               {{"type", "string"}, {"description", "a guardrail: the key the others must not fall below"}}},
              {"worse_by", probability},
              {"probability_at_least", probability}}},
            {"additionalProperties", false}}}}}}},
      {"required", json::array({"rules"})},
      {"additionalProperties", false}};
}

}  // namespace event_engine
