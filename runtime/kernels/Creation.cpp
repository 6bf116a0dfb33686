//===- Creation.cpp - Kernels of the tensor factories ---------------------===//
//
// Factory arguments Kiln cannot honour are checked: the device must be the
// CPU, the layout strided, pin_memory false, requires_grad false. The
// random ops are raw kernels that draw from the run's Generator
// (RunContext::generator); an explicit Generator argument is not supported.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/Creation.h"
#include "ir/IR.h"
#include "ir/Type.h"
#include "runtime/Boxing.h"
#include "runtime/kernels/Kernels.h"
#include "runtime/tensor/ops/Sampling.h"

namespace kiln {

namespace {

using Size = std::vector<int64_t>;
using Dtype = std::optional<ScalarType>;
using Layout = std::optional<int64_t>;
using PinMemory = std::optional<bool>;
using Format = std::optional<int64_t>;

void checkDevice(std::string_view op, const IValue &device) {
  if (device.isNone())
    return;
  const std::string &name =
      device.isDevice() ? device.toDeviceName() : device.toStringRef();
  KILN_USER_CHECK(name == "cpu" || name.starts_with("cpu:"), op,
                  ": only the cpu device is supported, got '", name, "'");
}

void checkOptions(std::string_view op, Layout layout, const IValue &device,
                  PinMemory pinMemory) {
  // torch.strided is layout 0.
  KILN_USER_CHECK(!layout || *layout == 0, op,
                  ": only the strided layout is supported, got layout ",
                  *layout);
  checkDevice(op, device);
  KILN_USER_CHECK(!pinMemory.value_or(false), op,
                  ": pin_memory=True is not supported");
}

std::optional<ops::MemoryFormat> memoryFormat(std::string_view op,
                                              Format code) {
  if (!code)
    return std::nullopt;
  return ops::memoryFormatFromCode(op, *code);
}

void checkNoGrad(std::string_view op, bool requiresGrad) {
  KILN_USER_CHECK(!requiresGrad, op,
                  ": requires_grad=True is not supported (Kiln has no "
                  "autograd)");
}

/// aten::tensor.int / .float / .bool and the as_tensor forms: a 0-d tensor
/// of the number's natural dtype unless one is given.
Tensor tensorOfNumber(Scalar value, ScalarType natural, Dtype dtype) {
  return ops::tensorFromValues(std::span<const Scalar>(&value, 1), {},
                               dtype.value_or(natural));
}

//===--- Tensors from nested lists ----------------------------------------===//

/// Nesting deeper than this is refused (lists can contain themselves).
constexpr size_t kMaxListDepth = 64;

/// The dtype TorchScript infers for a list of (lists of) numbers from its
/// static type: int -> int64, float -> float32, bool -> bool.
std::optional<ScalarType> dtypeOfListType(const Type *type) {
  while (type) {
    if (const auto *list = type->cast<ListType>()) {
      type = list->element().get();
      continue;
    }
    switch (type->kind()) {
    case TypeKind::Int:
      return ScalarType::Long;
    case TypeKind::Float:
      return ScalarType::Float;
    case TypeKind::Bool:
      return ScalarType::Bool;
    default:
      return std::nullopt;
    }
  }
  return std::nullopt;
}

/// Appends the numbers of `value` (a list nested `sizes.size() - depth`
/// deep) to `out`, checking that the lists are rectangular.
void flattenList(std::string_view op, const IValue &value, size_t depth,
                 const Size &sizes, std::vector<Scalar> &out) {
  if (depth == sizes.size()) {
    KILN_USER_CHECK(value.isScalar(), op,
                    ": Input must be of ints, floats, or bools, got ",
                    value.typeName());
    out.push_back(value.toScalar());
    return;
  }
  KILN_USER_CHECK(value.isList(), op, ": Expected sequence of length ",
                  sizes[depth], " at dim ", depth, " (got a ", value.typeName(),
                  ")");
  const auto &items = value.toList().items;
  KILN_USER_CHECK(static_cast<int64_t>(items.size()) == sizes[depth], op,
                  ": Expected sequence of length ", sizes[depth], " at dim ",
                  depth, " (got ", items.size(), ")");
  for (const IValue &item : items)
    flattenList(op, item, depth + 1, sizes, out);
}

/// aten::tensor(t[] data, ...) and aten::as_tensor.list: the shape comes
/// from the first element at each depth; the dtype from the list's static
/// type (so that an empty int[] gives int64), else from the values.
Tensor tensorOfList(std::string_view op, const KernelArgs &a,
                    const IValue &data, Dtype dtype) {
  Size sizes;
  const IValue *probe = &data;
  while (probe->isList()) {
    KILN_USER_CHECK(sizes.size() < kMaxListDepth, op, ": lists nested deeper ",
                    "than ", kMaxListDepth, " levels");
    const auto &items = probe->toList().items;
    sizes.push_back(static_cast<int64_t>(items.size()));
    if (items.empty())
      break;
    probe = &items[0];
  }
  std::vector<Scalar> values;
  flattenList(op, data, 0, sizes, values);
  std::optional<ScalarType> inferred;
  if (a.node)
    inferred = dtypeOfListType(a.node->input(0)->type().get());
  if (!inferred) {
    bool anyFloat = false, allBool = !values.empty();
    for (const Scalar &v : values) {
      anyFloat |= v.isFloat();
      allBool &= v.isBool();
    }
    inferred = anyFloat || values.empty() ? ScalarType::Float
               : allBool                  ? ScalarType::Bool
                                          : ScalarType::Long;
  }
  return ops::tensorFromValues(values, sizes, dtype.value_or(*inferred));
}

template <typename T> T arg(const KernelArgs &a, size_t i) {
  return boxing::FromIValue<T>::get(a.in(i));
}

void tensorKernel(const KernelArgs &a) {
  constexpr std::string_view op = "aten::tensor";
  auto dtype = arg<Dtype>(a, 1);
  checkDevice(op, a.in(2));
  checkNoGrad(op, arg<bool>(a, 3));
  a.setOut(0, IValue(tensorOfList(op, a, a.in(0), dtype)));
}

void asTensorListKernel(const KernelArgs &a) {
  constexpr std::string_view op = "aten::as_tensor";
  auto dtype = arg<Dtype>(a, 1);
  checkDevice(op, a.in(2));
  a.setOut(0, IValue(tensorOfList(op, a, a.in(0), dtype)));
}

//===--- Random ops -------------------------------------------------------===//

Generator &runGenerator(const KernelArgs &a) {
  KILN_INTERNAL_ASSERT(a.ctx && a.ctx->generator, "no generator in the run");
  return *a.ctx->generator;
}

/// The run's generator; an explicit Generator argument is not supported.
Generator &generator(std::string_view op, const KernelArgs &a,
                     size_t argument) {
  KILN_USER_CHECK(a.in(argument).isNone(), op,
                  ": a Generator argument is not supported; random ops draw "
                  "from the run's generator");
  return runGenerator(a);
}

/// Reads (dtype, layout, device, pin_memory) starting at argument `first`.
Dtype factoryOptions(std::string_view op, const KernelArgs &a, size_t first) {
  checkOptions(op, arg<Layout>(a, first + 1), a.in(first + 2),
               arg<PinMemory>(a, first + 3));
  return arg<Dtype>(a, first);
}

/// As factoryOptions, plus memory_format after pin_memory.
std::pair<Dtype, std::optional<ops::MemoryFormat>>
likeOptions(std::string_view op, const KernelArgs &a, size_t first) {
  return {factoryOptions(op, a, first),
          memoryFormat(op, arg<Format>(a, first + 4))};
}

void out(const KernelArgs &a, Tensor t) { a.setOut(0, IValue(std::move(t))); }

void randKernel(const KernelArgs &a) {
  Dtype dtype = factoryOptions("aten::rand", a, 1);
  out(a, ops::rand(arg<Size>(a, 0), runGenerator(a), dtype));
}
void randGeneratorKernel(const KernelArgs &a) {
  Dtype dtype = factoryOptions("aten::rand", a, 2);
  out(a, ops::rand(arg<Size>(a, 0), generator("aten::rand", a, 1), dtype));
}
void randnKernel(const KernelArgs &a) {
  Dtype dtype = factoryOptions("aten::randn", a, 1);
  out(a, ops::randn(arg<Size>(a, 0), runGenerator(a), dtype));
}
void randnGeneratorKernel(const KernelArgs &a) {
  Dtype dtype = factoryOptions("aten::randn", a, 2);
  out(a, ops::randn(arg<Size>(a, 0), generator("aten::randn", a, 1), dtype));
}
void randLikeKernel(const KernelArgs &a) {
  auto [dtype, format] = likeOptions("aten::rand_like", a, 1);
  out(a, ops::rand_like(arg<Tensor>(a, 0), runGenerator(a), dtype, format));
}
void randnLikeKernel(const KernelArgs &a) {
  auto [dtype, format] = likeOptions("aten::randn_like", a, 1);
  out(a, ops::randn_like(arg<Tensor>(a, 0), runGenerator(a), dtype, format));
}
void randintKernel(const KernelArgs &a) {
  Dtype dtype = factoryOptions("aten::randint", a, 2);
  out(a, ops::randint(0, arg<int64_t>(a, 0), arg<Size>(a, 1), runGenerator(a),
                      dtype));
}
void randintGeneratorKernel(const KernelArgs &a) {
  Dtype dtype = factoryOptions("aten::randint", a, 3);
  out(a, ops::randint(0, arg<int64_t>(a, 0), arg<Size>(a, 1),
                      generator("aten::randint", a, 2), dtype));
}
void randintLowKernel(const KernelArgs &a) {
  Dtype dtype = factoryOptions("aten::randint", a, 3);
  out(a, ops::randint(arg<int64_t>(a, 0), arg<int64_t>(a, 1), arg<Size>(a, 2),
                      runGenerator(a), dtype));
}
void randintLowGeneratorKernel(const KernelArgs &a) {
  Dtype dtype = factoryOptions("aten::randint", a, 4);
  out(a, ops::randint(arg<int64_t>(a, 0), arg<int64_t>(a, 1), arg<Size>(a, 2),
                      generator("aten::randint", a, 3), dtype));
}
void randintLikeKernel(const KernelArgs &a) {
  auto [dtype, format] = likeOptions("aten::randint_like", a, 2);
  out(a, ops::randint_like(arg<Tensor>(a, 0), 0, arg<int64_t>(a, 1),
                           runGenerator(a), dtype, format));
}
void randintLikeLowKernel(const KernelArgs &a) {
  auto [dtype, format] = likeOptions("aten::randint_like", a, 3);
  out(a, ops::randint_like(arg<Tensor>(a, 0), arg<int64_t>(a, 1),
                           arg<int64_t>(a, 2), runGenerator(a), dtype, format));
}
void randpermKernel(const KernelArgs &a) {
  Dtype dtype = factoryOptions("aten::randperm", a, 1);
  out(a, ops::randperm(arg<int64_t>(a, 0), generator("aten::randperm", a, 5),
                       dtype));
}
void randpermGeneratorKernel(const KernelArgs &a) {
  Dtype dtype = factoryOptions("aten::randperm", a, 2);
  out(a, ops::randperm(arg<int64_t>(a, 0), generator("aten::randperm", a, 1),
                       dtype));
}
void bernoulliKernel(const KernelArgs &a) {
  out(a, ops::bernoulli(arg<Tensor>(a, 0), generator("aten::bernoulli", a, 1)));
}
void bernoulliTensorKernel(const KernelArgs &a) {
  out(a, ops::bernoulli(arg<Tensor>(a, 0), arg<Tensor>(a, 1),
                        generator("aten::bernoulli", a, 2)));
}
void bernoulliPKernel(const KernelArgs &a) {
  out(a, ops::bernoulli(arg<Tensor>(a, 0), arg<double>(a, 1),
                        generator("aten::bernoulli", a, 2)));
}
void bernoulliInPlaceTensorKernel(const KernelArgs &a) {
  Tensor self = arg<Tensor>(a, 0);
  out(a, ops::bernoulli_(self, arg<Tensor>(a, 1),
                         generator("aten::bernoulli_", a, 2)));
}
void bernoulliInPlaceFloatKernel(const KernelArgs &a) {
  Tensor self = arg<Tensor>(a, 0);
  out(a, ops::bernoulli_(self, arg<double>(a, 1),
                         generator("aten::bernoulli_", a, 2)));
}
void normalTensorTensorKernel(const KernelArgs &a) {
  out(a, ops::normal(arg<Tensor>(a, 0), arg<Tensor>(a, 1),
                     generator("aten::normal", a, 2)));
}
void normalTensorFloatKernel(const KernelArgs &a) {
  out(a, ops::normal(arg<Tensor>(a, 0), arg<double>(a, 1),
                     generator("aten::normal", a, 2)));
}
void normalFloatTensorKernel(const KernelArgs &a) {
  out(a, ops::normal(arg<double>(a, 0), arg<Tensor>(a, 1),
                     generator("aten::normal", a, 2)));
}
void normalFloatFloatKernel(const KernelArgs &a) {
  Dtype dtype = factoryOptions("aten::normal", a, 4);
  out(a, ops::normal(arg<double>(a, 0), arg<double>(a, 1), arg<Size>(a, 2),
                     generator("aten::normal", a, 3), dtype));
}
void normalInPlaceKernel(const KernelArgs &a) {
  Tensor self = arg<Tensor>(a, 0);
  out(a, ops::normal_(self, arg<double>(a, 1), arg<double>(a, 2),
                      generator("aten::normal_", a, 3)));
}
void multinomialKernel(const KernelArgs &a) {
  out(a,
      ops::multinomial(arg<Tensor>(a, 0), arg<int64_t>(a, 1), arg<bool>(a, 2),
                       generator("aten::multinomial", a, 3)));
}
void uniformInPlaceKernel(const KernelArgs &a) {
  Tensor self = arg<Tensor>(a, 0);
  out(a, ops::uniform_(self, arg<double>(a, 1), arg<double>(a, 2),
                       generator("aten::uniform_", a, 3)));
}

void registerRandomKernels(KernelTable &t) {
  t.set(OpId::aten_rand, randKernel, 5);
  t.set(OpId::aten_rand_generator, randGeneratorKernel, 6);
  t.set(OpId::aten_randn, randnKernel, 5);
  t.set(OpId::aten_randn_generator, randnGeneratorKernel, 6);
  t.set(OpId::aten_rand_like, randLikeKernel, 6);
  t.set(OpId::aten_randn_like, randnLikeKernel, 6);
  t.set(OpId::aten_randint, randintKernel, 6);
  t.set(OpId::aten_randint_generator, randintGeneratorKernel, 7);
  t.set(OpId::aten_randint_low, randintLowKernel, 7);
  t.set(OpId::aten_randint_low_generator, randintLowGeneratorKernel, 8);
  t.set(OpId::aten_randint_like, randintLikeKernel, 7);
  t.set(OpId::aten_randint_like_low_dtype, randintLikeLowKernel, 8);
  t.set(OpId::aten_randperm, randpermKernel, 5);
  t.set(OpId::aten_randperm_generator, randpermGeneratorKernel, 6);
  t.set(OpId::aten_bernoulli, bernoulliKernel, 2);
  t.set(OpId::aten_bernoulli_Tensor, bernoulliTensorKernel, 3);
  t.set(OpId::aten_bernoulli_p, bernoulliPKernel, 3);
  t.set(OpId::aten_bernoulli__Tensor, bernoulliInPlaceTensorKernel, 3);
  t.set(OpId::aten_bernoulli__float, bernoulliInPlaceFloatKernel, 3);
  t.set(OpId::aten_normal_Tensor_Tensor, normalTensorTensorKernel, 3);
  t.set(OpId::aten_normal_Tensor_float, normalTensorFloatKernel, 3);
  t.set(OpId::aten_normal_float_Tensor, normalFloatTensorKernel, 3);
  t.set(OpId::aten_normal_float_float, normalFloatFloatKernel, 8);
  t.set(OpId::aten_normal_, normalInPlaceKernel, 4);
  t.set(OpId::aten_multinomial, multinomialKernel, 4);
  t.set(OpId::aten_uniform_, uniformInPlaceKernel, 4);
}

//===--- Deterministic factories ------------------------------------------===//

void registerFilledKernels(KernelTable &t) {
  bind<[](Size size, Dtype dtype, Layout layout, const IValue &device,
          PinMemory pin) {
    checkOptions("aten::zeros", layout, device, pin);
    return ops::zeros(size, dtype);
  }>(t, OpId::aten_zeros);
  bind<[](Size size, Dtype dtype, Layout layout, const IValue &device,
          PinMemory pin) {
    checkOptions("aten::ones", layout, device, pin);
    return ops::ones(size, dtype);
  }>(t, OpId::aten_ones);
  bind<[](Size size, Scalar value, Dtype dtype, Layout layout,
          const IValue &device, PinMemory pin) {
    checkOptions("aten::full", layout, device, pin);
    return ops::full(size, value, dtype);
  }>(t, OpId::aten_full);
  bind<[](Size size, Dtype dtype, Layout layout, const IValue &device,
          PinMemory pin, Format format) {
    checkOptions("aten::empty", layout, device, pin);
    return ops::empty(size, dtype, memoryFormat("aten::empty", format));
  }>(t, OpId::aten_empty_memory_format);
  bind<[](const Tensor &self, Dtype dtype, Layout layout, const IValue &device,
          PinMemory pin, Format format) {
    checkOptions("aten::zeros_like", layout, device, pin);
    return ops::zeros_like(self, dtype,
                           memoryFormat("aten::zeros_like", format));
  }>(t, OpId::aten_zeros_like);
  bind<[](const Tensor &self, Dtype dtype, Layout layout, const IValue &device,
          PinMemory pin, Format format) {
    checkOptions("aten::ones_like", layout, device, pin);
    return ops::ones_like(self, dtype, memoryFormat("aten::ones_like", format));
  }>(t, OpId::aten_ones_like);
  bind<[](const Tensor &self, Scalar value, Dtype dtype, Layout layout,
          const IValue &device, PinMemory pin, Format format) {
    checkOptions("aten::full_like", layout, device, pin);
    return ops::full_like(self, value, dtype,
                          memoryFormat("aten::full_like", format));
  }>(t, OpId::aten_full_like);
  bind<[](const Tensor &self, Dtype dtype, Layout layout, const IValue &device,
          PinMemory pin, Format format) {
    checkOptions("aten::empty_like", layout, device, pin);
    return ops::empty_like(self, dtype,
                           memoryFormat("aten::empty_like", format));
  }>(t, OpId::aten_empty_like);
  bind<[](const Tensor &self, Size size, Dtype dtype, Layout layout,
          const IValue &device, PinMemory pin) {
    checkOptions("aten::new_zeros", layout, device, pin);
    return ops::new_zeros(self, size, dtype);
  }>(t, OpId::aten_new_zeros);
  bind<[](const Tensor &self, Size size, Dtype dtype, Layout layout,
          const IValue &device, PinMemory pin) {
    checkOptions("aten::new_ones", layout, device, pin);
    return ops::new_ones(self, size, dtype);
  }>(t, OpId::aten_new_ones);
  bind<[](const Tensor &self, Size size, Scalar value, Dtype dtype,
          Layout layout, const IValue &device, PinMemory pin) {
    checkOptions("aten::new_full", layout, device, pin);
    return ops::new_full(self, size, value, dtype);
  }>(t, OpId::aten_new_full);
  bind<[](const Tensor &self, Size size, Dtype dtype, Layout layout,
          const IValue &device, PinMemory pin) {
    checkOptions("aten::new_empty", layout, device, pin);
    return ops::new_empty(self, size, dtype);
  }>(t, OpId::aten_new_empty);
}

void registerRangeKernels(KernelTable &t) {
  bind<[](Scalar end, Dtype dtype, Layout layout, const IValue &device,
          PinMemory pin) {
    checkOptions("aten::arange", layout, device, pin);
    return ops::arange(int64_t{0}, end, int64_t{1}, dtype);
  }>(t, OpId::aten_arange);
  bind<[](Scalar start, Scalar end, Dtype dtype, Layout layout,
          const IValue &device, PinMemory pin) {
    checkOptions("aten::arange", layout, device, pin);
    return ops::arange(start, end, int64_t{1}, dtype);
  }>(t, OpId::aten_arange_start);
  bind<[](Scalar start, Scalar end, Scalar step, Dtype dtype, Layout layout,
          const IValue &device, PinMemory pin) {
    checkOptions("aten::arange", layout, device, pin);
    return ops::arange(start, end, step, dtype);
  }>(t, OpId::aten_arange_start_step);
  bind<[](Scalar start, Scalar end, int64_t steps, Dtype dtype, Layout layout,
          const IValue &device, PinMemory pin) {
    checkOptions("aten::linspace", layout, device, pin);
    return ops::linspace(start, end, steps, dtype);
  }>(t, OpId::aten_linspace);
  bind<[](int64_t n, Dtype dtype, Layout layout, const IValue &device,
          PinMemory pin) {
    checkOptions("aten::eye", layout, device, pin);
    return ops::eye(n, std::nullopt, dtype);
  }>(t, OpId::aten_eye);
  bind<[](int64_t n, int64_t m, Dtype dtype, Layout layout,
          const IValue &device, PinMemory pin) {
    checkOptions("aten::eye", layout, device, pin);
    return ops::eye(n, m, dtype);
  }>(t, OpId::aten_eye_m);
  bind<[](Scalar s, Dtype dtype, Layout layout, const IValue &device,
          PinMemory pin) {
    checkOptions("aten::scalar_tensor", layout, device, pin);
    return ops::scalar_tensor(s, dtype);
  }>(t, OpId::aten_scalar_tensor);
  bind<[](const Tensor &self, int64_t numClasses) {
    return ops::one_hot(self, numClasses);
  }>(t, OpId::aten_one_hot);
}

void registerValueKernels(KernelTable &t) {
  t.set(OpId::aten_tensor, tensorKernel, 4);
  t.set(OpId::aten_as_tensor_list, asTensorListKernel, 3);
  bind<[](int64_t v, Dtype dtype, const IValue &device, bool requiresGrad) {
    checkDevice("aten::tensor", device);
    checkNoGrad("aten::tensor", requiresGrad);
    return tensorOfNumber(Scalar(v), ScalarType::Long, dtype);
  }>(t, OpId::aten_tensor_int);
  bind<[](double v, Dtype dtype, const IValue &device, bool requiresGrad) {
    checkDevice("aten::tensor", device);
    checkNoGrad("aten::tensor", requiresGrad);
    return tensorOfNumber(Scalar(v), ScalarType::Float, dtype);
  }>(t, OpId::aten_tensor_float);
  bind<[](bool v, Dtype dtype, const IValue &device, bool requiresGrad) {
    checkDevice("aten::tensor", device);
    checkNoGrad("aten::tensor", requiresGrad);
    return tensorOfNumber(Scalar(v), ScalarType::Bool, dtype);
  }>(t, OpId::aten_tensor_bool);
  bind<[](int64_t v, Dtype dtype, const IValue &device) {
    checkDevice("aten::as_tensor", device);
    return tensorOfNumber(Scalar(v), ScalarType::Long, dtype);
  }>(t, OpId::aten_as_tensor_int);
  bind<[](double v, Dtype dtype, const IValue &device) {
    checkDevice("aten::as_tensor", device);
    return tensorOfNumber(Scalar(v), ScalarType::Float, dtype);
  }>(t, OpId::aten_as_tensor_float);
  bind<[](bool v, Dtype dtype, const IValue &device) {
    checkDevice("aten::as_tensor", device);
    return tensorOfNumber(Scalar(v), ScalarType::Bool, dtype);
  }>(t, OpId::aten_as_tensor_bool);
  // as_tensor of a tensor shares it unless a conversion is asked for.
  bind<[](const Tensor &data, Dtype dtype, const IValue &device) {
    checkDevice("aten::as_tensor", device);
    return dtype ? data.to(*dtype) : data;
  }>(t, OpId::aten_as_tensor);
}

} // namespace

void registerCreationKernels(KernelTable &t) {
  registerFilledKernels(t);
  registerRangeKernels(t);
  registerValueKernels(t);
  registerRandomKernels(t);
}

} // namespace kiln
