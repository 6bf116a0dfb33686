"""Goldens of the neural-network ops (tests/unit/ops/NN*GoldenTest.cpp).

Non-tensor arguments (stride, padding, reduction, ...) are fixed per case
here and repeated in the C++ tests next to the case's name. Dropout in
training mode cannot match PyTorch's random draws; its tests check
statistics instead.
"""
import torch
import torch.nn.functional as F

from golden import Goldens

g = Goldens("nn")
nan = float("nan")

# ---- Convolution: input, weight[, bias] --------------------------------------
g.case("conv2d_basic", F.conv2d, g.randn(1, 2, 5, 5), g.randn(3, 2, 3, 3), g.randn(3))
g.case("conv2d_stride_pad", lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1),
       g.randn(2, 2, 5, 6), g.randn(3, 2, 3, 3), g.randn(3))
g.case("conv2d_dilation", lambda x, w, b: F.conv2d(x, w, b, padding=2, dilation=2),
       g.randn(1, 2, 5, 5), g.randn(2, 2, 3, 3), g.randn(2))
g.case("conv2d_groups", lambda x, w, b: F.conv2d(x, w, b, groups=2),
       g.randn(1, 4, 4, 4), g.randn(6, 2, 3, 3), g.randn(6))
g.case("conv2d_depthwise", lambda x, w: F.conv2d(x, w, padding=1, groups=3),
       g.randn(2, 3, 4, 4), g.randn(3, 1, 3, 3))
g.case("conv2d_no_bias", F.conv2d, g.randn(1, 3, 4, 4), g.randn(2, 3, 2, 2))
# stride (2, 1), padding (1, 0), dilation (1, 2)
g.case("conv2d_rect", lambda x, w, b: F.conv2d(x, w, b, stride=(2, 1), padding=(1, 0), dilation=(1, 2)),
       g.randn(1, 2, 5, 7), g.randn(2, 2, 2, 3), g.randn(2))
g.case("conv2d_same", lambda x, w, b: F.conv2d(x, w, b, padding="same"),
       g.randn(1, 2, 4, 5), g.randn(2, 2, 3, 3), g.randn(2))
# even kernel: "same" pads one more element at the end
g.case("conv2d_same_even", lambda x, w: F.conv2d(x, w, padding="same", dilation=(1, 1)),
       g.randn(1, 1, 4, 5), g.randn(2, 1, 2, 4))
g.case("conv2d_same_dilated", lambda x, w: F.conv2d(x, w, padding="same", dilation=(2, 1)),
       g.randn(1, 1, 5, 5), g.randn(1, 1, 2, 3))
g.case("conv2d_valid", lambda x, w: F.conv2d(x, w, padding="valid"),
       g.randn(1, 2, 4, 4), g.randn(1, 2, 3, 2))
g.case("conv2d_unbatched", F.conv2d, g.randn(2, 4, 4), g.randn(3, 2, 3, 3), g.randn(3))
g.case("conv2d_double", lambda x, w, b: F.conv2d(x, w, b, padding=1),
       g.randn(1, 2, 3, 3, dtype=torch.float64), g.randn(2, 2, 3, 3, dtype=torch.float64),
       g.randn(2, dtype=torch.float64))
g.case("conv2d_int64", F.conv2d, g.randint(-3, 4, 1, 2, 4, 4), g.randint(-3, 4, 2, 2, 2, 2), g.randint(-3, 4, 2))
g.case("conv2d_empty_batch", F.conv2d, g.randn(0, 2, 4, 4), g.randn(3, 2, 3, 3), g.randn(3))
g.case("conv2d_1x1", F.conv2d, g.randn(2, 3, 2, 2), g.randn(4, 3, 1, 1), g.randn(4))
g.case("conv1d_basic", F.conv1d, g.randn(2, 3, 7), g.randn(4, 3, 3), g.randn(4))
g.case("conv1d_stride_dilation", lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1, dilation=2),
       g.randn(1, 2, 9), g.randn(3, 2, 3), g.randn(3))
g.case("conv1d_groups", lambda x, w: F.conv1d(x, w, groups=3), g.randn(1, 6, 5), g.randn(3, 2, 2))
g.case("conv1d_same_even", lambda x, w, b: F.conv1d(x, w, b, padding="same"),
       g.randn(1, 2, 6), g.randn(2, 2, 4), g.randn(2))
