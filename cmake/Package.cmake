# The Debian package of one Wireshark series (cpack, or `cmake --build build --target package`):
#   tcpstate_<version>_wireshark<series>_<arch>.deb
# It holds the plugin (in that Wireshark's global plugin folder) and the configuration profiles
# (in its global profiles folder), and depends on that series' libwireshark package.
find_program(DPKG_QUERY dpkg-query)
find_program(DPKG dpkg)
if(NOT DPKG_QUERY OR NOT DPKG)
  message(STATUS "tcpstate: no dpkg here, no .deb target")
  return()
endif()

# The runtime library package behind libwireshark-dev, e.g. "libwireshark18".
execute_process(COMMAND ${DPKG_QUERY} -W -f=\${Depends} libwireshark-dev
                OUTPUT_VARIABLE dev_depends ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
string(REGEX MATCH "libwireshark[0-9]+" TCPSTATE_LIBWIRESHARK_PACKAGE "${dev_depends}")
if(NOT TCPSTATE_LIBWIRESHARK_PACKAGE)
  message(STATUS "tcpstate: libwireshark-dev is not a Debian package here, no .deb target")
  return()
endif()
execute_process(COMMAND ${DPKG} --print-architecture
                OUTPUT_VARIABLE deb_arch OUTPUT_STRIP_TRAILING_WHITESPACE)
math(EXPR next_minor "${Wireshark_MINOR_VERSION} + 1")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tcpstate)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "tcpstate developers <tcpstate@users.noreply.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Wireshark ${TCPSTATE_WS_SERIES} plugin: per-connection TCP states, RTT and kernel events")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "tcpstate aggregates every TCP connection of a capture (SYN/FIN state, duration,\n\
packets and bytes each way, RTT, windows) for tshark -z tcpstate,..., the Statistics\n\
menu and per-packet fields, and merges kernel events recorded beside the capture.\n\
Built for Wireshark ${TCPSTATE_WS_SERIES}.")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${deb_arch})
set(CPACK_DEBIAN_FILE_NAME
    "tcpstate_${PROJECT_VERSION}_wireshark${TCPSTATE_WS_SERIES}_${deb_arch}.deb")
# dpkg-shlibdeps adds GLib, babeltrace2 and libwireshark's lower bound; the upper bound keeps
# the package to its series, whose plugin folder it installs into.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "${TCPSTATE_LIBWIRESHARK_PACKAGE} (<< ${Wireshark_MAJOR_VERSION}.${next_minor}~)")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "tshark | wireshark")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_OUTPUT_FILE_PREFIX ${PROJECT_BINARY_DIR})
set(TCPSTATE_DEB ${PROJECT_BINARY_DIR}/${CPACK_DEBIAN_FILE_NAME} CACHE INTERNAL "")
include(CPack)
