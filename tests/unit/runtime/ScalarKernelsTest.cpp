//===- ScalarKernelsTest.cpp
//-------------------------------------------------===//
#include <gtest/gtest.h>