g.case("conv1d_unbatched", F.conv1d, g.randn(2, 5), g.randn(3, 2, 2), g.randn(3))
g.case("conv3d_basic", lambda x, w, b: F.conv3d(x, w, b, stride=(1, 2, 1), padding=(1, 0, 1)),
       g.randn(1, 2, 3, 4, 4), g.randn(2, 2, 2, 3, 3), g.randn(2))
# aten::convolution: stride 1, padding 1, dilation 1, groups 1
g.case("convolution_2d", lambda x, w, b: torch.convolution(x, w, b, [1, 1], [1, 1], [1, 1], False, [0, 0], 1),
       g.randn(1, 2, 3, 3), g.randn(2, 2, 3, 3), g.randn(2))

# ---- Pooling -------------------------------------------------------------------
# max_pool*_with_indices record (values, indices)
g.case("max_pool2d_basic", lambda x: F.max_pool2d(x, 2, return_indices=True), g.randn(1, 2, 4, 4))
g.case("max_pool2d_stride_pad", lambda x: F.max_pool2d(x, 3, stride=2, padding=1, return_indices=True),
       g.randn(2, 1, 5, 6))
g.case("max_pool2d_dilation", lambda x: F.max_pool2d(x, 2, stride=1, dilation=2, return_indices=True),
       g.randn(1, 1, 5, 5))
g.case("max_pool2d_ceil", lambda x: F.max_pool2d(x, 2, stride=2, ceil_mode=True, return_indices=True),
       g.randn(1, 2, 5, 5))
g.case("max_pool2d_ceil_pad", lambda x: F.max_pool2d(x, 3, stride=2, padding=1, ceil_mode=True,
                                                     return_indices=True),
       g.randn(1, 1, 6, 6))
# kernel (2, 3), stride (1, 2), padding (1, 1)
g.case("max_pool2d_rect", lambda x: F.max_pool2d(x, (2, 3), stride=(1, 2), padding=(1, 1),
                                                 return_indices=True),
       g.randn(1, 1, 4, 5))
g.case("max_pool2d_unbatched", lambda x: F.max_pool2d(x, 2, return_indices=True), g.randn(2, 4, 4))
g.case("max_pool2d_nan", lambda x: F.max_pool2d(x, 2, return_indices=True),
       torch.tensor([[[[1.0, nan, 2.0, 3.0], [0.0, -1.0, 5.0, nan], [-2.0, -3.0, 1.0, 1.0],
                       [-4.0, -5.0, 1.0, 2.0]]]]))
g.case("max_pool2d_double", lambda x: F.max_pool2d(x, 2, stride=1, return_indices=True),
       g.randn(1, 1, 3, 3, dtype=torch.float64))
g.case("max_pool2d_empty_batch", lambda x: F.max_pool2d(x, 2, return_indices=True), g.randn(0, 2, 4, 4))
g.case("max_pool1d_basic", lambda x: F.max_pool1d(x, 3, stride=2, return_indices=True), g.randn(2, 2, 7))
g.case("max_pool1d_ceil_pad", lambda x: F.max_pool1d(x, 2, stride=2, padding=1, ceil_mode=True,
                                                     return_indices=True), g.randn(1, 2, 6))
g.case("max_pool1d_dilation", lambda x: F.max_pool1d(x, 2, stride=1, padding=1, dilation=3,
                                                     return_indices=True), g.randn(1, 1, 8))
g.case("max_pool1d_unbatched", lambda x: F.max_pool1d(x, 2, return_indices=True), g.randn(3, 5))
g.case("avg_pool2d_basic", lambda x: F.avg_pool2d(x, 2), g.randn(1, 2, 4, 4))
g.case("avg_pool2d_pad_include", lambda x: F.avg_pool2d(x, 3, stride=2, padding=1), g.randn(1, 1, 5, 5))
g.case("avg_pool2d_pad_exclude", lambda x: F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False),
       g.randn(1, 1, 5, 5))
g.case("avg_pool2d_ceil_include", lambda x: F.avg_pool2d(x, 2, stride=2, padding=1, ceil_mode=True),
       g.randn(1, 1, 4, 5))
