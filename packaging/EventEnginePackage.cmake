# `make package` (cpack -G DEB): one .deb with the program, the plugins, the plugin API headers and
# CMake package, /etc/event-engine/default.json and the systemd unit event-engine@.service.
#
# The system files are a component of their own, left out of a plain `cmake --install` (which, to
# a prefix such as ~/.local, must not write to /etc) and put into the package with the rest.
install(FILES ${CMAKE_CURRENT_LIST_DIR}/default.json DESTINATION /etc/event-engine
  COMPONENT system_files EXCLUDE_FROM_ALL)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/event-engine@.service DESTINATION /lib/systemd/system
  COMPONENT system_files EXCLUDE_FROM_ALL)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/event-engine)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME event-engine)
set(CPACK_PACKAGE_VENDOR "event-engine")
set(CPACK_PACKAGE_CONTACT "event-engine maintainers <event-engine@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
# Every component in the one package: the unnamed one (program, plugins, headers) and the system files.
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
set(CPACK_COMPONENTS_ALL Unspecified system_files)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# cairo finds its plot font through fontconfig only with this installed.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core")
# What an out-of-tree plugin build needs besides the headers in this package.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "cmake, g++, libboost-dev, nlohmann-json3-dev, libspdlog-dev, redis-server")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${CMAKE_CURRENT_LIST_DIR}/conffiles ${CMAKE_CURRENT_LIST_DIR}/postinst ${CMAKE_CURRENT_LIST_DIR}/postrm)
include(CPack)
