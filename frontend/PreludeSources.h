//===- PreludeSources.h - The prelude's script texts ------------*- C++ -*-===//
//
// The texts of frontend/prelude/**.py, compiled into the library by
// cmake/EmbedPrelude.cmake. Private to the frontend; Prelude parses them.
//
//===----------------------------------------------------------------------===//
#ifndef KILN_FRONTEND_PRELUDESOURCES_H
#define KILN_FRONTEND_PRELUDESOURCES_H

#include <span>

namespace kiln {

struct PreludeSource {
  /// Relative to frontend/prelude: "torch/nn/modules/linear.py", which
  /// defines the Python module torch.nn.modules.linear.
  const char *path;
  const char *text;
};

/// Every prelude file, sorted by path.
std::span<const PreludeSource> preludeSources();

} // namespace kiln

#endif // KILN_FRONTEND_PRELUDESOURCES_H
