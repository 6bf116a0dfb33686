//===- ContractionKernel.cpp - GEMM/conv nodes as compiled kernels --------===//
//
// Compiling a node makes a Plan: which contraction, where each of its
// arguments comes from (an input of the node, or a constant of the graph),
// and the epilogue steps with their operands. Running the plan resolves the
// arguments, checks them, classifies each epilogue operand's layout over
// the result (scalar, per row, per column, full), fetches the micro-kernel
// for that epilogue (compiled on first use) and calls the GEMM or
// convolution driver. Anything unexpected returns false before a byte is
// written.
//
//===----------------------------------------------------------------------===//
#include "codegen/gemm/ContractionKernel.h"

#include "codegen/ElementwiseEmitters.h"
#include "codegen/gemm/GemmKernels.h"
#include "ir/Constant.h"
#include "ir/IR.h"
#include "ir/OpTable.h"
#include "runtime/Constants.h"

#include <limits>
#include <optional>
#include <sstream>

namespace kiln::codegen::gemm {

namespace {

enum class Contraction { Linear, Mm, Addmm, Bmm, Matmul, Conv2d };

const char *contractionName(Contraction c) {
  switch (c) {
  case Contraction::Linear:
    return "linear";
  case Contraction::Mm:
    return "mm";
  case Contraction::Addmm:
    return "addmm";
  case Contraction::Bmm:
    return "bmm";
  case Contraction::Matmul:
    return "matmul";
  case Contraction::Conv2d:
    return "conv2d";
  }
  return "?";
}

/// An argument: input `input` of the kernel's node, or constants[constant].
struct Source {
  int input = -1;
  int constant = -1;
};

struct StepTemplate {
  EpilogueStep step;
  /// The tensor the step reads (Kind::*Operand), if any.
  std::optional<Source> operand;
  /// A step whose operand may be None at run time (a bias), and is then
  /// skipped.
  bool skipIfNone = false;
  /// The operand is a convolution's bias: one value per output channel.
  bool channelBias = false;
  /// The operand's rank as the graph states it (-1: unknown), for showing
  /// the kernel's code before it runs.
  int staticRank = -1;
};

int rankOf(const Value *v) {
  const auto *t = v->type()->cast<TensorType>();
  if (!t || !t->sizes())
    return -1;
  return static_cast<int>(t->sizes()->size());
}

struct Plan {
  Contraction op;
  std::vector<Source> args; // the contraction's, in schema order
  std::vector<StepTemplate> steps;
  std::vector<IValue> constants;
};

//===--- Compiling: node -> plan ------------------------------------------===//

class PlanBuilder {
public:
  /// `inputOf(v)` is the index of the kernel input that v stands for, or -1.
  explicit PlanBuilder(std::function<int(const Value *)> inputOf)
      : inputOf_(std::move(inputOf)) {}

  std::optional<Source> source(const Value *v) {
    if (auto c = constantValueOf(v)) {
      plan_.constants.push_back(ivalueFromConstant(*c));
      return Source{-1, static_cast<int>(plan_.constants.size() - 1)};
    }
    int i = inputOf_(v);
    if (i < 0)
      return std::nullopt;
    return Source{i, -1};
  }

  /// A compile-time number (int, float or bool constant).
  std::optional<double> number(const Value *v) {
    auto c = constantValueOf(v);
    if (!c)
      return std::nullopt;
    if (auto *d = std::get_if<double>(&*c))
      return *d;
    if (auto *i = std::get_if<int64_t>(&*c))
      return static_cast<double>(*i);
    if (auto *b = std::get_if<bool>(&*c))
      return *b ? 1.0 : 0.0;
    return std::nullopt;
  }
  bool isNone(const Value *v) {
    auto c = constantValueOf(v);
    return c && std::holds_alternative<NoneConstant>(*c);
  }

