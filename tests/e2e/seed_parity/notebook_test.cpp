// notebooks/analysis.ipynb run headless (jupyter nbconvert --execute) against the shipped default
// pipeline after the seed's nine trials: every cell runs without error and its summary line reads
// the engine's w and n.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "child_process.hpp"
#include "engine_instance.hpp"
#include "http_client.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"

namespace event_engine::testing {
namespace {

// Everything the notebook printed, and the errors of its cells.
struct NotebookOutput {
  std::string printed;
  std::vector<std::string> errors;
};

NotebookOutput outputs_of(const std::filesystem::path& notebook) {
  std::ifstream in(notebook);
  const nlohmann::json executed = nlohmann::json::parse(in);
  NotebookOutput found;
  for (const nlohmann::json& cell : executed.at("cells")) {
    if (cell.at("cell_type") != "code") continue;
    for (const nlohmann::json& output : cell.at("outputs")) {
      if (output.at("output_type") == "stream") {
        const nlohmann::json& text = output.at("text");
        if (text.is_string()) {
          found.printed += text.get<std::string>();
        } else {
          for (const nlohmann::json& line : text) found.printed += line.get<std::string>();
        }
      }
      if (output.at("output_type") == "error") found.errors.push_back(output.value("evalue", "?"));
    }
  }
  return found;
}

TEST(SeedNotebook, RunsHeadlessAgainstTheEngineAndSummarisesItsState) {
  TempDir work;
  EngineInstance engine(work.path(), "config/default.json",
                        {"broker.config.endpoints=[\"inproc://event-engine\"]"});
  ASSERT_TRUE(engine.start()) << engine.log();
  for (const char* trial : {"w", "l", "w", "w", "w", "l", "w", "l", "w"}) {
    ASSERT_EQ(http_get(engine.http_port(), std::string("/update_model/") + trial).status, 201);
  }
  bool applied = false;
  for (int attempt = 0; attempt < 400 && !applied; ++attempt) {
    applied = nlohmann::json::parse(http_get(engine.http_port(), "/model?compact=1").body).at("n") == 9;
    if (!applied) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ASSERT_TRUE(applied) << engine.log();

  // An experiment for the notebook's last cell: config/experiment.json, two variants.
  TempDir experiment_work;
  EngineInstance experiment(experiment_work.path(), "config/experiment.json", {});
  ASSERT_TRUE(experiment.start()) << experiment.log();
  std::string visits;
  for (int i = 0; i < 1000; ++i) {
    visits +=
        nlohmann::json{{"experiment", "checkout"}, {"variant", "A"}, {"converted", i < 40}}.dump() + "\n";
    visits +=
        nlohmann::json{{"experiment", "checkout"}, {"variant", "B"}, {"converted", i < 55}}.dump() + "\n";
  }
  ASSERT_EQ(http_post(experiment.http_port(), "/events?topic=events", visits).status, 202);
  applied = false;
  for (int attempt = 0; attempt < 400 && !applied; ++attempt) {
    applied =
        nlohmann::json::parse(http_get(experiment.http_port(), "/model?compact=1").body).at("n") == 2000;
    if (!applied) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ASSERT_TRUE(applied) << experiment.log();

  const std::filesystem::path executed = work / "executed.ipynb";
  std::string output;
  const int exit_code = run_program(
      {"/usr/bin/env", "EVENT_ENGINE_URL=http://127.0.0.1:" + std::to_string(engine.http_port()),
       "EVENT_ENGINE_EXPERIMENT_URL=http://127.0.0.1:" + std::to_string(experiment.http_port()),
       "MPLBACKEND=Agg", "HOME=" + work.path().string(), "JUPYTER_PLATFORM_DIRS=1", "jupyter", "nbconvert",
       "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=120",
       std::string(test_paths::source_dir) + "/notebooks/analysis.ipynb", "--output", executed.string()},
      output, std::chrono::seconds(240));
  ASSERT_EQ(exit_code, 0) << "jupyter nbconvert failed (scripts/install-deps.sh installs it):\n" << output;

  const NotebookOutput notebook = outputs_of(executed);
  EXPECT_TRUE(notebook.errors.empty()) << notebook.errors.front();
  EXPECT_NE(notebook.printed.find("summary: w = 6, n = 9,"), std::string::npos) << notebook.printed;
  // The engine's exact P(B beats A) and SciPy's 400,000 draws agree to the draws' error (0.0007).
  const std::size_t compared = notebook.printed.find("P(checkout/B beats checkout/A): ");
  ASSERT_NE(compared, std::string::npos) << notebook.printed;
  const double engine_p = std::stod(notebook.printed.substr(compared + 32));
  const std::size_t scipy_at = notebook.printed.find("), ", compared) + 3;
  const double scipy_p = std::stod(notebook.printed.substr(scipy_at));
  EXPECT_GT(engine_p, 0.9);
  EXPECT_NEAR(engine_p, scipy_p, 0.003) << notebook.printed;
  EXPECT_EQ(engine.stop(), std::optional<int>(0)) << engine.log();
}

TEST(SeedNotebook, ComposeHasTheSeedsJupyterServicePointedAtTheEngine) {
  std::string output;
  if (run_program({"sh", "-c", "command -v docker-compose"}, output) != 0) {
    GTEST_SKIP() << "docker-compose is not installed (scripts/install-deps.sh installs it)";
  }
  const std::string compose = std::string(test_paths::source_dir) + "/docker/compose.yaml";
  ASSERT_EQ(run_program({"docker-compose", "-f", compose, "config"}, output), 0) << output;
  const std::size_t jupyter = output.find("\n  jupyter:\n");
  ASSERT_NE(jupyter, std::string::npos) << output;
  // The service's block: up to the next line indented as a service name.
  std::size_t end = jupyter + 1;
  while ((end = output.find("\n  ", end + 1)) != std::string::npos && output[end + 3] == ' ') {
  }
  const std::string service =
      output.substr(jupyter, end == std::string::npos ? std::string::npos : end - jupyter);
  for (const char* expected :
       {"jupyter", "notebook", "8888", "EVENT_ENGINE_URL: http://bayes-subscriber:8001",
        "/var/lib/event-engine/notebooks"}) {
    EXPECT_NE(service.find(expected), std::string::npos) << expected << " in\n" << service;
  }
  EXPECT_NE(service.find("/notebooks:/var/lib/event-engine/notebooks"), std::string::npos) << service;
}

}  // namespace
}  // namespace event_engine::testing
