//===- Epilogue.cpp - Elementwise tails fused into contractions -----------===//
#include "codegen/gemm/Epilogue.h"

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
  }
  return os.str();
}

} // namespace kiln::codegen::gemm
