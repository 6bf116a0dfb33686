# Third-party dependencies, all from Debian 12 packages (see README.md).

find_package(TBB REQUIRED)
# .npz files are zip archives (libzip reads stored and deflated members);
# safetensors headers are JSON (nlohmann-json, header-only).
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS program_options)

# LLVM 19: link the shared libLLVM-19.so so that links stay fast.
# (LLVM's version file only accepts an exact major.minor request, so check
# the major version ourselves.)
find_package(LLVM REQUIRED CONFIG
             HINTS /usr/lib/llvm-19/lib/cmake/llvm NO_DEFAULT_PATH)
if(NOT LLVM_VERSION_MAJOR EQUAL 19)
  message(FATAL_ERROR "Kiln needs LLVM 19, found ${LLVM_PACKAGE_VERSION}")
endif()
message(STATUS "Kiln: LLVM ${LLVM_PACKAGE_VERSION} from ${LLVM_DIR}")
add_library(kiln_llvm INTERFACE)
target_include_directories(kiln_llvm SYSTEM INTERFACE ${LLVM_INCLUDE_DIRS})
target_compile_definitions(kiln_llvm INTERFACE ${LLVM_DEFINITIONS})
target_link_libraries(kiln_llvm INTERFACE LLVM)

if(KILN_BUILD_TESTS)
  find_package(GTest REQUIRED)
  find_package(Python3 REQUIRED COMPONENTS Interpreter)
  find_program(KILN_FILECHECK FileCheck REQUIRED
               HINTS ${LLVM_TOOLS_BINARY_DIR} /usr/lib/llvm-19/bin NO_DEFAULT_PATH)
  find_program(KILN_NOT not REQUIRED
               HINTS ${LLVM_TOOLS_BINARY_DIR} /usr/lib/llvm-19/bin NO_DEFAULT_PATH)
  find_file(KILN_LIT lit.py REQUIRED
            HINTS /usr/lib/llvm-19/build/utils/lit NO_DEFAULT_PATH)
endif()

# MPI (Debian's Open MPI: openmpi-bin, libopenmpi-dev) for data-parallel
# training across processes (mpirun -np N kiln train ...). Optional: without
# it Kiln still trains with threads (--replicas N), and mpiWorld() says how
# to rebuild with MPI. FindMPI looks for the C interface only when C is
# enabled; only runtime/distributed/Mpi.cpp uses it (from C++).
option(KILN_WITH_MPI "Build the MPI communicator when MPI is found" ON)
set(KILN_HAVE_MPI OFF)
if(KILN_WITH_MPI)
  enable_language(C)
  find_package(MPI COMPONENTS C)
  if(MPI_C_FOUND)
    set(KILN_HAVE_MPI ON)
    message(STATUS "Kiln: MPI ${MPI_C_VERSION} (${MPIEXEC_EXECUTABLE})")
  else()
    message(STATUS "Kiln: MPI not found, building without it (install "
                   "libopenmpi-dev and openmpi-bin, then re-run cmake)")
  endif()
endif()
