"""Goldens of the shape, view and indexing ops (tests/unit/ops/ShapeGoldenTest.cpp).

Each case's name says what the C++ test calls; the arguments that are not
tensors (dims, sizes, indices given as ints) are written the same on both
sides.
"""
import torch

from golden import Goldens

g = Goldens("shape")
L = torch.int64


def ints(*values, dtype=L):
    return torch.tensor(values, dtype=dtype)


def written(fn):
    """Runs fn (which writes through a view of its input's clone) and
    returns the clone, so the golden shows the write reaching the base."""
    def run(x):
        base = x.clone()
        fn(base)
        return base
    return run


# --- Metadata -----------------------------------------------------------
g.case("size", lambda x: torch.tensor(x.size()), g.randn(2, 3, 4))
g.case("size_dim", lambda x: torch.tensor([x.size(1), x.size(-1)]), g.randn(2, 3, 4))
g.case("dim_numel", lambda x: torch.tensor([x.dim(), x.numel()]), g.randn(2, 3, 4))
g.case("infer_size", lambda: torch.tensor(torch.broadcast_shapes((2, 1, 4), (3, 1))))

# --- view / reshape -----------------------------------------------------
g.case("view", lambda x: x.view(6, 4), g.randn(2, 3, 4))
g.case("view_infer", lambda x: x.view(-1, 2, 2), g.randn(2, 3, 4))
g.case("view_0d", lambda x: x.view(1, 1), g.randn(()))
g.case("view_to_0d", lambda x: x.view(()), g.randn(1, 1))
g.case("view_empty", lambda x: x.view(3, 0), g.randn(0, 3))
g.case("view_int64", lambda x: x.view(3, 4), g.randint(-9, 9, 2, 6))
g.case("view_as", lambda x, y: x.view_as(y), g.randn(2, 6), g.randn(4, 3))
g.case("view_write", written(lambda b: b.view(6).narrow(0, 1, 3).fill_(7)), g.randn(2, 3))
g.case("view_dtype_int32", lambda x: x.view(torch.int32), g.randn(2, 3))
g.case("view_dtype_int16", lambda x: x.view(torch.int16), g.randn(2, 3))
g.case("view_dtype_double", lambda x: x.view(torch.float64), g.randn(2, 4))
g.case("reshape_view", lambda x: x.reshape(4, -1), g.randn(2, 3, 4))
g.case("reshape_copy", lambda x: x.t().reshape(-1), g.randn(3, 4))
g.case("reshape_as", lambda x, y: x.reshape_as(y), g.randn(2, 6), g.randn(3, 4))
g.case("flatten", lambda x: x.flatten(), g.randn(2, 3, 4))
g.case("flatten_mid", lambda x: x.flatten(1, 2), g.randn(2, 3, 4, 2))
g.case("flatten_neg", lambda x: x.flatten(-3, -2), g.randn(2, 3, 4, 2))
g.case("flatten_0d", lambda x: x.flatten(), g.randn(()))
g.case("flatten_same", lambda x: x.flatten(1, 1), g.randn(2, 3))
g.case("unflatten", lambda x: x.unflatten(1, (2, -1)), g.randn(3, 6))
g.case("unflatten_neg", lambda x: x.unflatten(-1, (3, 1, 2)), g.randn(2, 6))
g.case("unsqueeze", lambda x: x.unsqueeze(0), g.randn(2, 3))
g.case("unsqueeze_last", lambda x: x.unsqueeze(-1), g.randn(2, 3))
g.case("unsqueeze_mid", lambda x: x.unsqueeze(1), g.randint(0, 5, 2, 3))
g.case("unsqueeze_0d", lambda x: x.unsqueeze(0), g.randn(()))
g.case("unsqueeze_", lambda x: x.clone().unsqueeze_(2), g.randn(2, 3))
g.case("squeeze", lambda x: x.squeeze(), g.randn(1, 3, 1, 2))
g.case("squeeze_dim", lambda x: x.squeeze(2), g.randn(1, 3, 1, 2))
g.case("squeeze_dim_noop", lambda x: x.squeeze(1), g.randn(1, 3, 1, 2))
g.case("squeeze_0d", lambda x: x.squeeze(0), g.randn(()))
g.case("squeeze_", lambda x: x.clone().squeeze_(), g.randn(2, 1, 3))
g.case("squeeze__dim", lambda x: x.clone().squeeze_(-2), g.randn(2, 1, 3))
g.case("permute", lambda x: x.permute(2, 0, 1), g.randn(2, 3, 4))
g.case("permute_neg", lambda x: x.permute(-1, 0, -2), g.randn(2, 3, 4))
g.case("numpy_T", lambda x: x.permute(2, 1, 0), g.randn(2, 3, 4))
g.case("transpose", lambda x: x.transpose(0, 2), g.randn(2, 3, 4))
g.case("transpose_neg", lambda x: x.transpose(-1, 1), g.randint(0, 9, 2, 3, 4))
g.case("transpose_", lambda x: x.clone().transpose_(0, 1), g.randn(2, 3))
g.case("t", lambda x: x.t(), g.randn(2, 3))
g.case("t_1d", lambda x: x.t(), g.randn(3))
g.case("t_", lambda x: x.clone().t_(), g.randn(3, 2))
g.case("expand", lambda x: x.expand(2, 3, 4), g.randn(3, 1))
g.case("expand_keep", lambda x: x.expand(2, -1, 4), g.randn(3, 1))
g.case("expand_0d", lambda x: x.expand(2, 2), g.randn(()))
g.case("expand_as", lambda x, y: x.expand_as(y), g.randn(1, 3), g.randn(2, 3))
g.case("broadcast_tensors", lambda x, y, z: torch.broadcast_tensors(x, y, z),
       g.randn(2, 1), g.randn(3), g.randn(()))