g.case("avg_pool2d_ceil_exclude", lambda x: F.avg_pool2d(x, 2, stride=2, padding=1, ceil_mode=True,
                                                         count_include_pad=False), g.randn(1, 1, 4, 5))
g.case("avg_pool2d_divisor", lambda x: F.avg_pool2d(x, 2, stride=1, padding=1, divisor_override=3),
       g.randn(1, 1, 3, 3))
# kernel (1, 3), stride (1, 2)
g.case("avg_pool2d_rect", lambda x: F.avg_pool2d(x, (1, 3), stride=(1, 2)), g.randn(2, 1, 2, 7))
g.case("avg_pool2d_int64", lambda x: F.avg_pool2d(x, 3, stride=1, padding=1), g.randint(-20, 20, 1, 1, 4, 4))
g.case("avg_pool2d_unbatched", lambda x: F.avg_pool2d(x, 2), g.randn(3, 4, 2))
g.case("avg_pool1d_basic", lambda x: F.avg_pool1d(x, 3, stride=2), g.randn(2, 2, 7))
g.case("avg_pool1d_ceil_exclude", lambda x: F.avg_pool1d(x, 2, stride=2, padding=1, ceil_mode=True,
                                                         count_include_pad=False), g.randn(1, 2, 6))
g.case("avg_pool1d_unbatched", lambda x: F.avg_pool1d(x, 2), g.randn(2, 6))
g.case("adaptive_avg_pool2d_basic", lambda x: F.adaptive_avg_pool2d(x, (3, 4)), g.randn(1, 2, 5, 7))
g.case("adaptive_avg_pool2d_global", lambda x: F.adaptive_avg_pool2d(x, 1), g.randn(2, 3, 3, 4))
g.case("adaptive_avg_pool2d_upsample", lambda x: F.adaptive_avg_pool2d(x, (4, 5)), g.randn(1, 1, 2, 3))
g.case("adaptive_avg_pool2d_unbatched", lambda x: F.adaptive_avg_pool2d(x, (2, 2)), g.randn(2, 5, 3))
g.case("adaptive_avg_pool2d_double", lambda x: F.adaptive_avg_pool2d(x, (2, 3)),
       g.randn(1, 1, 4, 5, dtype=torch.float64))
g.case("adaptive_avg_pool1d_basic", lambda x: F.adaptive_avg_pool1d(x, 3), g.randn(2, 3, 7))
g.case("adaptive_avg_pool1d_unbatched", lambda x: F.adaptive_avg_pool1d(x, 4), g.randn(2, 5))
g.case("adaptive_max_pool2d_basic", lambda x: F.adaptive_max_pool2d(x, (2, 3), return_indices=True),
       g.randn(1, 2, 5, 7))
g.case("adaptive_max_pool2d_nan", lambda x: F.adaptive_max_pool2d(x, 1, return_indices=True),
       torch.tensor([[[[1.0, 2.0], [nan, 0.0]]]]))
g.case("adaptive_max_pool2d_unbatched", lambda x: F.adaptive_max_pool2d(x, (3, 2), return_indices=True),
       g.randn(2, 4, 4))
g.case("adaptive_max_pool1d_basic", lambda x: F.adaptive_max_pool1d(x, 3, return_indices=True),
       g.randn(1, 2, 7))

# ---- Normalization -------------------------------------------------------------
def batch_norm_train(momentum):
    def run(x, w, b, rm, rv):
        rm, rv = rm.clone(), rv.clone()
        out = F.batch_norm(x, rm, rv, w, b, training=True, momentum=momentum, eps=1e-5)
        return out, rm, rv
    return run

# Records (output, running_mean, running_var after the update).
g.case("batch_norm_train", batch_norm_train(0.1), g.randn(4, 3, 2), g.randn(3), g.randn(3),
       g.randn(3), g.rand(3) + 0.5)
g.case("batch_norm_train_momentum", batch_norm_train(0.3), g.randn(2, 2, 2, 2), g.randn(2), g.randn(2),
       g.randn(2), g.rand(2) + 0.5)
g.case("batch_norm_train_double", batch_norm_train(0.1), g.randn(3, 2, dtype=torch.float64),
       g.randn(2, dtype=torch.float64), g.randn(2, dtype=torch.float64), g.randn(2, dtype=torch.float64),
       g.rand(2, dtype=torch.float64) + 0.5)
