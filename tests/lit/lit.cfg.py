# lit configuration for Kiln's text tests: IR (.ir) files checked with
# kiln-opt and FileCheck. Run through CTest, or directly:
#   python3 /usr/lib/llvm-19/build/utils/lit/lit.py -v build/release/tests/lit
import os

import lit.formats

config.name = "Kiln"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".ir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.kiln_obj_root, "tests", "lit")
# Not tests: helpers and inputs that other tests read.
config.excludes = ["Inputs", "models", "README.md", "capture_graphs.py",
                   "make_cases.py",
                   "lit.cfg.py", "lit.site.cfg.py.in", "roundtrip.sh"]

config.environment["PATH"] = os.pathsep.join(
    [config.kiln_tools_dir, config.kiln_test_tools_dir, config.llvm_tools_dir,
     config.environment.get("PATH", os.environ.get("PATH", ""))])
# STYLE.md: captured names are scoped to their CHECK-LABEL block.
config.environment["FILECHECK_OPTS"] = "--enable-var-scope --dump-input=fail"
# JIT-compiled kernels are cached under the build tree, never in the
# user's cache directory (tests of the cache set their own).
config.environment["KILN_CACHE_DIR"] = os.path.join(config.test_exec_root,
                                                    "kiln-cache")
# The location of error messages must not depend on the machine.
config.environment["LC_ALL"] = "C"

# %roundtrip FILE TMP: kiln-opt reprints FILE (minus its '#' header lines)
# exactly, and printing is a fixed point.
config.substitutions.append(
    ("%roundtrip", "bash " + os.path.join(config.test_source_root,
                                          "roundtrip.sh")))

# MPI (tests/lit/distributed): 'REQUIRES: mpi' tests run kiln-mpi-selftest
# under %mpirun, which may start more processes than there are cores and
# runs as root in CI containers.
if config.kiln_have_mpi:
    config.available_features.add("mpi")
    config.environment["PATH"] = os.pathsep.join(
        [config.kiln_mpi_test_dir, config.environment["PATH"]])
    config.substitutions.append(
        ("%mpirun", config.kiln_mpiexec + " --allow-run-as-root --oversubscribe"))
