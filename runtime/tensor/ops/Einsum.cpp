//===- Einsum.cpp - torch.einsum ------------------------------------------===//
//
// An equation names each operand dimension with a subscript (a letter, or a
// position inside "..."). The kernel
//   1. parses the equation and gives every subscript a label number,
//   2. takes diagonals where an operand repeats a label,
//   3. contracts the operands left to right: labels of one operand that
//      nothing later needs are summed out first, then the pair becomes one
//      batched matrix product [batch, left, summed] @ [batch, summed, right],
//   4. sums what is left over and orders the result as the output asks.
// Labels of size 1 broadcast against the other operands' sizes, as in
// PyTorch.
//
//===----------------------------------------------------------------------===//
#include "runtime/tensor/ops/LinearAlgebra.h"

#include "runtime/tensor/Dispatch.h"
#include "runtime/tensor/Reduction.h"
#include "runtime/tensor/ops/StridedViews.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <type_traits>

namespace kiln::ops {

namespace {

constexpr std::string_view kOp = "aten::einsum";
/// Letters are labels 0-51 ('A'-'Z' then 'a'-'z', the order of an implicit
/// output); dimension i of the ellipsis is label kEllipsisLabel + i.
constexpr int64_t kEllipsisLabel = 52;

using Labels = std::vector<int64_t>;

int64_t letterLabel(char c) {
  return std::isupper(static_cast<unsigned char>(c)) ? c - 'A' : 26 + c - 'a';
}

std::string labelName(int64_t label) {
  if (label >= kEllipsisLabel)
    return "... dimension " + std::to_string(label - kEllipsisLabel);
  return std::string(1,
                     label < 26 ? char('A' + label) : char('a' + label - 26));
}

/// One side of the equation as written: letters in order, and where the
/// ellipsis stands (-1 if absent).
struct Term {
  std::vector<int64_t> letters;
  int64_t ellipsisAt = -1;
};

Term parseTerm(std::string_view equation, std::string_view text) {
  Term term;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      KILN_USER_CHECK(term.ellipsisAt < 0 && text.substr(i, 3) == "...", kOp,
                      ": an operand may contain one '...', in the equation '",
                      equation, "'");
      term.ellipsisAt = static_cast<int64_t>(term.letters.size());
      i += 2;
      continue;
    }
    KILN_USER_CHECK(std::isalpha(static_cast<unsigned char>(c)), kOp,
                    ": invalid subscript '", c, "' in the equation '", equation,
                    "'; subscripts must be in [a-zA-Z]");
    term.letters.push_back(letterLabel(c));
  }
  return term;
}

/// The labels of a term whose operand has `rank` dimensions, of which the
/// ellipsis covers the last `ellipsisRank` of the `maxEllipsis` ellipsis
/// labels (ellipsis dimensions align to the right, as broadcasting does).
Labels labelsOf(const Term &term, int64_t ellipsisRank, int64_t maxEllipsis) {
  Labels labels;
  for (size_t i = 0; i <= term.letters.size(); ++i) {
    if (static_cast<int64_t>(i) == term.ellipsisAt)
      for (int64_t e = maxEllipsis - ellipsisRank; e < maxEllipsis; ++e)
        labels.push_back(kEllipsisLabel + e);
    if (i < term.letters.size())
      labels.push_back(term.letters[i]);
  }
  return labels;
}

bool contains(const Labels &labels, int64_t label) {
  return std::find(labels.begin(), labels.end(), label) != labels.end();
}

/// An operand with one dimension per label.
struct Operand {
  Tensor tensor;
  Labels labels;
};

/// Merges the dimensions of a repeated label into one (the diagonal).
Operand takeDiagonals(const Tensor &t, const Labels &labels, size_t index) {
  Labels unique;
  std::vector<int64_t> sizes, strides;
  for (int64_t d = 0; d < t.dim(); ++d) {
    auto seen = std::find(unique.begin(), unique.end(), labels[d]);
    if (seen == unique.end()) {
      unique.push_back(labels[d]);
      sizes.push_back(t.size(d));
      strides.push_back(t.stride(d));
      continue;
    }
    size_t at = seen - unique.begin();
    KILN_USER_CHECK(sizes[at] == t.size(d), kOp, ": subscript ",
                    labelName(labels[d]), " is repeated for operand ", index,
                    " but the sizes don't match, ", sizes[at],
                    " != ", t.size(d));
    strides[at] += t.stride(d);
  }
  return {t.asStrided(sizes, strides, t.storageOffset()), unique};
}

