#include "plugin/png_plotter.hpp"

#include <stdexcept>
#include <system_error>

#include "event_engine/atomic_file_write.hpp"
#include "render/plot_renderer.hpp"

namespace png_plotter {
namespace {

const std::vector<double> render_seconds_buckets = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1.0};

event_engine::Metrics& required_metrics(const event_engine::PluginContext& context) {
  if (context.metrics == nullptr) throw std::invalid_argument("png_plotter needs the engine's metrics");
  return *context.metrics;
}

std::shared_ptr<spdlog::logger> required_logger(const event_engine::PluginContext& context) {
  if (!context.logger) throw std::invalid_argument("png_plotter needs the engine's logger");
  return context.logger;
}

bool is_file_name_safe(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '.';
}

// Tags are meant to be file-name safe already; this makes sure one never names a file outside the
// directory, a hidden file, or latest.<format>, whatever a model sends.
std::string history_file_stem(const std::string& tag) {
  std::string stem = tag.empty() ? "untagged" : tag;
  for (char& c : stem) {
    if (!is_file_name_safe(c)) c = '_';
  }
  if (stem.front() == '.') stem.front() = '_';
  if (stem == "latest") stem = "_latest";
  return stem;
}

}  // namespace

PngPlotter::PngPlotter(PngPlotterConfig config, const event_engine::PluginContext& context)
    : config_(std::move(config)),
      logger_(required_logger(context)),
      renders_(required_metrics(context).counter("event_engine_png_plotter_renders_total",
                                                 "Views the png_plotter drew and wrote")),
      errors_(context.metrics->counter(
          "event_engine_png_plotter_errors_total",
          "Views the png_plotter failed to draw, and files it failed to write or delete")),
      render_seconds_(context.metrics->histogram("event_engine_png_plotter_render_seconds",
                                                 "Time to draw, encode and write one view",
                                                 render_seconds_buckets)),
      history_(config_.keep_last) {}

void PngPlotter::render(const event_engine::ModelView& view) {
  const auto started = std::chrono::steady_clock::now();
  std::string image;
  try {
    image = draw(view);
  } catch (const std::exception& error) {
    report_failure("cannot draw view '" + view.tag + "': " + error.what());
    return;
  }

  std::error_code directory_error;
  std::filesystem::create_directories(config_.directory, directory_error);
  if (directory_error) {
    report_failure("cannot create directory " + config_.directory.string() + ": " +
                   directory_error.message());
    return;
  }

  const std::string extension = std::string(".") + format_name(config_.format);
  bool all_written = true;
  if (config_.history) {
    const std::filesystem::path file = config_.directory / (history_file_stem(view.tag) + extension);
    if (write(file, image)) {
      delete_expired_history(file);
    } else {
      all_written = false;
    }
  }
  all_written = write(config_.directory / ("latest" + extension), image) && all_written;
  if (!all_written) return;
  renders_.add();
  render_seconds_.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}

std::string PngPlotter::draw(const event_engine::ModelView& view) {
  if (config_.format != ImageFormat::png) return encode(view, format_name(config_.format));
  if (!canvas_) canvas_.emplace(config_.canvas);
  return canvas_->render(with_baseline_shown(view, config_.baseline), config_.png);
}

std::string PngPlotter::encode(const event_engine::ModelView& view, std::string_view format) const {
  if (format == "png")
    return render_png(with_baseline_shown(view, config_.baseline), config_.canvas, config_.png);
  if (format == "svg") return render_svg(with_baseline_shown(view, config_.baseline), config_.canvas);
  return {};
}

bool PngPlotter::write(const std::filesystem::path& file, const std::string& image) {
  try {
    // No fsync: a plot lost in a crash is redrawn from the model's next state, and an fsync per
    // plot would cost more than drawing it.
    event_engine::write_file_atomically(file, image, event_engine::Durability::readers_only);
    return true;
  } catch (const std::runtime_error& error) {
    report_failure(error.what());
    return false;
  }
}

void PngPlotter::delete_expired_history(const std::filesystem::path& written) {
  for (const std::filesystem::path& expired : history_.record(written)) {
    std::error_code error;
    std::filesystem::remove(expired, error);  // a file someone else removed already is no error
    if (error) report_failure("cannot delete old plot " + expired.string() + ": " + error.message());
  }
}

void PngPlotter::report_failure(const std::string& what) {
  errors_.add();
  logger_->error("png_plotter: {}", what);
}

}  // namespace png_plotter
