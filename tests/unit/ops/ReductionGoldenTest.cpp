//===- ReductionGoldenTest.cpp - Reduction ops against PyTorch
//-------------------===//
#include "tests/support/Golden.h"

#include <gtest/gtest.h>