/// The operand summed over the labels not in `keep`.
Operand sumOut(const Operand &x, const Labels &keep) {
  std::vector<int64_t> dims;
  Labels kept;
  for (size_t d = 0; d < x.labels.size(); ++d) {
    if (contains(keep, x.labels[d]))
      kept.push_back(x.labels[d]);
    else
      dims.push_back(static_cast<int64_t>(d));
  }
  if (dims.empty())
    return x;
  ReductionShape rs = reductionShape(kOp, x.tensor, dims, false);
  Tensor out = Tensor::empty(rs.outSizes, x.tensor.dtype());
  dispatchNumeric(x.tensor.dtype(), kOp, [&]<typename T>() {
    using Acc =
        std::conditional_t<std::is_floating_point_v<T>, double, int64_t>;
    reduceInto<Acc, T, T>(
        out, x.tensor, rs, [] { return Acc(0); },
        [](Acc &acc, T v, int64_t) { acc += static_cast<Acc>(v); },
        [](Acc acc, int64_t) { return static_cast<T>(acc); });
  });
  return {out, kept};
}

/// `x` arranged as [groups[0]..., groups[1]..., groups[2]...] (labels it
/// lacks never occur) with each label at `sizeOf(label)` (size-1 dimensions
/// broadcast), copied contiguous and folded to one dimension per group.
template <typename SizeOf>
Tensor foldGroups(const Operand &x, const std::array<Labels, 3> &groups,
                  const SizeOf &sizeOf) {
  std::vector<int64_t> sizes, strides, folded;
  for (const Labels &group : groups) {
    int64_t count = 1;
    for (int64_t label : group) {
      size_t d =
          std::find(x.labels.begin(), x.labels.end(), label) - x.labels.begin();
      int64_t size = sizeOf(label);
      sizes.push_back(size);
      strides.push_back(x.tensor.size(d) == size ? x.tensor.stride(d) : 0);
      count *= size;
    }
    folded.push_back(count);
  }
  Tensor arranged =
      x.tensor.asStrided(sizes, strides, x.tensor.storageOffset()).contiguous();
  return views::reshapeContiguous(arranged, folded);
}

/// The product of `a` and `b` summed over their shared labels not in
/// `keep`; labels of one operand only must all be in `keep`.
Operand contract(const Operand &a, const Operand &b, const Labels &keep) {
  Labels batch, summed, left, right;
  for (int64_t label : a.labels) {
    if (!contains(b.labels, label))
      left.push_back(label);
    else if (contains(keep, label))
      batch.push_back(label);
    else
      summed.push_back(label);
  }
  for (int64_t label : b.labels)
    if (!contains(a.labels, label))
      right.push_back(label);
  auto sizeOf = [&](int64_t label) {
    int64_t size = 1;
    for (const Operand *x : {&a, &b})
      for (size_t d = 0; d < x->labels.size(); ++d)
        if (x->labels[d] == label)
          size = std::max(size, x->tensor.size(d));
    return size;
  };
  Tensor product = bmm(foldGroups(a, {batch, left, summed}, sizeOf),
                       foldGroups(b, {batch, summed, right}, sizeOf));
  Operand result;
  result.labels = batch;
  result.labels.insert(result.labels.end(), left.begin(), left.end());
  result.labels.insert(result.labels.end(), right.begin(), right.end());
  std::vector<int64_t> sizes;
  for (int64_t label : result.labels)
    sizes.push_back(sizeOf(label));
  result.tensor = views::reshapeContiguous(product, sizes);
  return result;
}

} // namespace

