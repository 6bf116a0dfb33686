"""Goldens of the scalar and container kernels: TorchScript graphs with
PyTorch's results (tests/unit/runtime/ScalarKernelsTest.cpp and
ContainerKernelsTest.cpp). Run with Debian's python from this folder:

    cd tests/golden && /usr/bin/python3 scalar.py

It rewrites tests/golden/scalar/*.txt; see scalarcases.py for the format.
"""
import scalar_bridges
import scalar_containers
import scalar_dicts  # noqa: F401 - adds its cases to containers.txt
import scalar_numbers
import scalar_strings

scalar_bridges.bridges.save()
scalar_containers.containers.save()
scalar_numbers.numbers.save()
scalar_strings.strings.save()
