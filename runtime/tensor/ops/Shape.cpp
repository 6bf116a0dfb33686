//===- Shape.cpp
//-----------------------------------------------------------===//
#include "runtime/tensor/ops/Shape.h"

namespace kiln::ops {} // namespace kiln::ops
