# package.cmake: what `cmake --install` puts beside the programs (cmd/ and
# planners/ install the binary, its helpers in libexec/infraplan/, the man
# page and the completion), and the Debian package CPack builds from it:
#   cmake -S . -B build-deb -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr
#   cmake --build build-deb -j2 && (cd build-deb && cpack -G DEB)
# The prefix is compiled in (the JSON Schema's path that `init` writes, the
# documentation's that the man page names), so a package is built with the
# prefix it installs to. Its Depends are the Debian packages of the shared
# libraries the programs and the git module link, found by dpkg-shlibdeps.
install(FILES ${CMAKE_SOURCE_DIR}/schema/infraplan.schema.json
        DESTINATION ${CMAKE_INSTALL_DATADIR}/infraplan)
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR} FILES_MATCHING
        PATTERN "*.md")
install(DIRECTORY ${CMAKE_SOURCE_DIR}/examples DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME infraplan)
set(CPACK_PACKAGE_VENDOR infraplan)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "one YAML spec in: Terraform, cloud-init, systemd units and a monthly cost out")
set(CPACK_PACKAGE_DESCRIPTION
    "infraplan turns one YAML spec of what a team runs into deploy files (Terraform HCL,
cloud-init user-data, hardened systemd units) and an estimated monthly cost,
offline, with every price's source and date.")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "infraplan maintainers <infraplan@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# the libraries of infraplan-git.so and infraplan-prices-fetch are found
# through the build tree's own paths too
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion, man-db")
set(CPACK_STRIP_FILES TRUE)
include(CPack)
