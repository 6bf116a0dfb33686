//===- LinearAlgebra.cpp
//-----------------------------------------------------------===//
#include "runtime/tensor/ops/LinearAlgebra.h"

namespace kiln::ops {} // namespace kiln::ops
