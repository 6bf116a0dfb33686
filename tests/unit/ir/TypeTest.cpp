//===- TypeTest.cpp - Printing, parsing and subtyping of types ------------===//
#include "ir/Type.h"
#include "ir/Diagnostics.h"
#include "ir/TypeParser.h"

#include <gtest/gtest.h>

using namespace kiln;

namespace {

// Every form PyTorch prints parses and prints back the same.
class TypeRoundTrip : public ::testing::TestWithParam<const char *> {};

TEST_P(TypeRoundTrip, PrintsWhatItParsed) {
  EXPECT_EQ(parseTypeString(GetParam())->str(), GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    PyTorchSpellings, TypeRoundTrip,
    ::testing::Values(
        "Tensor", "int", "float", "bool", "str", "NoneType", "Scalar", "Device",
        "Generator", "Function", "Any", "int[]", "Tensor[]", "int[][]",
        "Tensor?", "Tensor?[]", "int[]?", "(Tensor, int)", "()",
        "(Tensor, Tensor)?", "Dict(str, Tensor)", "Dict(int, float)",
        "(str, Tensor)[]", "Union(int, float)", "__torch__.foo.Net",
        "__torch__.torch.nn.modules.linear.___torch_mangle_5.Linear",
        "Float(2, 3, strides=[3, 1], requires_grad=0, device=cpu)",
        "Float(*, *, requires_grad=0, device=cpu)",
        "Long(requires_grad=0, "
        "device=cpu)",
        "Float()", "Tensor(*, 4)", "Double(5)", "FloatTensor",
        "Int(2, strides=[1], requires_grad=1, device=cuda:0)",
        "Tensor(requires_grad=0)", "Bool(1, 1, strides=[1, 1])"));

TEST(Type, RefinedTensorParts) {
  TypePtr t = parseTypeString("Float(2, *, strides=[3, 1], device=cpu)");
  auto tensor = t->cast<TensorType>();
  ASSERT_TRUE(tensor);
  EXPECT_EQ(tensor->dtype(), ScalarType::Float);
  ASSERT_EQ(tensor->rank(), 2u);
  EXPECT_EQ((*tensor->sizes())[0], 2);
  EXPECT_FALSE((*tensor->sizes())[1].has_value());
  EXPECT_FALSE(tensor->hasCompleteSizes());
  EXPECT_EQ(tensor->device(), "cpu");
  EXPECT_FALSE(tensor->requiresGrad().has_value());
  EXPECT_EQ(TensorType::createContiguous(ScalarType::Long, {2, 3})->str(),
            "Long(2, 3, strides=[3, 1], requires_grad=0, device=cpu)");
}

TEST(Type, Subtyping) {
  auto t = [](const char *s) { return parseTypeString(s); };
  EXPECT_TRUE(t("Float(2, 3)")->isSubtypeOf(*t("Tensor")));
  EXPECT_TRUE(t("Float(2, 3)")->isSubtypeOf(*t("Float(*, 3)")));
  EXPECT_FALSE(t("Float(2, 3)")->isSubtypeOf(*t("Long(2, 3)")));
  EXPECT_FALSE(t("Tensor")->isSubtypeOf(*t("Float(2, 3)")));
  EXPECT_TRUE(t("int")->isSubtypeOf(*t("Scalar")));
  EXPECT_TRUE(t("float")->isSubtypeOf(*t("Scalar")));
  EXPECT_FALSE(t("bool")->isSubtypeOf(*t("Scalar")));
  EXPECT_FALSE(t("int")->isSubtypeOf(*t("float")));
  EXPECT_TRUE(t("NoneType")->isSubtypeOf(*t("Tensor?")));
  EXPECT_TRUE(t("Tensor")->isSubtypeOf(*t("Tensor?")));
  EXPECT_FALSE(t("Tensor?")->isSubtypeOf(*t("Tensor")));
  EXPECT_TRUE(t("(int, Float(2))")->isSubtypeOf(*t("(Scalar, Tensor)")));
  EXPECT_FALSE(t("(int, int)")->isSubtypeOf(*t("(int)")));
  EXPECT_FALSE(t("int[]")->isSubtypeOf(*t("Scalar[]"))); // lists invariant
  EXPECT_TRUE(t("Float(2)[]")->isSubtypeOf(*t("Tensor[]")));
  EXPECT_TRUE(t("int")->isSubtypeOf(*t("Union(str, int)")));
  EXPECT_TRUE(t("Dict(str, Tensor)")->isSubtypeOf(*t("Any")));
  EXPECT_TRUE(t("__torch__.A")->isSubtypeOf(*t("__torch__.A")));
  EXPECT_FALSE(t("__torch__.A")->isSubtypeOf(*t("__torch__.B")));
}

TEST(Type, MalformedTypesAreLocatedErrors) {
  auto message = [](const char *text) -> std::string {
    try {
      parseTypeString(text);
    } catch (const CompileError &e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_NE(message("Tensr").find("<type>:1:1: error: unknown type 'Tensr'"),
            std::string::npos);
  EXPECT_NE(message("Float(2, 3, strides=[1])").find("2 sizes but 1 strides"),
            std::string::npos);
  EXPECT_NE(message("Float(2, color=red)").find("unknown tensor type property"),
            std::string::npos);
  EXPECT_NE(message("Dict(str Tensor)").find("expected ','"),
            std::string::npos);
  std::string deep(200, '(');
  EXPECT_NE(message(deep.c_str()).find("nested too deeply"), std::string::npos);
}

} // namespace
