# Debian packages by CPack (DEB generator), one per component:
#   tune-tuner    tunerd, tunectl, the dashboard's files, tunerd.service,
#                 /etc/tune/tunerd.conf
#   tune-worker   workerd, workerd.service, /etc/tune/workerd.conf
#   tune-trainer  cifar10-trainer (this build's libtorch: CPU here; build it
#                 on a GPU node for CUDA, deploy/gpu-node.sh)
# Build them with `cpack -G DEB` in the build directory (or
# `bash deploy/packages.sh`). Binaries go to /usr/bin, the dashboard to
# /usr/share/tune/dashboard, configuration to /etc/tune; the units make
# /var/lib/tune and /var/lib/tune-worker.
include(GNUInstallDirs)
set(tune_deploy ${PROJECT_SOURCE_DIR}/deploy)

install(TARGETS tunerd tunectl RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        COMPONENT tuner)
if(TUNE_BUILD_DASHBOARD_WEB)
  install(DIRECTORY ${PROJECT_BINARY_DIR}/bin/dashboard/
          DESTINATION ${CMAKE_INSTALL_DATADIR}/tune/dashboard COMPONENT tuner)
endif()
install(FILES ${tune_deploy}/systemd/tunerd.service
        DESTINATION lib/systemd/system COMPONENT tuner)
install(FILES ${tune_deploy}/conf/tunerd.conf DESTINATION /etc/tune
        COMPONENT tuner)
install(FILES ${PROJECT_SOURCE_DIR}/README.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/tune-tuner COMPONENT tuner)

install(TARGETS workerd RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        COMPONENT worker)
install(FILES ${tune_deploy}/systemd/workerd.service
        DESTINATION lib/systemd/system COMPONENT worker)
install(FILES ${tune_deploy}/conf/workerd.conf DESTINATION /etc/tune
        COMPONENT worker)
install(FILES ${PROJECT_SOURCE_DIR}/README.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/tune-worker COMPONENT worker)
install(PROGRAMS ${tune_deploy}/slurm/workerd.sbatch
        DESTINATION ${CMAKE_INSTALL_DATADIR}/tune/slurm COMPONENT worker)

set(CPACK_COMPONENTS_ALL tuner worker)
if(TUNE_BUILD_TRAINER)
  install(TARGETS cifar10-trainer RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
          COMPONENT trainer)
  list(APPEND CPACK_COMPONENTS_ALL trainer)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "tune maintainers <tune@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
# Dependencies from the binaries' shared libraries (dpkg-shlibdeps).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "passwd")

set(CPACK_DEBIAN_TUNER_PACKAGE_NAME tune-tuner)
set(CPACK_COMPONENT_TUNER_DESCRIPTION
    "hyperparameter tuning daemon (tunerd), its CLI (tunectl) and dashboard")
set(CPACK_DEBIAN_TUNER_PACKAGE_CONTROL_EXTRA
    "${tune_deploy}/debian/tune-tuner/postinst;${tune_deploy}/debian/tune-tuner/conffiles")
set(CPACK_DEBIAN_WORKER_PACKAGE_NAME tune-worker)
set(CPACK_COMPONENT_WORKER_DESCRIPTION
    "trial runner of the hyperparameter tuning service (workerd)")
set(CPACK_DEBIAN_WORKER_PACKAGE_CONTROL_EXTRA
    "${tune_deploy}/debian/tune-worker/postinst;${tune_deploy}/debian/tune-worker/conffiles")
set(CPACK_DEBIAN_TRAINER_PACKAGE_NAME tune-trainer)
set(CPACK_COMPONENT_TRAINER_DESCRIPTION
    "libtorch CIFAR-10 trainer that tuning jobs run (cifar10-trainer)")
include(CPack)