# training without affine parameters or running statistics
g.case("batch_norm_train_plain", lambda x: F.batch_norm(x, None, None, training=True),
       g.randn(5, 3))
# evaluation: eps 1e-5
g.case("batch_norm_eval", lambda x, w, b, rm, rv: F.batch_norm(x, rm, rv, w, b, training=False),
       g.randn(2, 3, 4), g.randn(3), g.randn(3), g.randn(3), g.rand(3) + 0.5)
g.case("batch_norm_eval_plain", lambda x, rm, rv: F.batch_norm(x, rm, rv, training=False, eps=0.1),
       g.randn(2, 2, 2, 2), g.randn(2), g.rand(2) + 0.5)
g.case("layer_norm_last", lambda x, w, b: F.layer_norm(x, [4], w, b), g.randn(2, 3, 4), g.randn(4), g.randn(4))
g.case("layer_norm_two_dims", lambda x, w, b: F.layer_norm(x, [3, 4], w, b), g.randn(2, 3, 4),
       g.randn(3, 4), g.randn(3, 4))
g.case("layer_norm_plain", lambda x: F.layer_norm(x, [5]), g.randn(3, 5))
g.case("layer_norm_eps", lambda x: F.layer_norm(x, [2, 2], eps=0.1), g.randn(2, 2, 2))
g.case("layer_norm_double", lambda x, w: F.layer_norm(x, [3], w), g.randn(2, 3, dtype=torch.float64),
       g.randn(3, dtype=torch.float64))
g.case("group_norm_basic", lambda x, w, b: F.group_norm(x, 2, w, b), g.randn(2, 4, 3), g.randn(4), g.randn(4))
g.case("group_norm_plain", lambda x: F.group_norm(x, 3), g.randn(2, 6, 2, 2))
g.case("group_norm_one_group", lambda x, w, b: F.group_norm(x, 1, w, b), g.randn(2, 3, 4), g.randn(3),
       g.randn(3))
g.case("group_norm_per_channel", lambda x: F.group_norm(x, 3, eps=0.01), g.randn(1, 3, 5))

def instance_norm_train(x, w, b, rm, rv):
    rm, rv = rm.clone(), rv.clone()
    out = F.instance_norm(x, rm, rv, w, b, use_input_stats=True, momentum=0.2)
    return out, rm, rv

g.case("instance_norm_basic", lambda x: F.instance_norm(x), g.randn(2, 3, 4))
# momentum 0.2; records (output, running_mean, running_var)
g.case("instance_norm_running", instance_norm_train, g.randn(3, 2, 2, 2), g.randn(2), g.randn(2),
       g.randn(2), g.rand(2) + 0.5)
# use_input_stats=False: the running statistics normalize
g.case("instance_norm_eval", lambda x, rm, rv: F.instance_norm(x, rm, rv, use_input_stats=False),
       g.randn(2, 2, 3), g.randn(2), g.rand(2) + 0.5)

# ---- Dropout with p = 1 (deterministic) ---------------------------------------
g.case("dropout_p1", lambda x: F.dropout(x, 1.0, training=True), torch.tensor([1.0, nan, -2.0, float("inf")]))

