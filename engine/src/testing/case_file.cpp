#include "testing/case_file.hpp"

#include <fstream>
#include <iterator>

#include "event_engine/config_reader.hpp"
#include "testing/summary_expectation.hpp"

namespace event_engine {
namespace {

using nlohmann::json;

std::string shown(const json& value) { return ConfigReader::shown(value); }

void refuse_unknown_keys(const json& object, const std::string& path,
                         std::initializer_list<const char*> known) {
  for (const auto& item : object.items()) {
    bool listed = false;
    for (const char* key : known) listed = listed || item.key() == key;
    if (listed) continue;
    std::string names;
    for (const char* key : known) names += (names.empty() ? "" : ", ") + std::string(key);
    throw CaseFileError(path + "/" + item.key() + ": unknown key (known keys here: " + names + ")");
  }
}

std::vector<std::string> strings_at(const json& document, const char* key, std::size_t most) {
  const json& list = document[key];
  if (!list.is_array())
    throw CaseFileError(std::string("/") + key + ": expected a list of strings, got " + shown(list));
  if (list.size() > most) {
    throw CaseFileError(std::string("/") + key + ": expected at most " + std::to_string(most) +
                        " items, got " + std::to_string(list.size()));
  }
  std::vector<std::string> items;
  items.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_string()) {
      throw CaseFileError(std::string("/") + key + "/" + std::to_string(i) + ": expected a string, got " +
                          shown(list[i]));
    }
    items.push_back(list[i].get<std::string>());
  }
  return items;
}

}  // namespace

TestCase parse_test_case(const json& document) {
  if (!document.is_object())
    throw CaseFileError("/: expected an object with \"events\" and \"expect\", got " + shown(document));
  refuse_unknown_keys(document, "", {"description", "set", "topic", "events", "render", "expect"});
  TestCase test_case;
  if (document.contains("description")) {
    if (!document["description"].is_string())
      throw CaseFileError("/description: expected a string, got " + shown(document["description"]));
    test_case.description = document["description"].get<std::string>();
  }
  if (document.contains("set")) test_case.overrides = strings_at(document, "set", 1000);
  if (document.contains("topic")) {
    if (!document["topic"].is_string() || document["topic"].get<std::string>().empty())
      throw CaseFileError("/topic: expected a topic name, got " + shown(document["topic"]));
    test_case.topic = document["topic"].get<std::string>();
  }
  if (!document.contains("events")) throw CaseFileError("/events: expected a list of events, got nothing");
  test_case.events = strings_at(document, "events", max_case_events);
  if (document.contains("render")) {
    if (!document["render"].is_boolean())
      throw CaseFileError("/render: expected true or false, got " + shown(document["render"]));
    test_case.render = document["render"].get<bool>();
  }
  if (!document.contains("expect") || !document["expect"].is_object() || document["expect"].empty()) {
    throw CaseFileError(
        "/expect: expected an object with \"summary\", \"keys\", \"accepted\" or \"rejected\", got " +
        (document.contains("expect") ? shown(document["expect"]) : std::string("nothing")));
  }
  const json& expect = document["expect"];
  refuse_unknown_keys(expect, "/expect", {"summary", "keys", "accepted", "rejected"});
  if (expect.contains("keys")) {
    if (!expect["keys"].is_object() || expect["keys"].empty())
      throw CaseFileError("/expect/keys: expected an object of key: summary matchers, got " +
                          shown(expect["keys"]));
    for (const auto& [key, matcher] : expect["keys"].items()) {
      const std::string path = "/expect/keys/" + key.substr(0, 64);
      if (!matcher.is_object()) throw CaseFileError(path + ": expected an object, got " + shown(matcher));
      check_matcher(matcher, path);
    }
    test_case.keys = expect["keys"];
  }
  if (expect.contains("summary")) {
    if (!expect["summary"].is_object())
      throw CaseFileError("/expect/summary: expected an object, got " + shown(expect["summary"]));
    check_matcher(expect["summary"], "/expect/summary");
    test_case.summary = expect["summary"];
  }
  for (const char* count : {"accepted", "rejected"}) {
    if (!expect.contains(count)) continue;
    const json& matcher = expect[count];
    check_matcher(matcher, std::string("/expect/") + count);
    if (!matcher.is_number() && !matcher.contains("approx") && !matcher.contains("min") &&
        !matcher.contains("max")) {
      throw CaseFileError(std::string("/expect/") + count + ": expected a number or a range, got " +
                          shown(matcher));
    }
    (std::string(count) == "accepted" ? test_case.accepted : test_case.rejected) = matcher;
  }
  return test_case;
}

TestCase read_case_file(const std::filesystem::path& file) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(file, error);
  if (error) throw CaseFileError("/: cannot read the file: " + error.message());
  if (size > max_case_file_bytes) {
    throw CaseFileError("/: expected at most " + std::to_string(max_case_file_bytes) + " bytes, got " +
                        std::to_string(size));
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw CaseFileError("/: cannot read the file");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Deeper documents are refused while parsing, before they cost stack in the matcher's recursion.
  const json::parser_callback_t depth_limit = [](int depth, json::parse_event_t, json&) {
    if (static_cast<std::size_t>(depth) > max_case_nesting) {
      throw CaseFileError("/: expected at most " + std::to_string(max_case_nesting) + " levels of nesting");
    }
    return true;
  };
  json document;
  try {
    document = json::parse(text, depth_limit);
  } catch (const json::parse_error& parse_error) {
    throw CaseFileError(std::string("/: not valid JSON: ") + parse_error.what());
  }
  return parse_test_case(document);
}

}  // namespace event_engine