g.case("detach", lambda x: x.detach(), g.randn(2, 3))

# --- select / slice / narrow / split ------------------------------------
g.case("select", lambda x: x.select(1, 2), g.randn(2, 3, 4))
g.case("select_neg", lambda x: x.select(-1, -4), g.randn(2, 3, 4))
g.case("select_write", written(lambda b: b.select(1, 1).fill_(-5)), g.randn(2, 3))
g.case("slice", lambda x: x[:, 1:3], g.randn(2, 4))
g.case("slice_step", lambda x: x[::2], g.randn(5, 2))
g.case("slice_neg", lambda x: x[:, -3:-1], g.randn(2, 4))
g.case("slice_clamp", lambda x: x[:, -100:100:3], g.randn(2, 7))
g.case("slice_empty", lambda x: x[:, 3:1], g.randn(2, 4))
g.case("slice_write", written(lambda b: b[:, 1::2].fill_(0)), g.randn(3, 5))
g.case("narrow", lambda x: x.narrow(1, 1, 2), g.randn(2, 4))
g.case("narrow_neg", lambda x: x.narrow(0, -2, 2), g.randn(4, 2))
g.case("narrow_tensor", lambda x: x.narrow(1, torch.tensor(2), 2), g.randn(2, 4))
g.case("chunk", lambda x: x.chunk(3), g.randn(5, 2))
g.case("chunk_dim", lambda x: x.chunk(2, 1), g.randn(2, 3))
g.case("chunk_many", lambda x: x.chunk(5, 1), g.randn(2, 3))
g.case("chunk_empty", lambda x: x.chunk(3), g.randn(0, 2))
g.case("split", lambda x: x.split(2), g.randn(5, 2))
g.case("split_dim", lambda x: x.split(2, -1), g.randn(2, 3))
g.case("split_big", lambda x: x.split(10), g.randn(3))
g.case("split_with_sizes", lambda x: x.split([1, 3, 0, 1], 1), g.randn(2, 5))
g.case("unbind", lambda x: x.unbind(), g.randn(3, 2))
g.case("unbind_dim", lambda x: x.unbind(1), g.randint(0, 9, 2, 3))

