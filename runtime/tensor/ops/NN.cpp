//===- NN.cpp -----------------------------------------------------------===//
#include "runtime/tensor/ops/NN.h"

namespace kiln::ops {} // namespace kiln::ops
