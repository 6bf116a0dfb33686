//===- NNGoldenTest.cpp - NN ops against PyTorch -------------------===//
#include "tests/support/Golden.h"

#include <gtest/gtest.h>
