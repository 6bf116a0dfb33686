//===- Constants.h - IR constants as runtime values -------------*- C++ -*-===//
#ifndef KILN_RUNTIME_CONSTANTS_H
#define KILN_RUNTIME_CONSTANTS_H

#include "ir/ConstantValue.h"
#include "runtime/IValue.h"

namespace kiln {

/// The runtime value of an IR constant (a prim::Constant's value, a schema's
/// default): lists become fresh lists, tuples tuples.
IValue ivalueFromConstant(const ConstantValue &c);

} // namespace kiln

#endif // KILN_RUNTIME_CONSTANTS_H
