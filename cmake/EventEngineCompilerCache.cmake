# Compiles through ccache when it is installed (Debian's ccache; scripts/install-deps.sh installs
# it). The cache lives outside the checkout (ccache's default, ~/.cache/ccache, or CCACHE_DIR), so a
# later build of another clone on the same machine, such as CI's, reuses what this one compiled:
#   CCACHE_BASEDIR   paths under the checkout are hashed relative to the build directory, so the
#                    clone's own path does not matter (no test compiles a path in: test_paths.hpp)
#   CCACHE_NOHASHDIR the build directory's path is left out of the hash too, although the debug
#                    information then names the directory of the build that filled the cache
# Off with -DEVENT_ENGINE_CCACHE=OFF; a launcher given on the command line is kept as it is.
option(EVENT_ENGINE_CCACHE "Compile through ccache when it is installed" ON)
find_program(EVENT_ENGINE_CCACHE_PROGRAM ccache)
if(EVENT_ENGINE_CCACHE AND EVENT_ENGINE_CCACHE_PROGRAM AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(event_engine_compiler_launcher
    ${CMAKE_COMMAND} -E env CCACHE_BASEDIR=${PROJECT_SOURCE_DIR} CCACHE_NOHASHDIR=true
    ${EVENT_ENGINE_CCACHE_PROGRAM})
  set(CMAKE_C_COMPILER_LAUNCHER ${event_engine_compiler_launcher})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${event_engine_compiler_launcher})
endif()
