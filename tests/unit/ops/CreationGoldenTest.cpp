//===- CreationGoldenTest.cpp - Creation ops against PyTorch
//-------------------===//
#include "tests/support/Golden.h"

#include <gtest/gtest.h>
