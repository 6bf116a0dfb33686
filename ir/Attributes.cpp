//===- Attributes.cpp -----------------------------------------------------===//
#include "ir/Attributes.h"

namespace kiln {

const char *attributeKindName(AttributeKind kind) {
  switch (kind) {
  case AttributeKind::Int:
    return "int";
  case AttributeKind::Float:
    return "float";
  case AttributeKind::String:
    return "str";
  case AttributeKind::Tensor:
    return "tensor";
  case AttributeKind::Graph:
    return "graph";
  case AttributeKind::Type:
    return "type";
  case AttributeKind::Ints:
    return "int[]";
  case AttributeKind::Floats:
    return "float[]";
  case AttributeKind::Strings:
    return "str[]";
  case AttributeKind::Tensors:
    return "tensor[]";
  case AttributeKind::Tuple:
    return "tuple";
  }
  return "attribute";
}

} // namespace kiln
