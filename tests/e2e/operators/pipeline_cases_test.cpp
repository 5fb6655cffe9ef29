// `event-engine test`: case files run through the real binary on the shipped default config, its
// real model plugin fed in-process: ok and FAIL lines, the first difference with its JSON path,
// the closing count and the exit codes.
#include <gtest/gtest.h>

#include <fstream>

#include "child_process.hpp"
#include "temp_dir.hpp"
#include "test_paths.hpp"

namespace event_engine::testing {
namespace {

class PipelineCases : public ::testing::Test {
 protected:
  std::string write_case(const std::string& name, const std::string& text) {
    const std::filesystem::path file = work_ / name;
    std::ofstream(file) << text;
    return file.string();
  }

  int run_cases(const std::vector<std::string>& files, std::string& output,
                const std::vector<std::string>& overrides = {}) {
    std::vector<std::string> argv = {test_paths::program,
                                     "test",
                                     "--config",
                                     std::string(test_paths::source_dir) + "/config/default.json",
                                     "--set",
                                     std::string("plugin_dirs=[\"") + test_paths::plugin_dir + "\"]"};
    for (const std::string& assignment : overrides) argv.insert(argv.end(), {"--set", assignment});
    argv.insert(argv.end(), files.begin(), files.end());
    return run_program(argv, output);
  }

  TempDir work_;
};

constexpr const char* tour_events = R"(["w", "l", "w", "w", "w", "l", "w", "l", "w"])";

TEST_F(PipelineCases, PassingCasesPrintOkAndTheClosingCount) {
  const std::string exact =
      write_case("exact.json", std::string(R"({"events": )") + tour_events +
                                   R"(, "expect": {"summary": {"w": 6, "l": 3, "n": 9}}})");
  const std::string approx =
      write_case("approx.json", std::string(R"({"description": "near 7/11", "events": )") + tour_events +
                                    R"(, "expect": {"summary": {"mean": {"approx": 0.6364, "tol": 0.001},
                                        "sd": {"min": 0.13, "max": 0.15}}, "accepted": 9, "rejected": 0}})");
  std::string output;
  EXPECT_EQ(run_cases({exact, approx}, output), 0) << output;
  EXPECT_NE(output.find("ok    " + exact + "\n"), std::string::npos) << output;
  EXPECT_NE(output.find("ok    " + approx + " (near 7/11)\n"), std::string::npos) << output;
  EXPECT_NE(output.find("\n2 passed, 0 failed\n"), std::string::npos) << output;
}

TEST_F(PipelineCases, AFailingCaseNamesTheFirstDifferenceAndItsJsonPathAndExits1) {
  const std::string wrong_count =
      write_case("wrong.json", std::string(R"({"events": )") + tour_events +
                                   R"(, "expect": {"summary": {"w": 6, "l": 4}}})");
  const std::string outside_tolerance =
      write_case("tol.json", std::string(R"({"events": )") + tour_events +
                                 R"(, "expect": {"summary": {"mean": {"approx": 0.5, "tol": 0.01}}}})");
  const std::string outside_range =
      write_case("range.json", std::string(R"({"events": )") + tour_events +
                                   R"(, "expect": {"summary": {"hpdi": [{"min": 0.5}, 1]}}})");
  const std::string rejected =
      write_case("rejected.json", R"({"events": ["w", "x"], "expect": {"rejected": 0}})");
  const std::string passing =
      write_case("pass.json", R"({"events": ["w"], "expect": {"summary": {"w": 1}}})");
  std::string output;
  EXPECT_EQ(run_cases({wrong_count, outside_tolerance, outside_range, rejected, passing}, output), 1)
      << output;
  EXPECT_NE(output.find("FAIL  " + wrong_count + ": /summary/l: expected 4, got 3\n"), std::string::npos)
      << output;
  EXPECT_NE(
      output.find("FAIL  " + outside_tolerance + ": /summary/mean: expected 0.5 within 0.01, got 0.636"),
      std::string::npos)
      << output;
  EXPECT_NE(output.find("FAIL  " + outside_range + ": /summary/hpdi/0: expected a number >= 0.5, got 0.42"),
            std::string::npos)
      << output;
  EXPECT_NE(output.find("FAIL  " + rejected + ": /rejected: expected 0, got 1\n"), std::string::npos)
      << output;
  EXPECT_NE(output.find("ok    " + passing + "\n"), std::string::npos) << output;
  EXPECT_NE(output.find("\n1 passed, 4 failed\n"), std::string::npos) << output;
}

