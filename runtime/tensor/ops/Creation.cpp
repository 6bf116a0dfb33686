//===- Creation.cpp
//-----------------------------------------------------------===//
#include "runtime/tensor/ops/Creation.h"

namespace kiln::ops {} // namespace kiln::ops
