//===- ContainerKernelsTest.cpp
//-------------------------------------------------===//
#include <gtest/gtest.h>
