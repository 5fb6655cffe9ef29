// The real png_plotter.so, loaded by the engine's plugin loader, writing into a temporary directory.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include "event_engine/config_error.hpp"
#include "observability/metrics_registry.hpp"
#include "plugins/plugin_loader.hpp"
#include "test_paths.hpp"
#include "tests/decoded_png.hpp"

namespace png_plotter {
namespace {

namespace fs = std::filesystem;
using event_engine::ModelView;
using event_engine::Series;
using event_engine::SeriesStyle;

const std::string config_path = "/process/visualisers/0/config";

ModelView view_after(int trials, int successes) {
  ModelView view;
  view.title = "Posterior";
  view.x_label = "p";
  view.y_label = "density";
  view.tag = "n_" + std::to_string(trials) + "_w_" + std::to_string(successes);
  Series posterior{"Posterior", {}, {}, SeriesStyle::line_with_markers};
  Series prior{"Prior", {}, {}, SeriesStyle::dashed};
  for (int i = 0; i < 120; ++i) {
    const double p = i / 119.0;
    posterior.x.push_back(p);
    posterior.y.push_back(std::pow(p, successes) * std::pow(1.0 - p, trials - successes));
    prior.x.push_back(p);
    prior.y.push_back(0.5);
  }
  view.series = {posterior, prior};
  return view;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::set<std::string> file_names(const fs::path& directory) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(directory)) names.insert(entry.path().filename().string());
  return names;
}

class PngPlotterPlugin : public testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "png_plotter_test_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    config_dir_ = pattern;
    context_.config_dir = config_dir_;
    context_.metrics = &metrics_;
    context_.logger = std::make_shared<spdlog::logger>(
        "png_plotter_test", std::make_shared<spdlog::sinks::ostream_sink_mt>(log_));
  }

  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(config_dir_, ignored);
  }

  std::shared_ptr<event_engine::Visualiser> make(const nlohmann::json& config) {
    config_ = config;
    return loader_.create_visualiser("png_plotter", event_engine::ConfigReader(config_, config_path),
                                     context_);
  }

  std::uint64_t errors() { return metrics_.counter("event_engine_png_plotter_errors_total", "").value(); }
  std::uint64_t renders() { return metrics_.counter("event_engine_png_plotter_renders_total", "").value(); }
  fs::path graphs() const { return config_dir_ / "graphs"; }

  event_engine::PluginLoader loader_{{test_paths::plugin_dir}};
  event_engine::MetricsRegistry metrics_;
  std::ostringstream log_;
  event_engine::PluginContext context_;
  nlohmann::json config_;
  fs::path config_dir_;
};

TEST_F(PngPlotterPlugin, ManifestDescribesEveryKeyAndItsDefaultsAreAccepted) {
  const event_engine::PluginDescriptor& plugin = loader_.find("visualiser", "png_plotter");
  EXPECT_EQ(plugin.version, "1.0.0");
  EXPECT_FALSE(plugin.summary.empty());
  std::set<std::string> keys;
  nlohmann::json defaults = nlohmann::json::object();
  for (const event_engine::ConfigKeyDescriptor& key : plugin.config_keys) {
    keys.insert(key.name);
    EXPECT_FALSE(key.description.empty()) << key.name;
    defaults[key.name] = nlohmann::json::parse(key.default_json);
  }
  EXPECT_EQ(keys, (std::set<std::string>{"directory", "width", "height", "scale", "min_interval_ms",
                                         "history", "keep_last", "format", "compression_level", "baseline"}));
  const auto plotter = make(defaults);
  EXPECT_EQ(plotter->min_interval(), std::chrono::milliseconds(100));
  EXPECT_FALSE(fs::exists(graphs())) << "the factory does no I/O";
}

TEST_F(PngPlotterPlugin, WritesTagAndLatestFilesThatDecode) {
  const auto plotter = make({{"min_interval_ms", 250}});
  EXPECT_EQ(plotter->min_interval(), std::chrono::milliseconds(250));
  plotter->render(view_after(1, 1));
  plotter->render(view_after(2, 1));
  plotter->render(view_after(3, 2));
  EXPECT_EQ(file_names(graphs()),
            (std::set<std::string>{"n_1_w_1.png", "n_2_w_1.png", "n_3_w_2.png", "latest.png"}));
  const DecodedPng latest = decode_png(read_file(graphs() / "latest.png"));
  EXPECT_EQ(latest.width, 640);
  EXPECT_EQ(latest.height, 480);
  EXPECT_EQ(read_file(graphs() / "latest.png"), read_file(graphs() / "n_3_w_2.png"));
  EXPECT_NE(read_file(graphs() / "n_1_w_1.png"), read_file(graphs() / "n_3_w_2.png"));
  // render() draws on a canvas it keeps; encode() on a fresh one: the same image either way.
  EXPECT_EQ(read_file(graphs() / "n_1_w_1.png"), plotter->encode(view_after(1, 1), "png"));
  EXPECT_EQ(read_file(graphs() / "n_3_w_2.png"), plotter->encode(view_after(3, 2), "png"));
  EXPECT_EQ(renders(), 3u);
  EXPECT_EQ(errors(), 0u);
}

TEST_F(PngPlotterPlugin, KeepLastDeletesTheOldestHistoryFiles) {
  const auto plotter = make({{"keep_last", 2}, {"directory", "plots/here"}});
  for (int trials = 1; trials <= 5; ++trials) plotter->render(view_after(trials, 1));
  EXPECT_EQ(file_names(config_dir_ / "plots" / "here"),
            (std::set<std::string>{"n_4_w_1.png", "n_5_w_1.png", "latest.png"}));
}

