// The png_plotter visualiser: draws each view it is given to <directory>/<tag>.<format> and
// <directory>/latest.<format>, replacing files atomically and keeping the newest keep_last.
#pragma once

#include <spdlog/logger.h>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "event_engine/metrics.hpp"
#include "event_engine/plugin_context.hpp"
#include "event_engine/visualiser.hpp"
#include "plugin/history_files.hpp"
#include "plugin/png_plotter_config.hpp"
#include "render/plot_renderer.hpp"

namespace png_plotter {

class PngPlotter final : public event_engine::Visualiser {
 public:
  // Does no I/O: the directory is created on the first render. Throws std::invalid_argument if
  // the context has no logger or no metrics.
  PngPlotter(PngPlotterConfig config, const event_engine::PluginContext& context);

  // Never throws: a failure is logged with its path and counted in
  // event_engine_png_plotter_errors_total, and the previous files stay as they were.
  void render(const event_engine::ModelView& view) override;
  std::chrono::milliseconds min_interval() const override { return config_.min_interval; }
  std::string encode(const event_engine::ModelView& view, std::string_view format) const override;

 private:
  std::string draw(const event_engine::ModelView& view);
  bool write(const std::filesystem::path& file, const std::string& image);
  void delete_expired_history(const std::filesystem::path& written);
  void report_failure(const std::string& what);

  PngPlotterConfig config_;
  std::shared_ptr<spdlog::logger> logger_;
  event_engine::Counter& renders_;
  event_engine::Counter& errors_;
  event_engine::Histogram& render_seconds_;
  HistoryFiles history_;
  // render()'s own canvas, made on its first PNG: the engine calls render() from one thread at a
  // time, while encode() may run on any HTTP thread and draws on a canvas of its own.
  std::optional<PngCanvas> canvas_;
};

}  // namespace png_plotter
