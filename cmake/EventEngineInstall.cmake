# Installs the program, the plugins (see event_engine_add_plugin), the plugin API headers and the
# CMake package EventEngine that out-of-tree plugins build against.
include(CMakePackageConfigHelpers)

install(TARGETS event-engine RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY engine/include/event_engine DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS event_engine_api EXPORT EventEngineTargets)
install(EXPORT EventEngineTargets NAMESPACE EventEngine:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/EventEngine)

configure_package_config_file(cmake/EventEngineConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/EventEngineConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/EventEngine)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/EventEngineConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/EventEngineConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/EventEngineConfigVersion.cmake
  cmake/EventEngineAddPlugin.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/EventEngine)
install(DIRECTORY config/ DESTINATION ${CMAKE_INSTALL_DATADIR}/event-engine/config)
