// Keeps libpixman and libfontconfig (which cairo loads with this plugin) in the process once the
// plugin has loaded them. Both allocate at load or first use and free only at process exit or never:
// pixman builds its table of implementations in a load-time constructor, fontconfig keeps its font
// configuration for the process's lifetime (cairo never calls FcFini). So every unload and reload of
// png_plotter.so (and with it cairo, pixman and fontconfig) lost that memory: 12 KB in 6 blocks from
// pixman per load, and fontconfig's patterns, which LeakSanitizer reported from an "<unknown
// module>" in every test and engine run that unloads the plugins. Pinned, each initialises once per
// process and what it keeps stays reachable (fontconfig's is then named, and suppressed, in
// sanitizers/lsan.supp); png_plotter.so and cairo still unload.
#include <dlfcn.h>

namespace png_plotter {
namespace {

bool pin(const char* library) { return dlopen(library, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE) != nullptr; }

[[maybe_unused]] const bool libraries_pinned = pin("libpixman-1.so.0") && pin("libfontconfig.so.1");

}  // namespace
}  // namespace png_plotter
