//===- TensorFilesTest.cpp
//-------------------------------------------------===//
#include <gtest/gtest.h>