# ---- Losses (reduction: 0 none, 1 mean, 2 sum) -------------------------------
CE = torch._C._nn.cross_entropy_loss
NLL = torch._C._nn.nll_loss
ce_cases = [
    # name, input shape, target, weight?, reduction, ignore_index, smoothing
    ("cross_entropy_mean", (4, 5), [0, 4, 2, 1], False, 1, -100, 0.0),
    ("cross_entropy_none", (4, 5), [0, 4, 2, 1], False, 0, -100, 0.0),
    ("cross_entropy_sum", (4, 5), [3, 3, 0, 1], False, 2, -100, 0.0),
    ("cross_entropy_weight", (4, 5), [0, 4, 2, 1], True, 1, -100, 0.0),
    ("cross_entropy_ignore", (5, 3), [0, 2, 2, 1, 2], False, 1, 2, 0.0),
    ("cross_entropy_ignore_weight", (5, 3), [0, 2, 1, 1, -100], True, 1, -100, 0.0),
    ("cross_entropy_ignore_none", (5, 3), [0, 2, 1, 1, -100], True, 0, -100, 0.0),
    ("cross_entropy_smoothing", (4, 5), [0, 4, 2, 1], False, 1, -100, 0.1),
    ("cross_entropy_smoothing_full", (3, 4), [0, 3, 2], False, 1, -100, 1.0),
    ("cross_entropy_smoothing_weight_ignore_mean", (5, 3), [0, 2, 1, 1, 2], True, 1, 1, 0.2),
    ("cross_entropy_smoothing_weight_ignore_none", (5, 3), [0, 2, 1, 1, 2], True, 0, 1, 0.2),
    ("cross_entropy_smoothing_weight_ignore_sum", (5, 3), [0, 2, 1, 1, 2], True, 2, 1, 0.2),
    ("cross_entropy_all_ignored", (2, 3), [-100, -100], False, 1, -100, 0.0),
    ("cross_entropy_negative_smoothing", (3, 4), [1, 0, 3], False, 1, -100, -0.5),
]
for name, shape, target, weighted, reduction, ignore, smoothing in ce_cases:
    args = [g.randn(*shape), torch.tensor(target)]
    if weighted:
        args.append(g.rand(shape[1]) + 0.1)
    g.case(name, lambda x, t, w=None, r=reduction, i=ignore, s=smoothing: CE(x, t, w, r, i, s), *args)
# spatial: input [N, C, d1, ...], target [N, d1, ...]; mean, then none
g.case("cross_entropy_spatial", lambda x, t: CE(x, t, None, 1, -100, 0.0), g.randn(2, 3, 2, 3),
       g.randint(0, 3, 2, 2, 3))
g.case("cross_entropy_spatial_none", lambda x, t, w: CE(x, t, w, 0, -100, 0.1), g.randn(2, 3, 4),
       g.randint(0, 3, 2, 4), g.rand(3) + 0.1)
g.case("cross_entropy_unbatched", lambda x, t: CE(x, t, None, 1, -100, 0.0), g.randn(5), torch.tensor(3))
g.case("cross_entropy_double", lambda x, t: CE(x, t, None, 1, -100, 0.0), g.randn(3, 4, dtype=torch.float64),
       torch.tensor([3, 0, 1]))
g.case("cross_entropy_uint8_target", lambda x, t: CE(x, t, None, 2, -100, 0.0), g.randn(3, 4),
       torch.tensor([3, 0, 1], dtype=torch.uint8))
# class probabilities: mean, weighted sum, smoothing 0.3 none, spatial mean
g.case("cross_entropy_probs", lambda x, p: CE(x, p, None, 1, -100, 0.0), g.randn(3, 4),
       torch.softmax(g.randn(3, 4), 1))
g.case("cross_entropy_probs_weight", lambda x, p, w: CE(x, p, w, 2, -100, 0.0), g.randn(3, 4),
       torch.softmax(g.randn(3, 4), 1), g.rand(4))
g.case("cross_entropy_probs_smoothing", lambda x, p: CE(x, p, None, 0, -100, 0.3), g.randn(3, 4),
       torch.softmax(g.randn(3, 4), 1))
g.case("cross_entropy_probs_spatial", lambda x, p: CE(x, p, None, 1, -100, 0.0), g.randn(2, 3, 2),
       torch.softmax(g.randn(2, 3, 2), 1))
g.case("nll_loss_mean", lambda x, t: NLL(x, t, None, 1, -100), torch.log_softmax(g.randn(3, 4), 1),
       torch.tensor([1, 0, 3]))
g.case("nll_loss_none", lambda x, t: NLL(x, t, None, 0, -100), g.randn(3, 4), torch.tensor([1, 0, 3]))
g.case("nll_loss_weight_sum", lambda x, t, w: NLL(x, t, w, 2, -100), g.randn(3, 4), torch.tensor([2, 2, 3]),
       g.rand(4))
g.case("nll_loss_weight_mean", lambda x, t, w: NLL(x, t, w, 1, -100), g.randn(3, 4), torch.tensor([2, 2, 3]),
       g.rand(4))
