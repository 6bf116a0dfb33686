# Installs Kiln into a temporary prefix, builds examples/embed against the
# installed package (find_package(Kiln) -> Kiln::runtime for embed, Kiln::kiln
# for embed_script), runs both, and compares their output with what PyTorch
# printed (examples/embed/expected.txt).
#
#   cmake -DBINARY_DIR=... -DSOURCE_DIR=... -DWORK_DIR=... [-DEXTRA_FLAGS=...]
#         -P TestInstall.cmake
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "failed (${rc}): ${command}\n${out}\n${err}")
  endif()
  set(output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
run(${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix ${WORK_DIR}/prefix)
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples/embed -B ${WORK_DIR}/build
    -G Ninja -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix
    "-DCMAKE_CXX_FLAGS=${EXTRA_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${EXTRA_FLAGS}")
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
file(READ ${SOURCE_DIR}/examples/embed/expected.txt expected)
foreach(example "embed;model.ir" "embed_script;model.py")
  list(GET example 0 program)
  list(GET example 1 model)
  run(${WORK_DIR}/build/${program} ${SOURCE_DIR}/examples/embed/${model})
  if(NOT output STREQUAL expected)
    message(FATAL_ERROR "${program} ${model} printed\n${output}\nbut PyTorch "
                        "printed\n${expected}")
  endif()
endforeach()
message(STATUS "installed package works:\n${output}")
