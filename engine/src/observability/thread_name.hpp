// Names the calling thread, so that `top -H`, `ps -L`, perf and gdb tell the engine's threads
// apart. Linux keeps 15 characters; longer names are cut.
#pragma once

#include <string_view>

namespace event_engine {

void name_this_thread(std::string_view name);

}  // namespace event_engine
