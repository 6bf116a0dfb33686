//===- TensorBridges.cpp - Kernels between tensors, numbers, devices ------===//
//
// int(t), float(t), bool(t), t.item(), the implicit conversions the frontend
// inserts where a 0-d tensor is passed as a number, the number -> 0-d tensor
// conversion, and the tensor properties TorchScript reads as values
// (t.dtype, t.device, t.is_cuda, ...). Kiln's tensors live on the CPU, have
// the strided layout and never require grad.
//
//===----------------------------------------------------------------------===//
#include "runtime/Boxing.h"
#include "runtime/kernels/ScalarFamily.h"

#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>

namespace kiln {

namespace {

// The value of a one-element tensor; `op` names the operation in the error.
Scalar singleValue(const Tensor &t, const char *op) {
  KILN_USER_CHECK(t.numel() == 1, op, ": a Tensor with ", t.numel(),
                  " elements cannot be converted to Scalar (shape ",
                  t.shapeString(), ")");
  return t.item();
}

// What PyTorch's python_arg_parser requires of a tensor passed where a
// number is expected: 0-d, and integral for an int.
void checkImplicitNumber(const Tensor &t, bool toInt, const char *op) {
  KILN_USER_CHECK(t.dim() == 0, op,
                  ": Cannot input a tensor of dimension other than 0 as a "
                  "scalar argument (shape ",
                  t.shapeString(), ")");
  KILN_USER_CHECK(!toInt || isIntegralType(t.dtype(), /*includeBool=*/false),
                  op, ": Cannot input a tensor of type ",
                  scalarTypeName(t.dtype()), " as an integral argument");
}

int64_t toInt(Scalar s, const char *op) {
  return s.isFloat() ? checkedFloatToInt(s.toDouble(), op) : s.toInt();
}

// bool(t): Tensor.is_nonzero.
bool isNonzero(const Tensor &t) {
  KILN_USER_CHECK(t.numel() != 0, "aten::Bool: Boolean value of Tensor with "
                                  "no values is ambiguous");
  KILN_USER_CHECK(t.numel() == 1,
                  "aten::Bool: Boolean value of Tensor with more than one "
                  "value is ambiguous (shape ",
                  t.shapeString(), ")");
  return t.item().toBool();
}

// A number as a 0-d tensor: int64 for ints, float64 for floats, bool for
// bools (at::scalar_to_tensor).
Tensor numToTensor(Scalar s) {
  ScalarType dtype = s.isBool()    ? ScalarType::Bool
                     : s.isFloat() ? ScalarType::Double
                                   : ScalarType::Long;
  return Tensor::scalar(s, dtype);
}

//===--- Devices ----------------------------------------------------------===//

// The device types c10::Device parses, in the order PyTorch 1.13 lists them.
constexpr std::array<std::string_view, 19> kDeviceTypes = {
    "cpu",    "cuda", "ipu",  "xpu",  "mkldnn",       "opengl", "opencl",
    "ideep",  "hip",  "ve",   "fpga", "ort",          "xla",    "lazy",
    "vulkan", "mps",  "meta", "hpu",  "privateuseone"};

std::string deviceTypeList() {
  std::string out;
  for (std::string_view t : kDeviceTypes)
    out += (out.empty() ? "" : ", ") + std::string(t);
  return out;
}

struct ParsedDevice {
  std::string_view type;
  std::optional<int64_t> index;
};

// `type` or `type:index` as c10::Device accepts it.
ParsedDevice parseDevice(std::string_view s) {
  size_t colon = s.find(':');
  std::string_view type = s.substr(0, colon);
  bool known = false;
  for (std::string_view t : kDeviceTypes)
    known |= t == type;
  KILN_USER_CHECK(known, "aten::device: Expected one of ", deviceTypeList(),
                  " device type at start of device string: ", s);
  ParsedDevice d{type, std::nullopt};
  if (colon == std::string_view::npos)
    return d;
  std::string_view digits = s.substr(colon + 1);
  bool valid = !digits.empty() && digits.size() <= 9 &&
               (digits == "0" || digits[0] != '0');
  for (char c : digits)
    valid &= std::isdigit(static_cast<unsigned char>(c)) != 0;
  KILN_USER_CHECK(valid, "aten::device: Invalid device string: '", s, "'");
  int64_t index = 0;
  for (char c : digits)
    index = index * 10 + (c - '0');
  KILN_USER_CHECK(type != "cpu" || index == 0,
                  "aten::device: CPU device index must be -1 or zero, got ",
                  index);
  d.index = index;
  return d;
}

IValue deviceIndex(IValue &device) {
  auto index = parseDevice(device.toDeviceName()).index;
  return index ? IValue(*index) : IValue();
}

} // namespace

void registerTensorBridgeKernels(KernelTable &t) {
  bind<[](const Tensor &a) { return singleValue(a, "aten::item"); }>(
      t, OpId::aten_item);
  bind<[](const Tensor &a) {
    return toInt(singleValue(a, "aten::Int"), "aten::Int");
  }>(t, OpId::aten_Int_Tensor);
  bind<[](const Tensor &a) {
    return singleValue(a, "aten::Float").toDouble();
  }>(t, OpId::aten_Float_Tensor);
  bind<isNonzero>(t, OpId::aten_Bool_Tensor);
  bind<[](const Tensor &a) {
    checkImplicitNumber(a, /*toInt=*/true, "aten::IntImplicit");
    return toInt(a.item(), "aten::IntImplicit");
  }>(t, OpId::aten_IntImplicit);
  bind<[](const Tensor &a) {
    checkImplicitNumber(a, /*toInt=*/false, "aten::FloatImplicit");
    return a.item().toDouble();
  }>(t, OpId::aten_FloatImplicit);
  bind<[](const Tensor &a) {
    checkImplicitNumber(a, /*toInt=*/false, "aten::ScalarImplicit");
    return a.item();
  }>(t, OpId::aten_ScalarImplicit);
  bind<numToTensor>(t, OpId::prim_NumToTensor_Scalar);
  bind<[](bool a) { return Tensor::scalar(a, ScalarType::Bool); }>(
      t, OpId::prim_NumToTensor_bool);
  bind<[](const Tensor &a) {
    KILN_USER_CHECK(a.dim() != 0, "aten::len: len() of a 0-d tensor");
    return a.size(0);
  }>(t, OpId::aten_len_Tensor);

  // Properties.
  bind<[](const Tensor &a) { return static_cast<int64_t>(a.dtype()); }>(
      t, OpId::prim_dtype);
  bind<[](const Tensor &) { return IValue::device("cpu"); }>(t,
                                                             OpId::prim_device);
  bind<[](const Tensor &) { return int64_t{0}; }>(t, OpId::prim_layout);
  bind<[](const Tensor &) { return true; }>(t, OpId::prim_is_cpu);
  for (OpId op :
       {OpId::prim_is_cuda, OpId::prim_is_ipu, OpId::prim_is_meta,
        OpId::prim_is_mps, OpId::prim_is_nested, OpId::prim_is_ort,
        OpId::prim_is_vulkan, OpId::prim_is_xpu, OpId::prim_requires_grad})
    bind<[](const Tensor &) { return false; }>(t, op);
  // t.data: a new tensor over the same elements.
  bind<[](const Tensor &a) {
    return a.asStrided(a.sizes(), a.strides(), a.storageOffset());
  }>(t, OpId::prim_data);
  // t.grad: never computed, so None (PyTorch's undefined tensor).
  bind<[](const Tensor &) { return IValue(); }>(t, OpId::prim_grad);
  bind<[](const Tensor &) { return IValue(); }>(t, OpId::prim_name);

  // Devices.
  bind<[](const std::string &s) {
    parseDevice(s);
    return IValue::device(s);
  }>(t, OpId::aten_device);
  bind<[](IValue &d) {
    return std::string(parseDevice(d.toDeviceName()).type);
  }>(t, OpId::prim_type);
  bind<deviceIndex>(t, OpId::prim_index);
  bind<[](IValue &a, IValue &b) {
    return a.toDeviceName() == b.toDeviceName();
  }>(t, OpId::aten_eq_device);
  bind<[](IValue &a, IValue &b) {
    return a.toDeviceName() != b.toDeviceName();
  }>(t, OpId::aten_ne_device);
}

} // namespace kiln