# --- copies and fills ---------------------------------------------------
g.case("contiguous", lambda x: x.t().contiguous(), g.randn(3, 4))
g.case("clone", lambda x: x.t().clone(), g.randint(-5, 5, 3, 4))
g.case("copy_", lambda x, y: x.clone().copy_(y), g.randn(2, 3), g.randint(-5, 5, 3))
g.case("copy_to_int", lambda x, y: x.clone().copy_(y), g.randint(0, 5, 2, 3), g.randn(2, 3) * 4)
g.case("copy_functional", lambda x, y: torch.ops.aten.copy(x, y), g.randn(2, 3), g.randn(2, 1))
g.case("copy_float", lambda x: torch.ops.aten.copy_(x.clone(), 2.5), g.randint(0, 5, 2, 3))
g.case("fill_", lambda x: x.clone().fill_(2.75), g.randn(2, 3))
g.case("fill_int", lambda x: x.clone().fill_(-3.7), g.randint(0, 5, 2, 3))
g.case("fill_bool", lambda x: x.clone().fill_(2), g.randint(0, 2, 4, dtype=torch.bool))
g.case("fill_tensor", lambda x, v: x.clone().fill_(v), g.randn(2, 3), g.randn(()))
g.case("zero_", lambda x: x.clone().zero_(), g.randn(2, 3, dtype=torch.float64))

# --- cat / stack / repeat -----------------------------------------------
g.case("cat", lambda x, y: torch.cat([x, y]), g.randn(2, 3), g.randn(1, 3))
g.case("cat_dim1", lambda x, y, z: torch.cat([x, y, z], 1), g.randn(2, 1), g.randn(2, 3), g.randn(2, 2))
g.case("cat_neg", lambda x, y: torch.cat([x, y], -1), g.randn(2, 2, 1), g.randn(2, 2, 2))
g.case("cat_promote", lambda x, y: torch.cat([x, y]), g.randint(0, 5, 2, dtype=torch.int32),
       g.randn(3, dtype=torch.float64))
g.case("cat_bool_int", lambda x, y: torch.cat([x, y]), g.randint(0, 2, 2, dtype=torch.bool),
       g.randint(0, 9, 2, dtype=torch.uint8))
g.case("cat_legacy_empty", lambda x, y: torch.cat([x, y, x], 1), g.randn(0), g.randn(2, 3))
g.case("cat_empty_rows", lambda x, y: torch.cat([x, y]), g.randn(0, 3), g.randn(2, 3))
g.case("stack", lambda x, y: torch.stack([x, y]), g.randn(2, 3), g.randn(2, 3))
g.case("stack_last", lambda x, y: torch.stack([x, y], -1), g.randn(2, 3), g.randn(2, 3))
g.case("stack_0d", lambda x, y: torch.stack([x, y]), g.randn(()), g.randint(0, 4))
g.case("repeat", lambda x: x.repeat(2, 1, 2), g.randn(2, 3))
g.case("repeat_same_rank", lambda x: x.repeat(3, 2), g.randint(0, 9, 1, 2))
g.case("repeat_zero", lambda x: x.repeat(2, 0), g.randn(2, 3))
g.case("repeat_0d", lambda x: x.repeat(3), g.randn(()))

