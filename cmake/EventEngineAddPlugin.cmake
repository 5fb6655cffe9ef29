# event_engine_add_plugin(<target> <source>...)
# Builds a plugin library (<target>.so) against the plugin API: hidden visibility so that only the
# Boost.DLL aliases are exported, and -fno-gnu-unique so that the library can really be unloaded.
function(event_engine_add_plugin target)
  add_library(${target} MODULE ${ARGN})
  target_link_libraries(${target} PRIVATE EventEngine::api)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -fno-gnu-unique)
  endif()
  if(DEFINED EVENT_ENGINE_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${EVENT_ENGINE_PLUGIN_OUTPUT_DIR})
  endif()
  if(DEFINED EVENT_ENGINE_PLUGIN_INSTALL_DIR)
    install(TARGETS ${target} LIBRARY DESTINATION ${EVENT_ENGINE_PLUGIN_INSTALL_DIR})
  endif()
endfunction()