g.case("nll_loss_ignore", lambda x, t: NLL(x, t, None, 1, 0), g.randn(4, 3), torch.tensor([0, 1, 0, 2]))
g.case("nll_loss_unbatched", lambda x, t: NLL(x, t, None, 0, -100), g.randn(4), torch.tensor(2))
g.case("nll_loss2d_mean", lambda x, t, w: torch._C._nn.nll_loss2d(x, t, w, 1, -100), g.randn(2, 3, 2, 2),
       g.randint(0, 3, 2, 2, 2), g.rand(3))
g.case("nll_loss2d_none", lambda x, t: torch._C._nn.nll_loss2d(x, t, None, 0, 1), g.randn(1, 3, 2, 3),
       g.randint(0, 3, 1, 2, 3))
g.case("nll_loss_nd_3d", lambda x, t: torch._C._nn.nll_loss_nd(x, t, None, 0, -100), g.randn(2, 3, 4),
       g.randint(0, 3, 2, 4))
g.case("nll_loss_nd_5d", lambda x, t: torch._C._nn.nll_loss_nd(x, t, None, 1, -100), g.randn(1, 3, 2, 2, 2),
       g.randint(0, 3, 1, 2, 2, 2))

g.case("mse_loss_mean", lambda x, y: F.mse_loss(x, y), g.randn(3, 4), g.randn(3, 4))
g.case("mse_loss_none_broadcast", lambda x, y: torch._C._nn.mse_loss(x, y, 0), g.randn(2, 3), g.randn(3))
g.case("mse_loss_sum", lambda x, y: F.mse_loss(x, y, reduction="sum"), g.randn(5), g.randn(5))
g.case("mse_loss_double_float", lambda x, y: F.mse_loss(x, y), g.randn(4, dtype=torch.float64), g.randn(4))
g.case("mse_loss_int_target", lambda x, y: F.mse_loss(x, y, reduction="none"), g.randn(4),
       g.randint(-2, 3, 4))
g.case("mse_loss_empty", lambda x, y: F.mse_loss(x, y), g.randn(0), g.randn(0))
g.case("l1_loss_mean", lambda x, y: F.l1_loss(x, y), g.randn(3, 4), g.randn(3, 4))
g.case("l1_loss_broadcast", lambda x, y: torch._C._nn.l1_loss(x, y, 0), g.randn(2, 1), g.randn(3))
g.case("l1_loss_int64_sum", lambda x, y: F.l1_loss(x, y, reduction="sum"), g.randint(-9, 9, 5),
       g.randint(-9, 9, 5))
g.case("l1_loss_int64_none", lambda x, y: F.l1_loss(x, y, reduction="none"), g.randint(-9, 9, 5),
       g.randint(-9, 9, 5))
g.case("smooth_l1_loss_mean", lambda x, y: F.smooth_l1_loss(x, y), g.randn(3, 4) * 2, g.randn(3, 4))
g.case("smooth_l1_loss_beta_half", lambda x, y: F.smooth_l1_loss(x, y, reduction="none", beta=0.5),
       g.randn(6), g.randn(6))
g.case("smooth_l1_loss_beta0", lambda x, y: F.smooth_l1_loss(x, y, reduction="sum", beta=0.0),
       g.randn(6), g.randn(6))
BCE = torch._C._nn.binary_cross_entropy
g.case("bce_mean", lambda x, y: BCE(x, y, None, 1), g.rand(3, 4), g.rand(3, 4))
g.case("bce_weight_none", lambda x, y, w: BCE(x, y, w, 0), g.rand(2, 3), g.rand(2, 3), g.rand(3))
g.case("bce_target_broadcast", lambda x, y: BCE(x, y, None, 2), g.rand(2, 3), g.rand(3))
g.case("bce_extremes", lambda x, y: BCE(x, y, None, 0), torch.tensor([0.0, 1.0, 0.0, 1.0, 0.5]),
       torch.tensor([0.0, 1.0, 1.0, 0.0, 0.5]))
g.case("bce_double", lambda x, y: BCE(x, y, None, 1), g.rand(4, dtype=torch.float64), g.rand(4, dtype=torch.float64))
BCEL = torch.binary_cross_entropy_with_logits
g.case("bce_logits_mean", lambda x, y: BCEL(x, y, None, None, 1), g.randn(3, 4), g.rand(3, 4))
g.case("bce_logits_pos_weight", lambda x, y, p: BCEL(x, y, None, p, 0), g.randn(2, 3), g.rand(2, 3),
       g.rand(3) * 3)
