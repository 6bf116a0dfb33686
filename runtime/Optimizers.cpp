//===- Optimizers.cpp - torch.optim's update rules ------------------------===//
#include "runtime/Optimizers.h"

#include "runtime/tensor/Dispatch.h"
#include "support/Error.h"

#include <cmath>

namespace kiln {

namespace {

void checkParams(const char *what, const std::vector<Tensor> &params) {
  for (const Tensor &p : params)
    KILN_USER_CHECK(
        p.defined() && isFloatingType(p.dtype()) && p.isContiguous(), what,
        ": parameters must be contiguous floating-point "
        "tensors");
}

void checkGrads(const char *what, const std::vector<Tensor> &params,
                const std::vector<Tensor> &grads) {
  KILN_USER_CHECK(grads.size() == params.size(), what, ": ", grads.size(),
                  " gradients for ", params.size(), " parameters");
  for (size_t i = 0; i < grads.size(); ++i)
    KILN_USER_CHECK(grads[i].sizes() == params[i].sizes(), what,
                    ": the gradient of parameter ", i, " has shape ",
                    grads[i].shapeString(), ", the parameter ",
                    params[i].shapeString());
}

Tensor zerosLike(const Tensor &t) {
  return Tensor::zeros(t.sizes(), t.dtype());
}

} // namespace

SGD::SGD(std::vector<Tensor> params, SGDOptions options)
    : params_(std::move(params)), options_(options) {
  checkParams("SGD", params_);
  KILN_USER_CHECK(options.lr >= 0, "SGD: invalid learning rate ", options.lr);
  KILN_USER_CHECK(options.momentum >= 0, "SGD: invalid momentum ",
                  options.momentum);
  KILN_USER_CHECK(options.weightDecay >= 0, "SGD: invalid weight_decay ",
                  options.weightDecay);
  KILN_USER_CHECK(!options.nesterov ||
                      (options.momentum > 0 && options.dampening == 0),
                  "SGD: Nesterov momentum requires a momentum and zero "
                  "dampening");
}

void SGD::step(const std::vector<Tensor> &grads) {
  checkGrads("SGD", params_, grads);
  bool first = momentum_.empty();
  if (first && options_.momentum != 0)
    for (const Tensor &p : params_)
      momentum_.push_back(zerosLike(p));
  for (size_t i = 0; i < params_.size(); ++i) {
    Tensor grad = grads[i].to(params_[i].dtype()).contiguous();
    dispatchFloating(params_[i].dtype(), "SGD", [&]<typename T>() {
      T *p = params_[i].data<T>();
      const T *g = grad.data<T>();
      T *buf = options_.momentum != 0 ? momentum_[i].data<T>() : nullptr;
      const T lr = T(options_.lr), wd = T(options_.weightDecay),
              mom = T(options_.momentum), damp = T(1 - options_.dampening);
      for (int64_t k = 0; k < params_[i].numel(); ++k) {
        T d = options_.maximize ? -g[k] : g[k];
        if (options_.weightDecay != 0)
          d = d + wd * p[k];
        if (buf) {
          buf[k] = first ? d : mom * buf[k] + damp * d;
          d = options_.nesterov ? d + mom * buf[k] : buf[k];
        }
        p[k] = p[k] - lr * d;
      }
    });
  }
}

Adam::Adam(std::vector<Tensor> params, AdamOptions options)
    : params_(std::move(params)), options_(options) {
  checkParams("Adam", params_);
  KILN_USER_CHECK(options.lr >= 0, "Adam: invalid learning rate ", options.lr);
  KILN_USER_CHECK(options.eps >= 0, "Adam: invalid epsilon ", options.eps);
  KILN_USER_CHECK(options.beta1 >= 0 && options.beta1 < 1 &&
                      options.beta2 >= 0 && options.beta2 < 1,
                  "Adam: invalid betas (", options.beta1, ", ", options.beta2,
                  ")");
  KILN_USER_CHECK(options.weightDecay >= 0, "Adam: invalid weight_decay ",
                  options.weightDecay);
  for (const Tensor &p : params_) {
    expAvg_.push_back(zerosLike(p));
    expAvgSq_.push_back(zerosLike(p));
    if (options.amsgrad)
      maxExpAvgSq_.push_back(zerosLike(p));
  }
}

void Adam::step(const std::vector<Tensor> &grads) {
  checkGrads("Adam", params_, grads);
  ++steps_;
  const AdamOptions &o = options_;
  double bc1 = 1 - std::pow(o.beta1, double(steps_));
  double bc2 = 1 - std::pow(o.beta2, double(steps_));
  double stepSize = o.lr / bc1;
  double bc2Sqrt = std::sqrt(bc2);
  for (size_t i = 0; i < params_.size(); ++i) {
    Tensor grad = grads[i].to(params_[i].dtype()).contiguous();
    dispatchFloating(params_[i].dtype(), "Adam", [&]<typename T>() {
      T *p = params_[i].data<T>();
      const T *g = grad.data<T>();
      T *m = expAvg_[i].data<T>();
      T *v = expAvgSq_[i].data<T>();
      T *vmax = o.amsgrad ? maxExpAvgSq_[i].data<T>() : nullptr;
      for (int64_t k = 0; k < params_[i].numel(); ++k) {
        T d = o.maximize ? -g[k] : g[k];
        if (o.decoupledWeightDecay)
          p[k] = p[k] * T(1 - o.lr * o.weightDecay);
        else if (o.weightDecay != 0)
          d = d + T(o.weightDecay) * p[k];
        m[k] = T(o.beta1) * m[k] + T(1 - o.beta1) * d;
        v[k] = T(o.beta2) * v[k] + T(1 - o.beta2) * d * d;
        T second = v[k];
        if (vmax) {
          vmax[k] = std::max(vmax[k], v[k]);
          second = vmax[k];
        }
        T denom = std::sqrt(second) / T(bc2Sqrt) + T(o.eps);
        p[k] = p[k] - T(stepSize) * (m[k] / denom);
      }
    });
  }
}

} // namespace kiln