TEST_F(PngPlotterPlugin, WithoutHistoryOnlyLatestIsKept) {
  const auto plotter = make({{"history", false}});
  for (int trials = 1; trials <= 3; ++trials) plotter->render(view_after(trials, 1));
  EXPECT_EQ(file_names(graphs()), (std::set<std::string>{"latest.png"}));
  EXPECT_EQ(read_file(graphs() / "latest.png"), plotter->encode(view_after(3, 1), "png"));
}

TEST_F(PngPlotterPlugin, SvgFormatWritesSvgFiles) {
  const auto plotter = make({{"format", "svg"}, {"directory", (config_dir_ / "svg").string()}});
  plotter->render(view_after(9, 6));
  EXPECT_EQ(file_names(config_dir_ / "svg"), (std::set<std::string>{"n_9_w_6.svg", "latest.svg"}));
  EXPECT_TRUE(read_file(config_dir_ / "svg" / "latest.svg").starts_with("<?xml"));
}

TEST_F(PngPlotterPlugin, EncodeGivesImagesInMemory) {
  const auto plotter = make({{"width", 320}, {"height", 240}, {"scale", 2.0}});
  const DecodedPng png = decode_png(plotter->encode(view_after(9, 6), "png"));
  EXPECT_EQ(png.width, 640);
  EXPECT_EQ(png.height, 480);
  EXPECT_NE(plotter->encode(view_after(9, 6), "svg").find("<svg"), std::string::npos);
  EXPECT_EQ(plotter->encode(view_after(9, 6), "gif"), "");
  EXPECT_FALSE(fs::exists(graphs()));
}

TEST_F(PngPlotterPlugin, TagsCannotEscapeTheDirectory) {
  const auto plotter = make({});
  ModelView hostile = view_after(2, 1);
  hostile.tag = "../../etc/passwd";
  plotter->render(hostile);
  hostile.tag = "latest";
  plotter->render(hostile);
  EXPECT_EQ(file_names(graphs()),
            (std::set<std::string>{"_._.._etc_passwd.png", "_latest.png", "latest.png"}));
}

TEST_F(PngPlotterPlugin, DirectoryThatCannotBeCreatedIsLoggedAndCounted) {
  std::ofstream(config_dir_ / "a_file") << "not a directory";
  const fs::path impossible = config_dir_ / "a_file" / "graphs";
  const auto plotter = make({{"directory", impossible.string()}});
  EXPECT_NO_THROW(plotter->render(view_after(2, 1)));
  EXPECT_EQ(errors(), 1u);
  EXPECT_EQ(renders(), 0u);
  EXPECT_NE(log_.str().find(impossible.string()), std::string::npos) << log_.str();
}

TEST_F(PngPlotterPlugin, FailedWriteKeepsThePreviousLatest) {
  const auto plotter = make({});
  plotter->render(view_after(2, 1));
  const std::string previous = read_file(graphs() / "latest.png");

  // A file size limit makes every write of a whole image fail, as a full disk would; root
  // ignores permissions but not this.
  rlimit original{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &original), 0);
  const auto previous_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit tiny = original;
  tiny.rlim_cur = 1000;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &tiny), 0);
  EXPECT_NO_THROW(plotter->render(view_after(9, 6)));
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &original), 0);
  std::signal(SIGXFSZ, previous_handler);

  EXPECT_EQ(errors(), 2u) << "the history file and latest";
  EXPECT_EQ(renders(), 1u);
  EXPECT_NE(log_.str().find((graphs() / "latest.png").string()), std::string::npos) << log_.str();
  EXPECT_NE(log_.str().find("File too large"), std::string::npos) << log_.str();
  EXPECT_EQ(read_file(graphs() / "latest.png"), previous);
  EXPECT_EQ(decode_png(read_file(graphs() / "latest.png")).width, 640);
  EXPECT_EQ(file_names(graphs()), (std::set<std::string>{"n_2_w_1.png", "latest.png"}))
      << "no temporary files left";

  plotter->render(view_after(9, 6));
  EXPECT_EQ(renders(), 2u);
  EXPECT_EQ(read_file(graphs() / "latest.png"), read_file(graphs() / "n_9_w_6.png"));
}

TEST_F(PngPlotterPlugin, UnknownKeyThroughTheLoaderNamesItsPath) {
  try {
    make({{"widht", 800}});
    FAIL() << "expected a ConfigError";
  } catch (const event_engine::ConfigError& error) {
    EXPECT_EQ(error.path(), config_path + "/widht");
    EXPECT_NE(std::string(error.what()).find("unknown key"), std::string::npos) << error.what();
  }
}

TEST_F(PngPlotterPlugin, BadValuesNameTheirPath) {
  const std::pair<nlohmann::json, std::string> cases[] = {
      {{{"width", "big"}}, "/width"},
      {{{"height", 50}}, "/height"},
      {{{"scale", 0}}, "/scale"},
      {{{"width", 8192}, {"scale", 4.0}}, "/scale"},
      {{{"format", "gif"}}, "/format"},
      {{{"keep_last", 0}}, "/keep_last"},
      {{{"history", "yes"}}, "/history"},
      {{{"compression_level", 10}}, "/compression_level"},
      {{{"min_interval_ms", -1}}, "/min_interval_ms"},
      {{{"directory", ""}}, "/directory"},
      {{{"baseline", "prior"}}, "/baseline"},
  };
  for (const auto& [config, key] : cases) {
    SCOPED_TRACE(config.dump());
    try {
      make(config);
      ADD_FAILURE() << "expected a ConfigError";
    } catch (const event_engine::ConfigError& error) {
      EXPECT_EQ(error.path(), config_path + key);
    }
  }
}

}  // namespace
}  // namespace png_plotter