# --- roll / flip / tril / triu / sort -----------------------------------
g.case("roll_flat", lambda x: x.roll(2), g.randn(2, 3))
g.case("roll_dim", lambda x: x.roll(1, 1), g.randn(2, 3))
g.case("roll_neg_big", lambda x: x.roll(-7, 0), g.randn(3, 2))
g.case("roll_multi", lambda x: x.roll((1, -1), (0, 1)), g.randint(0, 9, 3, 4))
g.case("flip", lambda x: x.flip(0), g.randn(3, 2))
g.case("flip_multi", lambda x: x.flip((0, -1)), g.randn(2, 3, 4))
g.case("flip_int", lambda x: x.flip(1), g.randint(0, 9, 2, 3))
g.case("tril", lambda x: x.tril(), g.randn(3, 4))
g.case("tril_diag", lambda x: x.tril(1), g.randn(4, 3))
g.case("triu", lambda x: x.triu(), g.randn(3, 4))
g.case("triu_neg_batched", lambda x: x.triu(-1), g.randn(2, 3, 3))
g.case("tril_bool", lambda x: x.tril(-1), g.randint(0, 2, 3, 3, dtype=torch.bool))
g.case("tril_", lambda x: x.clone().tril_(), g.randint(1, 9, 3, 3))
g.case("sort", lambda x: x.sort(), g.randn(3, 4))
g.case("sort_desc_dim0", lambda x: x.sort(0, True), g.randn(3, 4))
g.case("sort_stable_dups", lambda x: x.sort(stable=True, descending=True), g.randint(0, 3, 2, 8))
g.case("sort_nan", lambda x: x.sort(), torch.tensor([3., float("nan"), -1., float("inf"), float("nan"), 0.]))
g.case("sort_nan_desc", lambda x: x.sort(descending=True),
       torch.tensor([3., float("nan"), -1., float("inf"), float("nan"), 0.]))
g.case("sort_bool", lambda x: x.sort(), g.randint(0, 2, 6, dtype=torch.bool))
g.case("sort_0d", lambda x: x.sort(), g.randn(()))

# --- index_select / index / index_put -----------------------------------
g.case("index_select", lambda x, i: x.index_select(0, i), g.randn(4, 3), ints(3, 0, 3))
g.case("index_select_dim1", lambda x, i: x.index_select(1, i), g.randn(2, 4), ints(1, 2, dtype=torch.int32))
g.case("index_select_0d_index", lambda x, i: x.index_select(1, i), g.randn(2, 4), ints(2).view(()))
g.case("index_select_empty", lambda x, i: x.index_select(0, i), g.randn(3, 2), ints())
g.case("index", lambda x, i: x[i], g.randn(4, 3), ints(2, 0, -1))
g.case("index_2d_index", lambda x, i: x[i], g.randn(4, 3), torch.tensor([[0, 1], [3, 3]]))
g.case("index_pair", lambda x, i, j: x[i, j], g.randn(3, 4), ints(0, 2, 1), ints(3, 0, -2))
g.case("index_broadcast", lambda x, i, j: x[i, j], g.randn(3, 4), torch.tensor([[0], [2]]), ints(1, 3))
g.case("index_none_first", lambda x, i: x[:, i], g.randn(2, 4, 3), ints(3, 1))
g.case("index_non_adjacent", lambda x, i, j: x[i, :, j], g.randn(2, 3, 4), ints(1, 0), ints(3, 2))
g.case("index_adjacent_mid", lambda x, i, j: x[:, i, j], g.randn(2, 3, 4), ints(1, 0, 2), ints(3, 2, 0))
g.case("index_mask", lambda x, m: x[m], g.randn(2, 3), g.randint(0, 2, 2, 3, dtype=torch.bool))
g.case("index_mask_rows", lambda x, m: x[m], g.randn(4, 2), ints(1, 0, 1, 1, dtype=torch.bool))
g.case("index_mask_uint8", lambda x, m: torch.ops.aten.index(x, [m]), g.randn(3, 2), ints(0, 1, 1, dtype=torch.uint8))
g.case("index_mask_and_int", lambda x, m, i: x[m, i], g.randn(3, 4), ints(1, 0, 1, dtype=torch.bool), ints(0, 3))
g.case("index_0d_index", lambda x, i: x[i], g.randn(3, 2), ints(1).view(()))
g.case("index_int64_values", lambda x, i: x[:, i], g.randint(0, 99, 2, 3), ints(2, 2))
g.case("index_empty", lambda x, i: x[i], g.randn(3, 2), ints())
g.case("index_put", lambda x, i, v: torch.ops.aten.index_put(x, [i], v), g.randn(4, 2), ints(3, 0), g.randn(2, 2))
g.case("index_put_broadcast", lambda x, i, v: torch.ops.aten.index_put(x, [None, i], v),
       g.randn(2, 4), ints(1, 3), g.randn(2, 1))
