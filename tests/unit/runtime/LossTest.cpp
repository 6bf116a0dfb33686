//===- LossTest.cpp - The losses training appends -------------------------===//
#include "runtime/training/Loss.h"
#include "ir/IR.h"
#include "ir/Parser.h"
#include "support/Error.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace kiln;

namespace {

// The message of the UserError `f` throws.
template <typename F> std::string errorOf(F f) {
  try {
    f();
  } catch (const UserError &e) {
    return e.what();
  }
  return "(no error)";
}

std::string withLoss(const LossOptions &loss) {
  auto model = parseIR("graph(%x : Tensor):\n"
                       "  %y : Tensor = aten::relu(%x)\n"
                       "  return (%y)\n");
  std::ostringstream out;
  appendLoss(*model, loss)->print(out);
  return out.str();
}

TEST(Loss, Names) {
  for (LossKind kind : {LossKind::CrossEntropy, LossKind::NLL, LossKind::MSE,
                        LossKind::BCEWithLogits})
    EXPECT_EQ(lossKindFromName(lossKindName(kind)), kind);
  EXPECT_EQ(lossReductionFromName("sum"), LossReduction::Sum);
  EXPECT_EQ(errorOf([] { lossReductionFromName("none"); }),
            "unknown reduction 'none'; training needs a scalar loss: mean or "
            "sum");
  EXPECT_EQ(errorOf([] { lossKindFromName("hinge"); }),
            "unknown loss 'hinge'; the losses are cross_entropy, nll, mse and "
            "bce_with_logits");
}

TEST(Loss, AppendsTheOpWithItsOptions) {
  std::string ce = withLoss({.reduction = LossReduction::Sum,
                             .ignoreIndex = 7,
                             .labelSmoothing = 0.25});
  EXPECT_NE(ce.find("%target : Tensor"), std::string::npos) << ce;
  EXPECT_NE(ce.find("prim::Constant[value=2]()"), std::string::npos) << ce;
  EXPECT_NE(ce.find("prim::Constant[value=7]()"), std::string::npos) << ce;
  EXPECT_NE(ce.find("prim::Constant[value=0.25]()"), std::string::npos) << ce;
  EXPECT_NE(ce.find("%loss : Tensor = aten::cross_entropy_loss(%y, %target"),
            std::string::npos)
      << ce;
  std::string bce = withLoss({.kind = LossKind::BCEWithLogits});
  EXPECT_NE(bce.find("aten::binary_cross_entropy_with_logits(%y, %target"),
            std::string::npos)
      << bce;
  EXPECT_NE(bce.find("prim::Constant[value=1]()"), std::string::npos) << bce;
}

TEST(Loss, RejectsOptionsTheLossDoesNotHave) {
  EXPECT_EQ(errorOf([] { withLoss({.labelSmoothing = 1.5}); }),
            "label_smoothing must be in [0, 1], not 1.5");
  EXPECT_EQ(
      errorOf([] { withLoss({.kind = LossKind::NLL, .labelSmoothing = 0.1}); }),
      "label_smoothing is an option of cross_entropy, not of nll");
  EXPECT_EQ(
      errorOf([] { withLoss({.kind = LossKind::MSE, .ignoreIndex = 0}); }),
      "ignore_index is an option of cross_entropy and nll, not of mse");
}

} // namespace
