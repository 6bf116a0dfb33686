//===- Printer.cpp - Graphs as TorchScript prints them --------------------===//
//
// Follows PyTorch's Graph::print / Node::print so that a graph PyTorch
// printed, parsed and printed again, is the same text:
//
//   graph(%x.1 : Tensor,
//         %n : int):
//     %2 : int = prim::Constant[value=1]()
//     %y : Tensor = aten::add(%x.1, %x.1, %2) # model.py:3:8
//      = prim::If(%c) # model.py:4:4
//       block0():
//         -> ()
//     return (%y)
//   with prim::FusionGroup_0 = graph(...)
//
//===----------------------------------------------------------------------===//
#include "ir/Constant.h"
#include "ir/IR.h"
#include "ir/TensorText.h"
#include "support/StringUtil.h"

#include <ostream>
#include <sstream>

namespace kiln {

namespace {

class Printer {
public:
  Printer(std::ostream &out, const PrintOptions &options)
      : out_(out), options_(options) {}

  void printGraph(const Graph &g) {
    out_ << "graph(";
    printValuesWithTypes(g.inputs(), ",\n      ");
    out_ << "):\n";
    for (const Node *n : g.nodes())
      printNode(n, 1);
    out_ << "  return (";
    printValueRefs(g.outputs());
    out_ << ")\n";
    // Subgraphs print after the graph that uses them, each with its own
    // numbering of nested groups.
    for (size_t i = 0; i < groups_.size(); ++i) {
      const Node *group = groups_[i];
      out_ << "with " << group->kind().qualString() << "_" << i << " = ";
      Printer(out_, options_).printGraph(*group->g(attr::Subgraph));
    }
  }

  void printNode(const Node *n, size_t level, bool withBlocks = true) {
    indent(level);
    printValuesWithTypes(n->outputs(), ", ");
    out_ << " = ";
    bool isGroup = n->hasAttribute(attr::Subgraph) &&
                   n->attributeKindOf(attr::Subgraph) == AttributeKind::Graph;
    out_ << n->kind().qualString();
    if (isGroup) {
      out_ << "_" << groups_.size();
      groups_.push_back(n);
    }
    printAttributes(n, /*skipSubgraph=*/isGroup);
    out_ << "(";
    printValueRefs(n->inputs());
    out_ << ")";
    const SourceRange &r = n->sourceRange();
    if (options_.sourceLocations && r.valid() && r.line() > 0 &&
        r.source()->kind() == Source::Kind::Script)
      out_ << " # " << r.str();
    if (!withBlocks)
      return;
    out_ << "\n";
    for (size_t i = 0; i < n->blocks().size(); ++i) {
      const Block *b = n->blocks()[i];
      indent(level + 1);
      out_ << "block" << i << "(";
      printValuesWithTypes(b->inputs(), ", ");
      out_ << "):\n";
      for (const Node *inner : b->nodes())
        printNode(inner, level + 2);
      indent(level + 2);
      out_ << "-> (";
      printValueRefs(b->outputs());
      out_ << ")\n";
    }
  }

private:
  void indent(size_t level) {
    for (size_t i = 0; i < level; ++i)
      out_ << "  ";
  }

  void printValueRefs(std::span<Value *const> values) {
    for (size_t i = 0; i < values.size(); ++i) {
      if (i)
        out_ << ", ";
      out_ << "%" << values[i]->debugName();
    }
  }

  void printValuesWithTypes(std::span<Value *const> values,
                            const char *separator) {
    for (size_t i = 0; i < values.size(); ++i) {
      if (i)
        out_ << separator;
      out_ << "%" << values[i]->debugName() << " : "
           << values[i]->type()->str();
    }
  }

  void printAttributes(const Node *n, bool skipSubgraph) {
    bool any = false;
    for (const auto &[name, value] : n->attributes()) {
      if (skipSubgraph && name == attr::Subgraph)
        continue;
      out_ << (any ? ", " : "[") << name.unqualString() << "=";
      any = true;
      printAttributeValue(n, value);
    }
    if (any)
      out_ << "]";
  }

  // Floats that print without a '.' or exponent (3e10 prints
  // "30000000000", as in PyTorch) read back as ints; outside prim::Constant,
  // whose result type disambiguates, add the '.'.
  static std::string floatAttribute(double v, bool constant) {
    std::string s = formatDouble(v);
    if (!constant && s.find_first_of(".eni") == std::string::npos)
      s += ".";
    return s;
  }

  void printAttributeValue(const Node *n, const AttributeValue &value) {
    bool constant = n->kind() == prim::Constant;
    switch (attributeKind(value)) {
    case AttributeKind::Int:
      out_ << std::get<int64_t>(value);
      return;
    case AttributeKind::Float:
      out_ << floatAttribute(std::get<double>(value), constant);
      return;
    case AttributeKind::String:
      out_ << quoteString(std::get<std::string>(value));
      return;
    case AttributeKind::Tensor: {
      const Tensor &t = std::get<Tensor>(value);
      bool implied = false;
      if (constant && n->outputs().size() == 1)
        if (auto type = n->output()->type()->cast<TensorType>())
          implied = type->dtype() == t.dtype();
      out_ << formatTensorLiteral(t, implied);
      return;
    }
    case AttributeKind::Graph:
      out_ << "<Graph>";
      return;
    case AttributeKind::Type:
      out_ << std::get<TypePtr>(value)->str();
      return;
    case AttributeKind::Ints:
      printList(std::get<std::vector<int64_t>>(value),
                [](int64_t v) { return std::to_string(v); });
      return;
    case AttributeKind::Floats:
      printList(std::get<std::vector<double>>(value),
                [&](double v) { return floatAttribute(v, constant); });
      return;
    case AttributeKind::Strings:
      printList(std::get<std::vector<std::string>>(value),
                [](const std::string &v) { return quoteString(v); });
      return;
    case AttributeKind::Tuple:
      out_ << formatConstant(
          std::get<std::shared_ptr<const ConstantTuple>>(value));
      return;
    case AttributeKind::Tensors:
      printList(std::get<std::vector<Tensor>>(value),
                [](const Tensor &t) { return formatTensorLiteral(t); });
      return;
    }
  }

  template <typename T, typename Fn>
  void printList(const std::vector<T> &items, Fn one) {
    out_ << "[";
    for (size_t i = 0; i < items.size(); ++i) {
      if (i)
        out_ << ", ";
      out_ << one(items[i]);
    }
    out_ << "]";
  }

  std::ostream &out_;
  const PrintOptions &options_;
  std::vector<const Node *> groups_;
};

} // namespace

void Graph::print(std::ostream &out, const PrintOptions &options) const {
  Printer(out, options).printGraph(*this);
}

std::string Node::str() const {
  std::ostringstream os;
  PrintOptions options;
  Printer(os, options).printNode(this, 0, /*withBlocks=*/false);
  return os.str();
}

} // namespace kiln
