# `cmake --install` puts the application API where other CMake projects find
# it: find_package(Kiln) then target_link_libraries(app Kiln::kiln) (scripts
# and graphs) or Kiln::runtime (graphs alone, without the frontend).
include(CMakePackageConfigHelpers)

set(KILN_CMAKE_DIR lib/cmake/Kiln)

# Static libraries carry their private links along: Kiln::kiln needs the
# generated grammar (kiln_grammar) and, through it, ANTLR's C++ runtime.
set(KILN_INSTALLED_LIBRARIES kiln_api_frontend kiln_codegen kiln_llvm
    kiln_frontend kiln_passes kiln_api kiln_runtime kiln_ir kiln_tensor
    kiln_support)
set(KILN_NEEDS_ANTLR OFF) # read by KilnConfig.cmake.in
if(TARGET kiln_grammar)
  list(APPEND KILN_INSTALLED_LIBRARIES kiln_grammar)
  set(KILN_NEEDS_ANTLR ON)
endif()
install(TARGETS ${KILN_INSTALLED_LIBRARIES}
        EXPORT KilnTargets
        ARCHIVE DESTINATION lib)
install(EXPORT KilnTargets NAMESPACE Kiln:: DESTINATION ${KILN_CMAKE_DIR})

# The public header and the headers it includes, under include/kiln/.
install(FILES api/include/kiln/kiln.h DESTINATION include/kiln)
foreach(header
    runtime/IValue.h
    runtime/tensor/Print.h
    runtime/tensor/Scalar.h
    runtime/tensor/ScalarType.h
    runtime/tensor/Tensor.h
    runtime/tensor/io/Npy.h
    support/Error.h
    support/RefCounted.h)
  get_filename_component(dir ${header} DIRECTORY)
  install(FILES ${header} DESTINATION include/kiln/${dir})
endforeach()

configure_package_config_file(cmake/KilnConfig.cmake.in
  ${PROJECT_BINARY_DIR}/KilnConfig.cmake
  INSTALL_DESTINATION ${KILN_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/KilnConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/KilnConfig.cmake
              ${PROJECT_BINARY_DIR}/KilnConfigVersion.cmake
        DESTINATION ${KILN_CMAKE_DIR})