  bool contraction(const Node &n) {
    const OpInfo *op = n.maybeOp();
    if (!op || n.outputs().size() != 1)
      return false;
    switch (op->id) {
    case OpId::aten_linear:
      plan_.op = Contraction::Linear;
      break;
    case OpId::aten_mm:
      plan_.op = Contraction::Mm;
      break;
    case OpId::aten_addmm:
      plan_.op = Contraction::Addmm;
      break;
    case OpId::aten_bmm:
      plan_.op = Contraction::Bmm;
      break;
    case OpId::aten_matmul:
      plan_.op = Contraction::Matmul;
      break;
    case OpId::aten_conv2d:
      plan_.op = Contraction::Conv2d;
      break;
    default:
      return false;
    }
    size_t arity = plan_.op == Contraction::Linear   ? 3
                   : plan_.op == Contraction::Conv2d ? 7
                   : plan_.op == Contraction::Addmm  ? 5
                                                     : 2;
    if (n.inputs().size() != arity)
      return false;
    for (const Value *in : n.inputs()) {
      auto s = source(in);
      if (!s)
        return false;
      plan_.args.push_back(*s);
    }
    using K = EpilogueStep::Kind;
    if (plan_.op == Contraction::Addmm) {
      auto beta = number(n.input(3)), alpha = number(n.input(4));
      if (!beta || !alpha || *alpha == 0)
        return false;
      if (*alpha != 1)
        plan_.steps.push_back({{K::MulConstant, -1, *alpha}, {}, false});
      if (*beta != 0) {
        EpilogueStep add{K::AddOperand};
        add.alpha = *beta;
        plan_.steps.push_back(
            {add, plan_.args[0], false, false, rankOf(n.input(0))});
      }
    }
    if ((plan_.op == Contraction::Linear || plan_.op == Contraction::Conv2d) &&
        !isNone(n.input(2)))
      plan_.steps.push_back({{K::AddOperand},
                             plan_.args[2],
                             true,
                             plan_.op == Contraction::Conv2d,
                             rankOf(n.input(2))});
    return true;
  }