g.case("index_put_scalar_value", lambda x, i, j, v: torch.ops.aten.index_put(x, [i, j], v),
       g.randn(3, 3), ints(0, 2), ints(-1, 1), g.randn(()))
g.case("index_put_accumulate", lambda x, i, v: torch.ops.aten.index_put(x, [i], v, True),
       g.randn(3), ints(0, 2, 0, 0), g.randn(4))
g.case("index_put_duplicates", lambda x, i, v: torch.ops.aten.index_put(x, [i], v),
       g.randint(0, 9, 3), ints(1, 1, 1), ints(4, 5, 6))
g.case("index_put_mask", lambda x, m, v: torch.ops.aten.index_put(x, [m], v),
       g.randn(2, 3), g.randint(0, 2, 2, 3, dtype=torch.bool), g.randn(()))
g.case("index_put_", lambda x, i, v: x.clone().index_put_((i,), v), g.randn(3, 2), ints(2), g.randn(2))

# --- gather / scatter ---------------------------------------------------
g.case("gather", lambda x, i: x.gather(1, i), g.randn(3, 4), torch.tensor([[0, 3], [1, 1], [2, 0]]))
g.case("gather_dim0", lambda x, i: x.gather(0, i), g.randn(3, 4), torch.tensor([[2, 0, 1, 1]]))
g.case("gather_smaller", lambda x, i: x.gather(1, i), g.randint(0, 99, 3, 4), torch.tensor([[3], [0]]))
g.case("gather_0d", lambda x, i: x.gather(0, i), g.randn(()), ints(0, 0))
g.case("scatter", lambda x, i, s: x.scatter(1, i, s), g.randn(2, 4), torch.tensor([[3, 0], [1, 2]]), g.randn(2, 3))
g.case("scatter_dim0", lambda x, i, s: x.scatter(0, i, s), g.randn(3, 2), torch.tensor([[2, 0]]), g.randn(1, 2))
g.case("scatter_value", lambda x, i: x.scatter(1, i, 9.5), g.randn(2, 4), torch.tensor([[3], [0]]))
g.case("scatter_value_int", lambda x, i: x.scatter(1, i, 7.9), g.randint(0, 5, 2, 3), torch.tensor([[2], [0]]))
g.case("scatter_add_reduce", lambda x, i, s: x.scatter(0, i, s, reduce="add"),
       g.randn(3), ints(0, 0, 2), g.randn(3))
g.case("scatter_multiply", lambda x, i: x.scatter(0, i, 3.0, reduce="multiply"), g.randn(3), ints(1, 1))
g.case("scatter_", lambda x, i, s: x.clone().scatter_(1, i, s), g.randn(2, 3), torch.tensor([[2], [1]]), g.randn(2, 1))
g.case("scatter_add", lambda x, i, s: x.scatter_add(1, i, s), g.randn(2, 3),
       torch.tensor([[0, 0, 2], [1, 1, 1]]), g.randn(2, 3))
g.case("scatter_add_int", lambda x, i, s: x.scatter_add(0, i, s), g.randint(0, 9, 4), ints(3, 3, 0), g.randint(0, 9, 3))
g.case("scatter_add_", lambda x, i, s: x.clone().scatter_add_(0, i, s), g.randn(2, 2),
       torch.tensor([[1, 1], [1, 0]]), g.randn(2, 2))
for reduce in ["sum", "prod", "mean", "amax", "amin"]:
    for include in [True, False]:
        g.case(f"scatter_reduce_{reduce}_{'self' if include else 'noself'}",
               lambda x, i, s, r=reduce, inc=include: x.scatter_reduce(1, i, s, r, include_self=inc),
               g.randn(2, 4), torch.tensor([[0, 0, 3], [2, 1, 2]]), g.randn(2, 3))
g.case("scatter_reduce_mean_int", lambda x, i, s: x.scatter_reduce(0, i, s, "mean"),
       g.randint(-9, 9, 3), ints(0, 0, 1), g.randint(-9, 9, 3))

