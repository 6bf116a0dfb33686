//===- Optimizer.cpp ------------------------------------------------------===//
#include "runtime/training/Optimizer.h"

#include "ir/Constant.h"
#include "runtime/Program.h"
#include "support/Error.h"

#include <cmath>
#include <sstream>

namespace kiln {

namespace {

// IR text of a graph, one line at a time.
class GraphText {
public:
  void line(const std::string &text) { out_ << "  " << text << '\n'; }
  void constant(const std::string &name, double value) {
    line("%" + name + " : float = prim::Constant[value=" +
         formatConstant(ConstantValue(value)) + "]()");
  }
  std::string str() const { return out_.str(); }

private:
  std::ostringstream out_;
};

std::string header(const OptimizerOptions &options) {
  std::string text = "graph(%param : Tensor,\n      %grad : Tensor,\n";
  for (const std::string &name : options.stateNames())
    text += "      %" + name + " : Tensor,\n";
  return text + "      %step : int):\n";
}

// torch.optim.SGD, _single_tensor_sgd.
std::string sgdBody(const OptimizerOptions &o) {
  GraphText g;
  g.line("%false : bool = prim::Constant[value=0]()");
  g.line("%one : int = prim::Constant[value=1]()");
  g.constant("neg_lr", -o.lr);
  std::string dp = "%grad";
  if (o.weightDecay != 0) {
    g.constant("weight_decay", o.weightDecay);
    g.line("%d_p : Tensor = aten::add(%grad, %param, %weight_decay)");
    dp = "%d_p";
  }
  std::string update = dp;
  if (o.momentum != 0) {
    g.constant("momentum", o.momentum);
    g.constant("keep", 1 - o.dampening);
    // The first step sets the buffer to the gradient (torch.clone(d_p)).
    g.line("%first : bool = aten::eq(%step, %one)");
    g.line("%buf : Tensor = prim::If(%first)");
    g.line("  block0():");
    g.line("    %set : Tensor = aten::copy_(%momentum_buffer, " + dp +
           ", %false)");
    g.line("    -> (%set)");
    g.line("  block1():");
    g.line("    %decayed : Tensor = aten::mul_(%momentum_buffer, %momentum)");
    g.line("    %added : Tensor = aten::add_(%decayed, " + dp + ", %keep)");
    g.line("    -> (%added)");
    update = "%buf";
    if (o.nesterov) {
      g.line("%nesterov : Tensor = aten::add(" + dp + ", %buf, %momentum)");
      update = "%nesterov";
    }
  }
  g.line("%updated : Tensor = aten::add_(%param, " + update + ", %neg_lr)");
  g.line("return ()");
  return g.str();
}

// torch.optim.Adam / AdamW, _single_tensor_adam(w), without amsgrad.
std::string adamBody(const OptimizerOptions &o) {
  GraphText g;
  g.line("%one : int = prim::Constant[value=1]()");
  g.constant("lr", o.lr);
  g.constant("beta1", o.beta1);
  g.constant("beta2", o.beta2);
  g.constant("one_minus_beta1", 1 - o.beta1);
  g.constant("one_minus_beta2", 1 - o.beta2);
  g.constant("eps", o.eps);
  std::string grad = "%grad";
  if (o.weightDecay != 0 && o.kind == OptimizerOptions::Kind::AdamW) {
    g.constant("decay", 1 - o.lr * o.weightDecay);
    g.line("%decayed : Tensor = aten::mul_(%param, %decay)");
  } else if (o.weightDecay != 0) {
    g.constant("weight_decay", o.weightDecay);
    g.line("%g : Tensor = aten::add(%grad, %param, %weight_decay)");
    grad = "%g";
  }
  g.line("%avg1 : Tensor = aten::mul_(%exp_avg, %beta1)");
  g.line("%avg2 : Tensor = aten::add_(%avg1, " + grad + ", %one_minus_beta1)");
  g.line("%sq1 : Tensor = aten::mul_(%exp_avg_sq, %beta2)");
  g.line("%sq2 : Tensor = aten::addcmul_(%sq1, " + grad + ", " + grad +
         ", %one_minus_beta2)");
  // Bias corrections in double, as Python computes them.
  g.line("%t : float = aten::Float(%step)");
  g.line("%pow1 : float = aten::pow(%beta1, %t)");
  g.line("%pow2 : float = aten::pow(%beta2, %t)");
  g.line("%correction1 : float = aten::sub(%one, %pow1)");
  g.line("%correction2 : float = aten::sub(%one, %pow2)");
  g.line("%step_size : float = aten::div(%lr, %correction1)");
  g.line("%neg_step_size : float = aten::neg(%step_size)");
  g.line("%correction2_sqrt : float = aten::sqrt(%correction2)");
  g.line("%root : Tensor = aten::sqrt(%sq2)");
  g.line("%scaled : Tensor = aten::div(%root, %correction2_sqrt)");
  g.line("%denom : Tensor = aten::add_(%scaled, %eps, %one)");
  g.line("%updated : Tensor = aten::addcdiv_(%param, %avg2, %denom, "
         "%neg_step_size)");
  g.line("return ()");
  return g.str();
}

} // namespace

OptimizerOptions OptimizerOptions::defaults(const std::string &kind,
                                            double lr) {
  OptimizerOptions o;
  o.lr = lr;
  if (kind == "sgd")
    o.kind = Kind::SGD;
  else if (kind == "adam")
    o.kind = Kind::Adam;
  else if (kind == "adamw") {
    o.kind = Kind::AdamW;
    o.weightDecay = 1e-2;
  } else
    throw UserError("unknown optimizer '" + kind +
                    "'; the optimizers are sgd, adam and adamw");
  return o;
}

void OptimizerOptions::check() const {
  auto finite = [](double v) { return std::isfinite(v); };
  KILN_USER_CHECK(finite(lr) && lr >= 0, "invalid learning rate: ", lr);
  KILN_USER_CHECK(finite(weightDecay) && weightDecay >= 0,
                  "invalid weight_decay value: ", weightDecay);
  if (kind == Kind::SGD) {
    KILN_USER_CHECK(finite(momentum) && momentum >= 0,
                    "invalid momentum value: ", momentum);
    KILN_USER_CHECK(finite(dampening), "invalid dampening value: ", dampening);
    KILN_USER_CHECK(!nesterov || (momentum > 0 && dampening == 0),
                    "nesterov momentum requires a momentum and zero "
                    "dampening");
    return;
  }
  KILN_USER_CHECK(finite(eps) && eps >= 0, "invalid epsilon value: ", eps);
  KILN_USER_CHECK(beta1 >= 0 && beta1 < 1,
                  "invalid beta parameter at index 0: ", beta1);
  KILN_USER_CHECK(beta2 >= 0 && beta2 < 1,
                  "invalid beta parameter at index 1: ", beta2);
}

std::vector<std::string> OptimizerOptions::stateNames() const {
  if (kind == Kind::SGD)
    return momentum != 0 ? std::vector<std::string>{"momentum_buffer"}
                         : std::vector<std::string>{};
  return {"exp_avg", "exp_avg_sq"};
}

std::string optimizerStepIR(const OptimizerOptions &options) {
  options.check();
  return header(options) + (options.kind == OptimizerOptions::Kind::SGD
                                ? sgdBody(options)
                                : adamBody(options));
}

Optimizer::Optimizer(const OptimizerOptions &options,
                     std::vector<Tensor> params)
    : options_(options), params_(std::move(params)) {
  update_ = Program::fromIR(optimizerStepIR(options_), "<optimizer>");
  size_t numState = options_.stateNames().size();
  for (const Tensor &p : params_) {
    KILN_USER_CHECK(isFloatingType(p.dtype()),
                    "optimizers update floating-point parameters, not ",
                    scalarTypeName(p.dtype()));
    std::vector<Tensor> state;
    for (size_t i = 0; i < numState; ++i)
      state.push_back(Tensor::zeros(p.sizes(), p.dtype()));
    state_.push_back(std::move(state));
  }
  steps_.assign(params_.size(), 0);
}

Optimizer::~Optimizer() = default;

std::vector<IValue> Optimizer::stepInputs(std::span<const size_t> updated) {
  std::vector<IValue> inputs;
  for (size_t i : updated) {
    inputs.emplace_back(++steps_.at(i));
    for (const Tensor &s : state_[i])
      inputs.emplace_back(s);
  }
  return inputs;
}

void Optimizer::step(const std::vector<Tensor> &grads) {
  KILN_USER_CHECK(grads.size() == params_.size(), "the optimizer has ",
                  params_.size(), " parameters but got ", grads.size(),
                  " gradients");
  for (size_t i = 0; i < params_.size(); ++i)
    KILN_USER_CHECK(
        !grads[i].defined() || (grads[i].sizes() == params_[i].sizes() &&
                                grads[i].dtype() == params_[i].dtype()),
        "the gradient of parameter ", i, " is ",
        scalarTypeName(grads[i].dtype()), shapeString(grads[i].sizes()),
        " but the parameter is ", scalarTypeName(params_[i].dtype()),
        shapeString(params_[i].sizes()));
  for (size_t i = 0; i < params_.size(); ++i) {
    if (!grads[i].defined())
      continue;
    std::vector<IValue> inputs{IValue(params_[i]), IValue(grads[i])};
    for (const Tensor &s : state_[i])
      inputs.emplace_back(s);
    inputs.emplace_back(++steps_[i]);
    update_->run(std::move(inputs));
  }
}

} // namespace kiln