  /// Appends the elementwise op `n`, one of whose inputs is the running
  /// value `x`, as epilogue steps.
  bool chainStep(const Node &n, const Value *x) {
    const OpInfo *op = n.maybeOp();
    if (!op || n.outputs().size() != 1 || n.inputs().empty())
      return false;
    int uses = 0;
    for (const Value *in : n.inputs())
      uses += in == x;
    if (uses != 1)
      return false;
    const bool xFirst = n.input(0) == x;
    using K = EpilogueStep::Kind;
    auto push = [&](K kind, double a = 0, double b = 0) {
      EpilogueStep s{kind};
      s.a = a;
      s.b = b;
      plan_.steps.push_back({s, {}, false});
      return true;
    };
    auto pushOperand = [&](K kind, const Value *y, double alpha = 1) {
      auto s = source(y);
      if (!s || !y->type()->isa<TensorType>())
        return false;
      EpilogueStep step{kind};
      step.alpha = alpha;
      plan_.steps.push_back({step, *s, false, false, rankOf(y)});
      return true;
    };
    const double inf = std::numeric_limits<double>::infinity();
    auto arg = [&](size_t i) { return number(n.input(i)); };
    switch (op->id) {
    case OpId::aten_relu:
      return push(K::Relu);
    case OpId::aten_relu6:
      return push(K::Clamp, 0, 6);
    case OpId::aten_neg:
      return push(K::Neg);
    case OpId::aten_hardtanh: {
      auto lo = arg(1), hi = arg(2);
      return lo && hi && push(K::Clamp, *lo, *hi);
    }
    case OpId::aten_clamp: {
      auto lo = arg(1), hi = arg(2);
      if ((!lo && !isNone(n.input(1))) || (!hi && !isNone(n.input(2))))
        return false;
      return push(K::Clamp, lo ? *lo : -inf, hi ? *hi : inf);
    }
    case OpId::aten_clamp_min: {
      auto lo = arg(1);
      return lo && push(K::Clamp, *lo, inf);
    }
    case OpId::aten_clamp_max: {
      auto hi = arg(1);
      return hi && push(K::Clamp, -inf, *hi);
    }
    case OpId::aten_leaky_relu: {
      auto slope = arg(1);
      return slope && push(K::LeakyRelu, *slope);
    }
    case OpId::aten_add_Tensor:
    case OpId::aten_sub_Tensor:
    case OpId::aten_rsub_Tensor: {
      auto alpha = arg(2);
      if (!alpha)
        return false;
      const Value *y = n.input(xFirst ? 1 : 0);
      // Each as "x + s * y" or "y - s * x".
      bool plus = op->id == OpId::aten_add_Tensor;
      bool xMinus = op->id == OpId::aten_sub_Tensor    ? !xFirst
                    : op->id == OpId::aten_rsub_Tensor ? xFirst
                                                       : false;
      if (plus) {
        if (xFirst)
          return pushOperand(K::AddOperand, y, *alpha);
        // y + alpha * x
        if (*alpha != 1)
          push(K::MulConstant, *alpha);
        return pushOperand(K::AddOperand, y, 1);
      }
      // sub(a, b) = a - alpha * b; rsub(a, b) = b - alpha * a.
      if (xMinus) // y - alpha * x
        return pushOperand(K::RSubOperand, y, *alpha);
      return pushOperand(K::AddOperand, y, -*alpha); // x - alpha * y
    }
    case OpId::aten_mul_Tensor:
      return pushOperand(K::MulOperand, n.input(xFirst ? 1 : 0));
    case OpId::aten_div_Tensor:
      return xFirst && pushOperand(K::DivOperand, n.input(1));
    case OpId::aten_add_Scalar:
    case OpId::aten_sub_Scalar:
    case OpId::aten_rsub_Scalar: {
      auto c = arg(1), alpha = arg(2);
      if (!xFirst || !c || !alpha)
        return false;
      if (op->id == OpId::aten_add_Scalar)
        return push(K::AddConstant, *c * *alpha);
      if (op->id == OpId::aten_sub_Scalar)
        return push(K::AddConstant, -*c * *alpha);
      // rsub: c - alpha * x
      if (*alpha != 1)
        push(K::MulConstant, *alpha);
      return push(K::RSubConstant, *c);
    }
    case OpId::aten_mul_Scalar: {
      auto c = arg(1);
      return xFirst && c && push(K::MulConstant, *c);
    }
    case OpId::aten_div_Scalar: {
      auto c = arg(1);
      return xFirst && c && push(K::DivConstant, *c);
    }
    case OpId::aten_tanh:
    case OpId::aten_sigmoid:
    case OpId::aten_gelu:
    case OpId::aten_silu:
    case OpId::aten_elu:
    case OpId::aten_softplus:
    case OpId::aten_hardsigmoid:
    case OpId::aten_hardswish:
    case OpId::aten_mish:
    case OpId::aten_abs:
    case OpId::aten_exp: {
      // float -> float ops of x and constants, emitted as the elementwise
      // generator emits them.
      if (!xFirst || !elementwiseEmitter(op->id))
        return false;
      for (size_t i = 1; i < n.inputs().size(); ++i)
        if (!constantValueOf(n.input(i)))
          return false;
      EpilogueStep s{K::Unary};
      s.node = &n;
      plan_.steps.push_back({s, {}, false});
      return true;
    }
    default:
      return false;
    }
  }