# --- masks --------------------------------------------------------------
g.case("masked_fill", lambda x, m: x.masked_fill(m, -1.5), g.randn(2, 3), g.randint(0, 2, 2, 3, dtype=torch.bool))
g.case("masked_fill_broadcast", lambda x, m: x.masked_fill(m, 4), g.randn(2, 3), g.randint(0, 2, 3, 1, 3, dtype=torch.bool))
g.case("masked_fill_tensor", lambda x, m, v: x.masked_fill(m, v), g.randn(2, 3),
       g.randint(0, 2, 3, dtype=torch.bool), g.randn(()))
g.case("masked_fill_int", lambda x, m: x.masked_fill(m, 7.9), g.randint(0, 5, 4), ints(1, 0, 0, 1, dtype=torch.bool))
g.case("masked_fill_uint8_mask", lambda x, m: x.masked_fill(m, 0.), g.randn(3), ints(1, 0, 1, dtype=torch.uint8))
g.case("masked_fill_", lambda x, m: x.clone().masked_fill_(m, 2), g.randn(2, 3), g.randint(0, 2, 3, dtype=torch.bool))
g.case("masked_select", lambda x, m: x.masked_select(m), g.randn(2, 3), g.randint(0, 2, 2, 3, dtype=torch.bool))
g.case("masked_select_broadcast", lambda x, m: x.masked_select(m), g.randn(2, 3),
       g.randint(0, 2, 2, 1, 3, dtype=torch.bool))
g.case("masked_scatter", lambda x, m, s: x.masked_scatter(m, s), g.randn(2, 3),
       g.randint(0, 2, 2, 3, dtype=torch.bool), g.randn(8))
g.case("masked_scatter_broadcast", lambda x, m, s: x.masked_scatter(m, s), g.randn(2, 3),
       ints(1, 0, 1, dtype=torch.bool), g.randn(4))

# --- embedding ----------------------------------------------------------
g.case("embedding", lambda w, i: torch.embedding(w, i), g.randn(5, 3), torch.tensor([[0, 4], [2, 2]]))
g.case("embedding_int32", lambda w, i: torch.embedding(w, i, 1), g.randn(4, 2), ints(3, 1, dtype=torch.int32))
g.case("embedding_0d", lambda w, i: torch.embedding(w, i), g.randn(4, 2), ints(3).view(()))


# --- Through the interpreter (a hand-written graph of the same steps) ----
def pipeline(x, i):
    v = x.view(3, 4)
    a, b = torch.split(v.t()[i], [1, 2], 1)
    s, idx = torch.sort(b, 0, True)
    return torch.cat([s, a], 1), idx, v[:, i]


g.case("pipeline", pipeline, g.randn(12), ints(3, 0, 2))

# --- Added later (at the end, so that earlier inputs keep their values) --
g.case("index_non_adjacent_later", lambda x, i, j: x[:, i, :, j], g.randn(2, 3, 2, 3), ints(1, 0), ints(2, 2))


def strides(t):
    return torch.tensor(t.stride(), dtype=torch.int64)


# Layouts: clone's preserve_format keeps a dense tensor's strides and the
# dimension order of others; contiguous() to channels_last.
g.case("clone_strides_transposed", lambda x: strides(x.t().clone()), g.randn(2, 3))
g.case("clone_strides_contiguous_format",
       lambda x: strides(x.t().clone(memory_format=torch.contiguous_format)), g.randn(2, 3))
g.case("clone_strides_sliced", lambda x: strides(x[:, ::2].clone()), g.randn(2, 6))
g.case("clone_strides_permuted_slice", lambda x: strides(x[:, :, ::2].permute(0, 2, 3, 1).clone()),
       g.randn(2, 3, 4, 5))
g.case("clone_strides_expanded", lambda x: strides(x.expand(3, 2, 4).permute(2, 0, 1).clone()), g.randn(2, 1))
g.case("contiguous_channels_last_strides",
       lambda x: strides(x.contiguous(memory_format=torch.channels_last)), g.randn(1, 2, 3, 4))
g.save()
