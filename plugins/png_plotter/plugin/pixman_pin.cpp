// Keeps libpixman (which cairo loads with this plugin) in the process once the plugin has loaded
// it. pixman builds its table of implementations in a load-time constructor and never frees it, so
// every unload and reload of png_plotter.so (and with it cairo and pixman) lost 12 KB: 6 blocks
// of 2,064 bytes, which LeakSanitizer reported from an "<unknown module>" in every test that loads
// and unloads the plugins. Pinned, pixman's constructor runs once per process and its tables stay
// reachable; png_plotter.so and cairo still unload.
#include <dlfcn.h>

namespace png_plotter {
namespace {

[[maybe_unused]] const bool pixman_pinned =
    dlopen("libpixman-1.so.0", RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE) != nullptr;

}  // namespace
}  // namespace png_plotter