  Plan take() { return std::move(plan_); }

private:
  std::function<int(const Value *)> inputOf_;
  Plan plan_;
};

std::optional<Plan> planFor(const Node &node) {
  if (node.kind() != prim::FusionGroup) {
    PlanBuilder builder([&](const Value *v) {
      for (size_t i = 0; i < node.inputs().size(); ++i)
        if (node.input(i) == v)
          return static_cast<int>(i);
      return -1;
    });
    if (!builder.contraction(node))
      return std::nullopt;
    return builder.take();
  }
  if (!node.hasAttribute(attr::Subgraph) || node.outputs().size() != 1)
    return std::nullopt;
  const Graph &sub = *node.g(attr::Subgraph);
  if (sub.outputs().size() != 1)
    return std::nullopt;
  PlanBuilder builder([&](const Value *v) {
    if (v->node()->kind() == prim::Param && v->owningGraph() == &sub)
      return static_cast<int>(v->offset());
    return -1;
  });
  const Value *x = nullptr;
  for (const Node *n : sub.nodes()) {
    if (n->kind() == prim::Constant)
      continue;
    if (!x) {
      if (!builder.contraction(*n))
        return std::nullopt;
    } else if (!builder.chainStep(*n, x)) {
      return std::nullopt;
    }
    // Intermediate results feed only the next op.
    if (x && x->uses().size() != 1)
      return std::nullopt;
    x = n->output(0);
  }
  if (!x || sub.outputs()[0] != x)
    return std::nullopt;
  return builder.take();
}

//===--- Running: plan + inputs -> result ---------------------------------===//

/// The result's dimensions as the GEMM sees them: [batch dims][row
/// dims][column dims].
struct ResultView {
  std::vector<int64_t> sizes;
  size_t rowBegin, colBegin; // batch = [0, rowBegin), rows, columns
};

/// The single stride of dims [begin, end) of (sizes, strides) taken as one
/// dimension, 0 when they all have size 1; nullopt when they do not
/// collapse.
std::optional<int64_t> collapsedStride(const std::vector<int64_t> &sizes,
                                       const std::vector<int64_t> &strides,
                                       size_t begin, size_t end) {
  std::optional<int64_t> inner;
  int64_t expected = 0;
  for (size_t d = end; d-- > begin;) {
    if (sizes[d] == 1)
      continue;
    if (!inner) {
      inner = strides[d];
    } else if (strides[d] != expected) {
      return std::nullopt;
    }
    expected = strides[d] * sizes[d];
  }
  return inner.value_or(0);
}

/// Classifies an epilogue operand over the result; nullopt when it does
/// not broadcast to the result exactly or its columns are not contiguous.
std::optional<std::pair<OperandLayout, OperandBinding>>
classify(const Tensor &t, const ResultView &view) {
  const auto &out = view.sizes;
  if (t.dtype() != ScalarType::Float ||
      t.dim() > static_cast<int64_t>(out.size()))
    return std::nullopt;
  std::vector<int64_t> strides(out.size(), 0);
  size_t offset = out.size() - static_cast<size_t>(t.dim());
  for (int64_t d = 0; d < t.dim(); ++d) {
    int64_t size = t.size(d);
    if (size != 1 && size != out[offset + d])
      return std::nullopt;
    strides[offset + d] = size == 1 ? 0 : t.stride(d);
  }
  auto batch = collapsedStride(out, strides, 0, view.rowBegin);
  auto rows = collapsedStride(out, strides, view.rowBegin, view.colBegin);
  auto cols = collapsedStride(out, strides, view.colBegin, out.size());
  if (!batch || !rows || !cols || (*cols != 0 && *cols != 1))
    return std::nullopt;
  OperandLayout layout =
      *cols == 0
          ? (*rows == 0 ? OperandLayout::Scalar : OperandLayout::PerRow)
          : (*rows == 0 ? OperandLayout::PerColumn : OperandLayout::Full);
  return std::make_pair(layout, OperandBinding{t.data<float>(), *rows, *batch});
}

std::optional<std::vector<int64_t>> intList(const IValue &v, size_t n) {
  if (v.isInt())
    return std::vector<int64_t>(n, v.toInt());
  if (!v.isList())
    return std::nullopt;
  std::vector<int64_t> out;
  for (const IValue &item : v.toList().items) {
    if (!item.isInt())
      return std::nullopt;
    out.push_back(item.toInt());
  }
  if (out.size() == 1)
    out.resize(n, out[0]);
  if (out.size() != n)
    return std::nullopt;
  return out;
}

bool isFloatTensor(const IValue &v) {
  return v.isTensor() && v.toTensor().dtype() == ScalarType::Float;
}

class ContractionKernel final : public CompiledKernel {
public:
  explicit ContractionKernel(Plan plan) : plan_(std::move(plan)) {}

