# Builds the front end with esbuild (build.mjs) into bin/dashboard, beside tunerd, where
# tunerd looks by default (--dashboard-dir). Included by ../CMakeLists.txt.
include(${PROJECT_SOURCE_DIR}/cmake/TuneNpm.cmake)
tune_require_npm("The dashboard's front end (TUNE_BUILD_DASHBOARD_WEB)")

set(web_source ${CMAKE_CURRENT_SOURCE_DIR}/web)
set(web_work ${CMAKE_CURRENT_BINARY_DIR}/web)
set(web_out ${PROJECT_BINARY_DIR}/bin/dashboard)
file(GLOB_RECURSE web_sources CONFIGURE_DEPENDS ${web_source}/src/*)
list(APPEND web_sources ${web_source}/index.html ${web_source}/build.mjs)

tune_npm_ci(web_installed ${web_source} ${web_work})
add_custom_command(
  OUTPUT ${web_out}/index.html
  # A fresh copy of the sources next to node_modules, then the build.
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${web_work}/src
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${web_source}/src ${web_work}/src
  COMMAND ${CMAKE_COMMAND} -E copy ${web_source}/index.html
          ${web_source}/build.mjs ${web_work}
  COMMAND ${CMAKE_COMMAND} -E env TUNE_DASHBOARD_OUT=${web_out}
          ${TUNE_NODE} ${web_work}/build.mjs
  WORKING_DIRECTORY ${web_work}
  DEPENDS ${web_sources} ${web_installed}
  COMMENT "Building the dashboard's front end into ${web_out}"
  VERBATIM)
add_custom_target(dashboard_web ALL DEPENDS ${web_out}/index.html)
