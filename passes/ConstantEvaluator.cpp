//===- ConstantEvaluator.cpp ----------------------------------------------===//
#include "passes/ConstantEvaluator.h"

#include <atomic>

namespace kiln {

namespace {
std::atomic<const ConstantEvaluator *> registered{nullptr};
} // namespace

const ConstantEvaluator *constantEvaluator() { return registered.load(); }

void setConstantEvaluator(const ConstantEvaluator *evaluator) {
  registered.store(evaluator);
}

} // namespace kiln