Tensor einsum(std::string_view equation, std::span<const Tensor> tensors) {
  std::string eq;
  for (char c : equation)
    if (c != ' ')
      eq.push_back(c);
  size_t arrow = eq.find("->");
  std::string_view lhs = std::string_view(eq).substr(0, arrow);

  std::vector<Term> terms;
  for (size_t start = 0;;) {
    size_t comma = lhs.find(',', start);
    terms.push_back(parseTerm(equation, lhs.substr(start, comma - start)));
    if (comma == std::string_view::npos)
      break;
    start = comma + 1;
  }
  KILN_USER_CHECK(terms.size() == tensors.size(), kOp, ": the equation '",
                  equation, "' has ", terms.size(), " operand(s) but ",
                  tensors.size(), " tensor(s) were given");
  for (size_t i = 1; i < tensors.size(); ++i)
    KILN_USER_CHECK(tensors[i].dtype() == tensors[0].dtype(), kOp,
                    ": expected operands of one dtype, but got ",
                    scalarTypeName(tensors[0].dtype()), " and ",
                    scalarTypeName(tensors[i].dtype()));
  dispatchNumeric(tensors[0].dtype(), kOp, []<typename T>() {});

  // Label every dimension of every operand.
  int64_t maxEllipsis = 0;
  std::vector<int64_t> ellipsisRanks;
  for (size_t i = 0; i < terms.size(); ++i) {
    int64_t letters = static_cast<int64_t>(terms[i].letters.size());
    int64_t rank = tensors[i].dim();
    bool fits = terms[i].ellipsisAt >= 0 ? letters <= rank : letters == rank;
    KILN_USER_CHECK(fits, kOp, ": the subscripts of operand ", i, " name ",
                    letters, " dimension(s), but the operand has shape ",
                    tensors[i].shapeString());
    ellipsisRanks.push_back(rank - letters);
    maxEllipsis = std::max(maxEllipsis, rank - letters);
  }
  // How often each label is written (an implicit output keeps those
  // written once).
  std::vector<int> uses(kEllipsisLabel + maxEllipsis, 0);
  std::vector<Operand> operands;
  for (size_t i = 0; i < terms.size(); ++i) {
    Labels labels = labelsOf(terms[i], ellipsisRanks[i], maxEllipsis);
    for (int64_t label : labels)
      ++uses[label];
    operands.push_back(takeDiagonals(tensors[i], labels, i));
  }

  // Sizes must agree up to broadcasting of size 1.
  std::vector<int64_t> labelSize(uses.size(), -1);
  for (size_t i = 0; i < operands.size(); ++i) {
    for (size_t d = 0; d < operands[i].labels.size(); ++d) {
      int64_t label = operands[i].labels[d];
      int64_t size = operands[i].tensor.size(d);
      int64_t &known = labelSize[label];
      KILN_USER_CHECK(
          known < 0 || known == size || known == 1 || size == 1, kOp,
          ": subscript ", labelName(label), " has size ", size, " for operand ",
          i, " which does not broadcast with previously seen size ", known);
      known = std::max(known, size);
    }
  }

  Labels output;
  if (arrow == std::string::npos) {
    // Implicit output: the ellipsis, then the letters used once, sorted.
    for (int64_t e = 0; e < maxEllipsis; ++e)
      output.push_back(kEllipsisLabel + e);
    for (int64_t label = 0; label < kEllipsisLabel; ++label)
      if (uses[label] == 1)
        output.push_back(label);
  } else {
    Term out = parseTerm(equation, std::string_view(eq).substr(arrow + 2));
    for (int64_t label : labelsOf(out, maxEllipsis, maxEllipsis)) {
      KILN_USER_CHECK(uses[label] > 0, kOp, ": output subscript ",
                      labelName(label),
                      " does not appear in the equation for any input "
                      "operand");
      KILN_USER_CHECK(!contains(output, label), kOp, ": output subscript ",
                      labelName(label),
                      " appears more than once in the output");
      output.push_back(label);
    }
    // Ellipsis dimensions the output omits are summed, as in PyTorch.
  }

  // Contract left to right, keeping what the output or a later operand needs.
  auto needed = [&](size_t after) {
    Labels keep = output;
    for (size_t j = after; j < operands.size(); ++j)
      keep.insert(keep.end(), operands[j].labels.begin(),
                  operands[j].labels.end());
    return keep;
  };
  Operand result = sumOut(operands[0], needed(1));
  for (size_t i = 1; i < operands.size(); ++i) {
    Labels keep = needed(i + 1);
    Labels keepB = keep;
    keepB.insert(keepB.end(), result.labels.begin(), result.labels.end());
    Operand next = sumOut(operands[i], keepB);
    Labels keepA = keep;
    keepA.insert(keepA.end(), next.labels.begin(), next.labels.end());
    result = contract(sumOut(result, keepA), next, keep);
  }
  result = sumOut(result, output);

  // Order (and broadcast) the result as the output names it.
  std::vector<int64_t> sizes, strides;
  for (int64_t label : output) {
    size_t d = std::find(result.labels.begin(), result.labels.end(), label) -
               result.labels.begin();
    sizes.push_back(labelSize[label]);
    strides.push_back(result.tensor.size(d) == labelSize[label]
                          ? result.tensor.stride(d)
                          : 0);
  }
  Tensor out =
      result.tensor.asStrided(sizes, strides, result.tensor.storageOffset());
  // einsum does not alias its operands: copy a plain view of one.
  for (const Tensor &t : tensors)
    if (out.storage().get() == t.storage().get())
      return out.clone();
  return out.contiguous();
}

} // namespace kiln::ops