  bool run(const KernelArgs &args) const override;

  std::string describe() const override {
    std::ostringstream os;
    os << "jit gemm " << contractionName(plan_.op);
    if (!plan_.steps.empty())
      os << " + " << plan_.steps.size() << "-step epilogue";
    return os.str();
  }

private:
  const IValue &value(const KernelArgs &args, Source s) const {
    return s.input >= 0 ? args.in(static_cast<size_t>(s.input))
                        : plan_.constants[static_cast<size_t>(s.constant)];
  }
  /// The epilogue for this run's operands, bound into `bindings`.
  std::optional<Epilogue>
  bindEpilogue(const KernelArgs &args, const ResultView &view,
               std::vector<OperandBinding> &bindings) const;
  bool runGemmOp(const KernelArgs &args) const;
  bool runConv(const KernelArgs &args) const;

  Plan plan_;
};

std::optional<Epilogue>
ContractionKernel::bindEpilogue(const KernelArgs &args, const ResultView &view,
                                std::vector<OperandBinding> &bindings) const {
  Epilogue epi;
  for (const StepTemplate &t : plan_.steps) {
    EpilogueStep step = t.step;
    if (t.operand) {
      const IValue &v = value(args, *t.operand);
      if (v.isNone() && t.skipIfNone)
        continue;
      if (!v.isTensor())
        return std::nullopt;
      std::optional<std::pair<OperandLayout, OperandBinding>> bound;
      if (t.channelBias)
        bound.emplace(OperandLayout::PerRow,
                      OperandBinding{v.toTensor().data<float>(),
                                     v.toTensor().stride(0), 0});
      else
        bound = classify(v.toTensor(), view);
      if (!bound)
        return std::nullopt;
      step.operand = static_cast<int>(epi.operands.size());
      epi.operands.push_back(bound->first);
      bindings.push_back(bound->second);
    }
    epi.steps.push_back(step);
  }
  return epi;
}

bool ContractionKernel::runGemmOp(const KernelArgs &args) const {
  const IValue &av = value(args, plan_.args[plan_.op == Contraction::Addmm]);
  const IValue &bv =
      value(args, plan_.args[plan_.op == Contraction::Addmm ? 2 : 1]);
  if (!isFloatTensor(av) || !isFloatTensor(bv))
    return false;
  const Tensor &a = av.toTensor(), &b = bv.toTensor();
  GemmProblem p;
  ResultView view;
  Tensor aFlat = a;
  switch (plan_.op) {
  case Contraction::Linear: {
    // input [..., K] @ weight[N, K]^T; leading dims flatten into rows.
    if (a.dim() < 2 || b.dim() != 2 || a.size(-1) != b.size(1))
      return false;
    int64_t r = a.dim();
    std::vector<int64_t> sizes = a.sizes(), strides = a.strides();
    auto rowStride = collapsedStride(sizes, strides, 0, r - 1);
    if (!rowStride) {
      aFlat = a.contiguous();
      rowStride = aFlat.size(-1);
    }
    p.m = 1;
    for (int64_t d = 0; d < r - 1; ++d)
      p.m *= a.size(d);
    p.k = a.size(-1);
    p.n = b.size(0);
    p.aRowStride = *rowStride;
    p.aColStride = aFlat.stride(-1);
    p.bRowStride = b.stride(1);
    p.bColStride = b.stride(0);
    view.sizes = a.sizes();
    view.sizes.back() = p.n;
    view.rowBegin = 0;
    view.colBegin = static_cast<size_t>(r - 1);
    break;
  }
  case Contraction::Mm:
  case Contraction::Addmm:
  case Contraction::Bmm:
  case Contraction::Matmul: {
    int64_t ra = a.dim(), rb = b.dim();
    bool ok = plan_.op == Contraction::Bmm ? (ra == 3 && rb == 3)
              : plan_.op == Contraction::Matmul
                  ? (ra >= 2 && ra <= 3 && rb >= 2 && rb <= 3)
                  : (ra == 2 && rb == 2);
    if (!ok || a.size(-1) != b.size(-2))
      return false;
    int64_t batchA = ra == 3 ? a.size(0) : 1, batchB = rb == 3 ? b.size(0) : 1;
    if (plan_.op == Contraction::Bmm && batchA != batchB)
      return false;
    if (batchA != batchB && batchA != 1 && batchB != 1)
      return false;
    p.batch = std::max(batchA, batchB);
    p.m = a.size(-2);
    p.k = a.size(-1);
    p.n = b.size(-1);
    p.aRowStride = a.stride(-2);
    p.aColStride = a.stride(-1);
    p.aBatchStride = ra == 3 && batchA > 1 ? a.stride(0) : 0;
    p.bRowStride = b.stride(-2);
    p.bColStride = b.stride(-1);
    p.bBatchStride = rb == 3 && batchB > 1 ? b.stride(0) : 0;
    if (ra == 3 || rb == 3)
      view.sizes = {p.batch, p.m, p.n};
    else
      view.sizes = {p.m, p.n};
    view.rowBegin = view.sizes.size() - 2;
    view.colBegin = view.sizes.size() - 1;
    break;
  }
  case Contraction::Conv2d:
    return false;
  }
  std::vector<OperandBinding> bindings;
  auto epi = bindEpilogue(args, view, bindings);
  if (!epi)
    return false;
  auto kernel = gemmKernel(*epi);
  if (!kernel)
    return false;
  Tensor out = Tensor::empty(view.sizes, ScalarType::Float);
  p.a = aFlat.data<float>();
  p.b = b.data<float>();
  p.c = out.data<float>();
  p.cRowStride = p.n;
  p.cBatchStride = p.m * p.n;
  p.operands = std::move(bindings);
  runGemm(*kernel, p);
  args.setOut(0, IValue(std::move(out)));
  return true;
}

bool ContractionKernel::runConv(const KernelArgs &args) const {
  const IValue &iv = value(args, plan_.args[0]);
  const IValue &wv = value(args, plan_.args[1]);
  if (!isFloatTensor(iv) || !isFloatTensor(wv))
    return false;
  auto stride = intList(value(args, plan_.args[3]), 2);
  auto padding = intList(value(args, plan_.args[4]), 2);
  auto dilation = intList(value(args, plan_.args[5]), 2);
  const IValue &gv = value(args, plan_.args[6]);
  if (!stride || !padding || !dilation || !gv.isInt())
    return false;
  const Tensor &in = iv.toTensor(), &w = wv.toTensor();
  int64_t groups = gv.toInt();
  if (in.dim() != 4 || w.dim() != 4 || groups < 1)
    return false;
  Conv2dProblem p;
  p.batch = in.size(0);
  p.inChannels = in.size(1);
  p.inHeight = in.size(2);
  p.inWidth = in.size(3);
  p.outChannels = w.size(0);
  p.kernelHeight = w.size(2);
  p.kernelWidth = w.size(3);
  p.groups = groups;
  if (p.outChannels % groups != 0 || w.size(1) * groups != p.inChannels ||
      w.size(1) == 0)
    return false;
  for (int d = 0; d < 2; ++d)
    if ((*stride)[d] < 1 || (*padding)[d] < 0 || (*dilation)[d] < 1)
      return false;
  p.strideH = (*stride)[0], p.strideW = (*stride)[1];
  p.padH = (*padding)[0], p.padW = (*padding)[1];
  p.dilationH = (*dilation)[0], p.dilationW = (*dilation)[1];
  p.outHeight =
      (p.inHeight + 2 * p.padH - p.dilationH * (p.kernelHeight - 1) - 1) /
          p.strideH +
      1;
  p.outWidth =
      (p.inWidth + 2 * p.padW - p.dilationW * (p.kernelWidth - 1) - 1) /
          p.strideW +
      1;
  if (p.outHeight < 1 || p.outWidth < 1 ||
      p.inHeight + 2 * p.padH < p.dilationH * (p.kernelHeight - 1) + 1 ||
      p.inWidth + 2 * p.padW < p.dilationW * (p.kernelWidth - 1) + 1)
    return false;
  const IValue &biasValue = value(args, plan_.args[2]);
  if (!biasValue.isNone()) {
    if (!isFloatTensor(biasValue) || biasValue.toTensor().dim() != 1 ||
        biasValue.toTensor().size(0) != p.outChannels)
      return false;
  }
  ResultView view{{p.batch, p.outChannels, p.outHeight, p.outWidth}, 1, 2};
  std::vector<OperandBinding> bindings;
  auto epi = bindEpilogue(args, view, bindings);
  if (!epi)
    return false;
  auto kernel = gemmKernel(*epi);
  if (!kernel)
    return false;
  Tensor input = in.contiguous(), weight = w.contiguous();
  Tensor out = Tensor::empty(view.sizes, ScalarType::Float);
  p.input = input.data<float>();
  p.weight = weight.data<float>();
  p.output = out.data<float>();
  p.operands = std::move(bindings);
  runConv2d(*kernel, p);
  args.setOut(0, IValue(std::move(out)));
  return true;
}

bool ContractionKernel::run(const KernelArgs &args) const {
  if (args.numOutputs != 1)
    return false;
  if (plan_.op == Contraction::Linear) {
    // The bias must be a float32 vector of the output's width.
    const IValue &bias = value(args, plan_.args[2]);
    const IValue &w = value(args, plan_.args[1]);
    if (!bias.isNone() && (!isFloatTensor(bias) || bias.toTensor().dim() != 1 ||
                           !w.isTensor() || w.toTensor().dim() != 2 ||
                           bias.toTensor().size(0) != w.toTensor().size(0)))
      return false;
  }
  if (plan_.op == Contraction::Addmm) {
    // self must broadcast to the product without growing it (checked when
    // binding the epilogue); a beta of 0 ignores it entirely.
    if (!value(args, plan_.args[0]).isTensor())
      return false;
  }
  return plan_.op == Contraction::Conv2d ? runConv(args) : runGemmOp(args);
}

} // namespace

std::string contractionKernelCode(const Node &node, bool assembly) {
  auto plan = planFor(node);
  if (!plan)
    return "";
  Epilogue epi;
  for (const StepTemplate &t : plan->steps) {
    EpilogueStep step = t.step;
    if (t.operand) {
      step.operand = static_cast<int>(epi.operands.size());
      epi.operands.push_back(t.channelBias       ? OperandLayout::PerRow
                             : t.staticRank == 0 ? OperandLayout::Scalar
                             : t.staticRank == 1 ? OperandLayout::PerColumn
                                                 : OperandLayout::Full);
    }
    epi.steps.push_back(step);
  }
  return gemmKernelCode(epi, assembly);
}

std::shared_ptr<const CompiledKernel> compileContraction(const Node &node) {
  auto plan = planFor(node);
  if (!plan)
    return nullptr;
  return std::make_shared<ContractionKernel>(std::move(*plan));
}

} // namespace kiln::codegen::gemm
