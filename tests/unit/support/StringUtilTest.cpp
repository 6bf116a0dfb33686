//===- StringUtilTest.cpp -------------------------------------------------===//
#include "support/StringUtil.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace kiln;

namespace {

// The outputs are what PyTorch 1.13 printed for these constants (see
// tests/lit/pytorch/fn_float_constants.ir).
TEST(StringUtil, FormatDoubleAsTorchScript) {
  EXPECT_EQ(formatDouble(2.0), "2.");
  EXPECT_EQ(formatDouble(-0.0), "-0.");
  EXPECT_EQ(formatDouble(0.0), "0.");
  EXPECT_EQ(formatDouble(0.1), "0.10000000000000001");
  EXPECT_EQ(formatDouble(1e-5), "1.0000000000000001e-05");
  EXPECT_EQ(formatDouble(3e10), "30000000000");
  EXPECT_EQ(formatDouble(9999999999.0), "9999999999.");
  EXPECT_EQ(formatDouble(1e300), "1.0000000000000001e+300");
  EXPECT_EQ(formatDouble(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(formatDouble(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(formatDouble(std::nan("")), "nan");
}

TEST(StringUtil, QuoteStringAsTorchScript) {
  EXPECT_EQ(quoteString("a\"b'c\\d"), R"("a\"b\'c\\d")");
  EXPECT_EQ(quoteString("\t\n\r\a\b\f\v"), R"("\t\n\r\a\b\f\v")");
  EXPECT_EQ(quoteString(std::string("\x01\x7f", 2)), R"("\001\177")");
  EXPECT_EQ(quoteString("\xc3\xa9"), "\"\xc3\xa9\"");
}

TEST(StringUtil, Numbers) {
  EXPECT_TRUE(isDecimalNumber("0123"));
  EXPECT_FALSE(isDecimalNumber(""));
  EXPECT_FALSE(isDecimalNumber("1.2"));
  EXPECT_EQ(parseInt64("-9223372036854775808"), INT64_MIN);
  EXPECT_FALSE(parseInt64("9223372036854775808"));
  EXPECT_FALSE(parseInt64("12a"));
}

} // namespace
