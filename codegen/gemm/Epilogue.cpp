//===- Epilogue.cpp - Elementwise tails fused into contractions -----------===//
#include "codegen/gemm/Epilogue.h"

#include "ir/Constant.h"
#include "ir/IR.h"

#include <sstream>

namespace kiln::codegen::gemm {

std::string Epilogue::key() const {
  std::ostringstream os;
  os.precision(17);
  for (OperandLayout l : operands)
    os << "o" << static_cast<int>(l);
  for (const EpilogueStep &s : steps) {
    os << ";" << static_cast<int>(s.kind);
    if (s.operand >= 0)
      os << "@" << s.operand;
    os << "," << s.a << "," << s.b << "," << s.alpha;
    if (s.node) {
      os << "," << s.node->kind().qualString();
      for (size_t i = 1; i < s.node->inputs().size(); ++i)
        if (auto c = constantValueOf(s.node->input(i)))
          os << "," << formatConstant(*c);
    }
  }
  return os.str();
}

} // namespace kiln::codegen::gemm
