"""Goldens of the elementwise ops (tests/unit/ops/PointwiseGoldenTest.cpp)."""
import torch

from golden import Goldens

g = Goldens("pointwise")
g.case("add_same_shape", lambda a, b: torch.add(a, b), g.randn(3, 4), g.randn(3, 4))
g.case("add_broadcast", lambda a, b: torch.add(a, b, alpha=2), g.randn(2, 1, 4), g.randn(3, 1))
g.case("add_scalar_tensor", lambda a, b: a + b, g.randn(5), g.randn(()))
g.case("add_int_float", lambda a, b: a + b, g.randint(-5, 5, 4), g.randn(4))
g.case("add_int64", lambda a, b: a + b, g.randint(-100, 100, 3, 2), g.randint(-100, 100, 2))
g.case("add_bool", lambda a, b: a + b, g.randint(0, 2, 4, dtype=torch.bool), g.randint(0, 2, 4, dtype=torch.bool))
g.case("add_empty", lambda a, b: a + b, g.randn(0, 3), g.randn(3))
g.case("mul_double", lambda a, b: a * b, g.randn(2, 3, dtype=torch.float64), g.randn(2, 3, dtype=torch.float64))
g.case("relu", torch.relu, g.randn(4, 5))
g.case("relu_int", torch.relu, g.randint(-3, 3, 6))
g.save()
