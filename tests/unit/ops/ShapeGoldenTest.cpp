//===- ShapeGoldenTest.cpp - Shape ops against PyTorch -------------------===//
#include "tests/support/Golden.h"

#include <gtest/gtest.h>