g.case("bce_logits_weight_pos_weight", lambda x, y, w, p: BCEL(x, y, w, p, 2), g.randn(2, 3), g.rand(2, 3),
       g.rand(2, 1), g.rand(3) * 3)
g.case("bce_logits_extremes", lambda x, y: BCEL(x, y, None, None, 0), torch.tensor([100.0, -100.0, 50.0, -30.0]),
       torch.tensor([0.0, 1.0, 1.0, 0.0]))
g.case("bce_logits_broadcast_input", lambda x, y: BCEL(x, y, None, None, 0), g.randn(3), g.rand(2, 3))
g.case("bce_logits_double_target", lambda x, y: BCEL(x, y, None, None, 0), g.randn(3),
       g.rand(3, dtype=torch.float64))

# ---- Padding, glu, pixel_shuffle ---------------------------------------------
g.case("constant_pad_basic", lambda x: F.pad(x, [1, 2]), g.randn(2, 3))
g.case("constant_pad_2d_value", lambda x: F.pad(x, [1, 1, 2, 0], value=1.5), g.randn(1, 2, 3, 3))
g.case("constant_pad_negative", lambda x: F.pad(x, [-1, 2, 1, -1]), g.randn(3, 4))
g.case("constant_pad_three_dims", lambda x: F.pad(x, [1, 0, 0, 1, 1, 1]), g.randn(2, 2, 2))
g.case("constant_pad_int64", lambda x: torch.constant_pad_nd(x, [2, 1], 7), g.randint(-5, 5, 2, 2))
g.case("constant_pad_int_float_value", lambda x: torch.constant_pad_nd(x, [1, 1], 1.7), g.randint(-5, 5, 3))
g.case("constant_pad_bool", lambda x: torch.constant_pad_nd(x, [1, 0], 1), g.randint(0, 2, 2, 2, dtype=torch.bool))
g.case("constant_pad_empty", lambda x: F.pad(x, [1, 1]), g.randn(0, 3))
g.case("constant_pad_to_empty", lambda x: F.pad(x, [-2, -1]), g.randn(2, 3))
PAD = torch._C._nn.pad
g.case("pad_constant_mode", lambda x: PAD(x, [1, 1], "constant", 2.5), g.randn(1, 2, 3))
g.case("pad_reflect_1d", lambda x: PAD(x, [2, 1], "reflect", None), g.randn(1, 2, 5))
g.case("pad_reflect_2d", lambda x: PAD(x, [1, 2, 2, 1], "reflect", None), g.randn(1, 1, 3, 4))
g.case("pad_reflect_negative", lambda x: PAD(x, [-1, 2], "reflect", None), g.randn(2, 3))
g.case("pad_replicate_2d", lambda x: PAD(x, [2, 1, 0, 2], "replicate", None), g.randn(1, 2, 3, 3))
g.case("pad_replicate_3d", lambda x: PAD(x, [1, 1, 1, 0, 0, 1], "replicate", None), g.randn(1, 1, 2, 2, 2))
g.case("pad_circular_1d", lambda x: PAD(x, [2, 1], "circular", None), g.randn(1, 2, 3))
g.case("pad_circular_negative", lambda x: PAD(x, [-1, 2], "circular", None), g.randn(1, 2, 3))
g.case("pad_circular_2d_int64", lambda x: PAD(x, [1, 1, 1, 0], "circular", None), g.randint(-9, 9, 1, 1, 2, 3))
g.case("glu_last", lambda x: F.glu(x), g.randn(4, 6))
g.case("glu_dim0", lambda x: F.glu(x, 0), g.randn(4, 3))
g.case("glu_double", lambda x: F.glu(x, 1), g.randn(2, 4, 1, dtype=torch.float64))
g.case("glu_empty", lambda x: F.glu(x, 1), g.randn(0, 4))
g.case("pixel_shuffle_2", lambda x: F.pixel_shuffle(x, 2), g.randn(1, 8, 2, 3))
g.case("pixel_shuffle_3", lambda x: F.pixel_shuffle(x, 3), g.randn(2, 9, 1, 2))
g.case("pixel_shuffle_unbatched_int64", lambda x: F.pixel_shuffle(x, 2), g.randint(-9, 9, 4, 2, 2))
g.case("pixel_shuffle_5d", lambda x: F.pixel_shuffle(x, 2), g.randn(2, 1, 4, 1, 2))

