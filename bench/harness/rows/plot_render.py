"""Row 7: one 640x480 PNG of 120 points (the plugin's encoder at zlib level 1), against libpng writing
the same surface as cairo's writer does at the same level 1 (the target's baseline); a second row
compares with cairo's own writer, which compresses at zlib's default level."""

from .. import google_benchmark
from ..report import Row


def measure(context):
    results = google_benchmark.medians(
        context,
        "bench_plot_render",
        "draw_and_plugin_encoder/level:1$|draw_and_cairo_png_writer|draw_and_libpng_writer/level:1$",
        max(5, context.repetitions),
    )
    plugin = results["draw_and_plugin_encoder/level:1"]
    plugin_ms = google_benchmark.milliseconds(plugin)
    libpng_ms = google_benchmark.milliseconds(results["draw_and_libpng_writer/level:1"])
    cairo_ms = google_benchmark.milliseconds(results["draw_and_cairo_png_writer"])
    return [
        Row(
            "plot_render",
            events_per_s=1000.0 / plugin_ms,
            baseline="libpng, zlib level 1",
            baseline_events_per_s=1000.0 / libpng_ms,
            p50_ms=plugin_ms,
            note=f"plots per second; p50 is the median wall time of one plot, "
            f"{google_benchmark.milliseconds(plugin, 'cpu_time'):.2f} ms of CPU; the baseline is cairo's "
            f"writer's way (libpng's default filters) at the plugin's zlib level",
        ),
        Row(
            "plot_render_vs_cairo_default",
            events_per_s=1000.0 / plugin_ms,
            baseline="cairo_surface_write_to_png (zlib level 6)",
            baseline_events_per_s=1000.0 / cairo_ms,
            p50_ms=plugin_ms,
            note="the plugin against cairo's own writer: most of the difference is the zlib level",
        ),
    ]
