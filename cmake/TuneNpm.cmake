# npm for the parts built with node: the dashboard's front end
# (tuner/dashboard/web) and the browser test's driver (tests/browser).
#
#   tune_npm_ci(OUT_STAMP SOURCE_DIR WORK_DIR)
# copies SOURCE_DIR's package.json and package-lock.json into WORK_DIR and
# runs `npm ci` there at build time, again only when either file changes.
# Sets OUT_STAMP to a file that changes with each install, for DEPENDS.
# node_modules stays in the build tree, so several build trees never race
# over one source folder.

find_program(TUNE_NPM npm)
find_program(TUNE_NODE NAMES node nodejs)

function(tune_require_npm what)
  if(NOT TUNE_NPM OR NOT TUNE_NODE)
    message(FATAL_ERROR
      "${what} needs node and npm, and they were not found. Install them "
      "with deploy/install-deps.sh (Debian's nodejs and npm packages), or "
      "configure with -DTUNE_BUILD_DASHBOARD_WEB=OFF to build without it.")
  endif()
endfunction()

function(tune_npm_ci out_stamp source_dir work_dir)
  set(stamp ${work_dir}/node_modules/.package-lock.json)
  add_custom_command(
    OUTPUT ${stamp}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${work_dir}
    COMMAND ${CMAKE_COMMAND} -E copy ${source_dir}/package.json
            ${source_dir}/package-lock.json ${work_dir}
    COMMAND ${TUNE_NPM} ci --no-audit --no-fund --loglevel=error
    COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
    WORKING_DIRECTORY ${work_dir}
    DEPENDS ${source_dir}/package.json ${source_dir}/package-lock.json
    COMMENT "npm ci in ${work_dir}"
    VERBATIM)
  set(${out_stamp} ${stamp} PARENT_SCOPE)
endfunction()
