#include "retrying_clients.hpp"

#include <cstdlib>

#include "test_paths.hpp"

namespace event_engine::testing {

RetryingClient::RetryingClient(const RetryingClientOptions& options, const std::filesystem::path& output) {
  std::vector<std::string> argv = {"python3",
                                   test_paths::retrying_client,
                                   "--port",
                                   std::to_string(options.port),
                                   "--bodies",
                                   std::to_string(options.bodies),
                                   "--events-per-body",
                                   std::to_string(options.events_per_body),
                                   "--first-trial",
                                   std::to_string(options.first_trial)};
  if (!options.key_prefix.empty()) {
    argv.push_back("--key-prefix");
    argv.push_back(options.key_prefix);
  }
  process_ = std::make_unique<ChildProcess>(argv, output);
}

std::optional<nlohmann::json> RetryingClient::finish(std::chrono::milliseconds timeout) {
  const std::optional<int> exit_code = process_->wait(timeout);
  if (!exit_code) return std::nullopt;
  const std::string output = process_->output();
  const std::size_t last_line = output.rfind('{');
  nlohmann::json result = last_line == std::string::npos
                              ? nlohmann::json{{"output", output}}
                              : nlohmann::json::parse(output.substr(last_line), nullptr, false);
  if (result.is_discarded()) result = nlohmann::json{{"output", output}};
  result["exit_code"] = *exit_code;
  return result;
}

}  // namespace event_engine::testing
