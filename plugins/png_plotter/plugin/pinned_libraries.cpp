// Keeps libcairo and the libpixman and libfontconfig it loads in the process once this plugin has
// loaded them. Each allocates at load or first use and frees only at process exit or never:
// pixman builds its table of implementations in a load-time constructor, fontconfig keeps its font
// configuration for the process's lifetime (cairo never calls FcFini). So every unload and reload of
// png_plotter.so (and with it cairo, pixman and fontconfig) lost that memory: 12 KB in 6 blocks from
// pixman per load, cairo's caches and fontconfig's patterns, which LeakSanitizer reported from an
// "<unknown module>" in every test and engine run that unloads the plugins. Pinned, each
// initialises once per process and what it keeps stays reachable (fontconfig's is then named, and
// suppressed, in sanitizers/lsan.supp); png_plotter.so itself still unloads.
#include <dlfcn.h>

namespace png_plotter {
namespace {

bool pin(const char* library) { return dlopen(library, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE) != nullptr; }

// cairo keeps its font and scaled-font caches in static storage too, freed only by
// cairo_debug_reset_static_data(); pinning it also keeps the libraries it loaded.
[[maybe_unused]] const bool libraries_pinned =
    pin("libcairo.so.2") && pin("libpixman-1.so.0") && pin("libfontconfig.so.1");

}  // namespace
}  // namespace png_plotter
