"""Row 7: one 640x480 PNG of 120 points (the plugin's encoder), against cairo's own PNG writer."""

from .. import google_benchmark
from ..report import Row


def measure(context):
    results = google_benchmark.medians(
        context,
        "bench_plot_render",
        "draw_and_plugin_encoder/level:1$|draw_and_cairo_png_writer",
        max(5, context.repetitions),
    )
    plugin = results["draw_and_plugin_encoder/level:1"]
    plugin_ms = google_benchmark.milliseconds(plugin)
    cairo_ms = google_benchmark.milliseconds(results["draw_and_cairo_png_writer"])
    return [
        Row(
            "plot_render",
            events_per_s=1000.0 / plugin_ms,
            baseline="cairo_surface_write_to_png",
            baseline_events_per_s=1000.0 / cairo_ms,
            p50_ms=plugin_ms,
            note=f"plots per second; p50 is the median wall time of one plot, "
            f"{google_benchmark.milliseconds(plugin, 'cpu_time'):.2f} ms of CPU (cairo's writer: {cairo_ms:.2f} ms)",
        )
    ]