# ---- Nearest upsampling ------------------------------------------------------
UN1 = torch._C._nn.upsample_nearest1d
UN2 = torch._C._nn.upsample_nearest2d
UN3 = torch._C._nn.upsample_nearest3d
g.case("upsample_nearest2d_double_size", lambda x: UN2(x, [6, 8], None), g.randn(1, 2, 3, 4))
g.case("upsample_nearest2d_size", lambda x: UN2(x, [5, 7], None), g.randn(1, 1, 3, 4))
g.case("upsample_nearest2d_scales", lambda x: UN2(x, None, [1.5, 2.5]), g.randn(1, 1, 3, 2))
g.case("upsample_nearest2d_down", lambda x: UN2(x, None, [0.5, 0.5]), g.randn(1, 1, 4, 6))
g.case("upsample_nearest2d_uint8", lambda x: UN2(x, [3, 5], None), g.randint(0, 255, 1, 2, 2, 2, dtype=torch.uint8))
g.case("upsample_nearest2d_interpolate", lambda x: F.interpolate(x, scale_factor=1.7, mode="nearest"),
       g.randn(2, 1, 3, 3))
# upsample_nearest2d(self, output_size=[5, 3], scales_h=1.5, scales_w=None)
g.case("upsample_nearest2d_explicit_scales", lambda x: UN2(x, [5, 3], 1.5, None), g.randn(1, 1, 3, 2))
g.case("upsample_nearest1d_scale", lambda x: UN1(x, None, [1.7]), g.randn(1, 2, 3))
# same size, but the scale still moves the source positions
g.case("upsample_nearest1d_same_size_scale", lambda x: UN1(x, None, [1.3]), g.randn(1, 2, 3))
g.case("upsample_nearest1d_size", lambda x: UN1(x, [5], None), g.randn(2, 1, 4))
g.case("upsample_nearest3d_size", lambda x: UN3(x, [2, 3, 4], None), g.randn(1, 1, 1, 2, 3))

# ---- Linear upsampling (align_corners as named) -------------------------------
UL1 = torch._C._nn.upsample_linear1d
UB2 = torch._C._nn.upsample_bilinear2d
UT3 = torch._C._nn.upsample_trilinear3d
g.case("upsample_bilinear2d_size", lambda x: UB2(x, [5, 7], False, None), g.randn(1, 2, 3, 4))
g.case("upsample_bilinear2d_align", lambda x: UB2(x, [5, 7], True, None), g.randn(1, 2, 3, 4))
g.case("upsample_bilinear2d_scales", lambda x: UB2(x, None, False, [1.5, 2.5]), g.randn(1, 1, 3, 2))
g.case("upsample_bilinear2d_scales_align", lambda x: UB2(x, None, True, [1.5, 2.5]), g.randn(1, 1, 3, 2))
g.case("upsample_bilinear2d_down", lambda x: UB2(x, [2, 3], False, None), g.randn(2, 1, 5, 7))
g.case("upsample_bilinear2d_double", lambda x: UB2(x, [4, 4], False, None),
       g.randn(1, 1, 2, 3, dtype=torch.float64))
g.case("upsample_bilinear2d_interpolate", lambda x: F.interpolate(x, scale_factor=2, mode="bilinear"),
       g.randn(1, 2, 2, 3))
g.case("upsample_bilinear2d_one_row", lambda x: UB2(x, [1, 4], True, None), g.randn(1, 1, 3, 2))
# upsample_bilinear2d(self, output_size=[4, 3], align_corners=False, scales_h=1.5, scales_w=None)
g.case("upsample_bilinear2d_explicit_scales", lambda x: UB2(x, [4, 3], False, 1.5, None), g.randn(1, 1, 3, 2))
g.case("upsample_linear1d_size", lambda x: UL1(x, [7], False, None), g.randn(2, 2, 3))
g.case("upsample_linear1d_align", lambda x: UL1(x, None, True, [2.5]), g.randn(1, 2, 4))
g.case("upsample_trilinear3d_size", lambda x: UT3(x, [3, 3, 4], False, None), g.randn(1, 1, 2, 2, 3))

g.save()