TEST_F(PipelineCases, ABadCaseFileIsNamedWithItsJsonPathAndExits2) {
  const std::string bad_tol = write_case(
      "bad_tol.json", R"({"events": [], "expect": {"summary": {"mean": {"approx": 0.5, "tol": "a"}}}})");
  const std::string bad_event =
      write_case("bad_event.json", R"({"events": ["w", 7], "expect": {"accepted": 1}})");
  const std::string unknown_key =
      write_case("unknown.json", R"({"event": ["w"], "expect": {"accepted": 1}})");
  const std::string not_json = write_case("not_json.json", R"({"events": [)");
  std::string deep = R"({"events": [], "expect": {"summary": )";
  for (int i = 0; i < 100; ++i) deep += R"({"a": )";
  deep += "1" + std::string(100, '}') + "}}";
  const std::string too_deep = write_case("deep.json", deep);
  const std::string passing =
      write_case("pass.json", R"({"events": ["w"], "expect": {"summary": {"w": 1}}})");
  std::string output;
  EXPECT_EQ(run_cases({bad_tol, bad_event, unknown_key, not_json, too_deep, passing}, output), 2) << output;
  EXPECT_NE(output.find("ERROR " + bad_tol + ": /expect/summary/mean/tol: expected a number >= 0, got \"a\""),
            std::string::npos)
      << output;
  EXPECT_NE(output.find("ERROR " + bad_event + ": /events/1: expected a string, got 7"), std::string::npos)
      << output;
  EXPECT_NE(output.find("ERROR " + unknown_key + ": /event: unknown key"), std::string::npos) << output;
  EXPECT_NE(output.find("ERROR " + not_json + ": /: not valid JSON"), std::string::npos) << output;
  EXPECT_NE(output.find("ERROR " + too_deep + ": /: expected at most 64 levels of nesting"),
            std::string::npos)
      << output;
  EXPECT_NE(output.find("\n1 passed, 0 failed, 5 not run"), std::string::npos) << output;
}

TEST_F(PipelineCases, SetOverridesInTheCaseAndOnTheCommandLineChangeTheModel) {
  // Under a uniform prior the posterior mean of 6 w in 9 is 7/11 (within 1e-6 on 120 grid points);
  // under the config's step prior it is 4e-6 away.
  const std::string uniform = write_case(
      "uniform.json",
      std::string(R"({"set": ["process.model.config.prior={\"type\":\"uniform\"}"], "events": )") +
          tour_events + R"(, "expect": {"summary": {"mean": {"approx": 0.63636363636, "tol": 1e-6}}}})");
  const std::string tokens = write_case(
      "tokens.json",
      R"({"events": ["yes", "no", "yes"], "expect": {"summary": {"w": 2, "l": 1}, "rejected": 0}})");
  std::string output;
  EXPECT_EQ(run_cases({uniform}, output), 0) << output;
  // The case's own overrides come after the command line's, so they win.
  EXPECT_EQ(run_cases({uniform}, output, {"process.model.config.prior={\"type\":\"step\",\"above\":0.1}"}), 0)
      << output;
  const std::string step = write_case(
      "step.json", std::string(R"({"events": )") + tour_events +
                       R"(, "expect": {"summary": {"mean": {"approx": 0.63636363636, "tol": 1e-6}}}})");
  EXPECT_EQ(run_cases({step}, output), 1) << output;
  EXPECT_EQ(run_cases({step}, output, {"process.model.config.prior={\"type\":\"uniform\"}"}), 0) << output;
  EXPECT_EQ(run_cases({tokens}, output), 1) << output;
  EXPECT_EQ(run_cases({tokens}, output,
                      {"process.model.config.success=[\"yes\"]", "process.model.config.failure=[\"no\"]"}),
            0)
      << output;
}

TEST_F(PipelineCases, ACaseThatMakesTheConfigInvalidSaysSoAndExits2) {
  const std::string bad = write_case(
      "bad_config.json",
      R"({"set": ["process.model.config.grid_points=1"], "events": [], "expect": {"accepted": 0}})");
  std::string output;
  EXPECT_EQ(run_cases({bad}, output), 2) << output;
  EXPECT_NE(output.find("/process/model/config/grid_points: expected an integer in [2, 1000000], got 1"),
            std::string::npos)
      << output;
}

TEST_F(PipelineCases, RenderDrawsWithTheConfiguredVisualisers) {
  const std::string plotted = write_case(
      "plotted.json", R"({"events": ["w", "w", "l"], "render": true, "expect": {"summary": {"n": 3}}})");
  std::string output;
  EXPECT_EQ(
      run_cases({plotted}, output, {"process.visualisers.0.config.directory=" + (work_ / "graphs").string()}),
      0)
      << output;
  EXPECT_TRUE(std::filesystem::exists(work_ / "graphs" / "latest.png")) << output;
  EXPECT_TRUE(std::filesystem::exists(work_ / "graphs" / "n_3_w_2.png")) << output;
}

TEST_F(PipelineCases, NeedsNoServerEvenForARedisConfig) {
  // Broker and store are in memory: no redis-server runs for this test.
  const std::string tour = write_case(
      "tour.json", std::string(R"({"events": )") + tour_events + R"(, "expect": {"summary": {"n": 9}}})");
  std::string output;
  EXPECT_EQ(run_program({test_paths::program, "test", "--config",
                         std::string(test_paths::source_dir) + "/config/redis-stream.json", "--set",
                         std::string("plugin_dirs=[\"") + test_paths::plugin_dir + "\"]", "--set",
                         "broker.config.port=1", tour},
                        output),
            0)
      << output;
}

}  // namespace
}  // namespace event_engine::testing
