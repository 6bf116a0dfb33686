//===- TensorFiles.cpp ----------------------------------------------------===//
#include "runtime/tensor/io/TensorFiles.h"

namespace kiln {} // namespace kiln
