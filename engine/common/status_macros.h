// Small helpers for absl::Status propagation. abseil 20220623 (Debian 12) ships
// no RETURN_IF_ERROR / ASSIGN_OR_RETURN, so the engine defines its own here.
#pragma once

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

#define BF_CONCAT_INNER_(a, b) a##b
#define BF_CONCAT_(a, b) BF_CONCAT_INNER_(a, b)

// Returns from the enclosing function when `expr` yields a non-OK status.
#define BF_RETURN_IF_ERROR(expr)                  \
  do {                                            \
    ::absl::Status bf_status_ = (expr);           \
    if (!bf_status_.ok()) return bf_status_;      \
  } while (0)

// `BF_ASSIGN_OR_RETURN(auto x, MakeX());` binds the value or returns the error.
#define BF_ASSIGN_OR_RETURN(lhs, expr) \
  BF_ASSIGN_OR_RETURN_IMPL_(BF_CONCAT_(bf_statusor_, __LINE__), lhs, expr)
#define BF_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return std::move(tmp).status();  \
  lhs = std::move(tmp).value()

namespace beatframe {

// Returns `status` with `context` prepended to its message, keeping the code.
inline absl::Status Annotate(const absl::Status& status, absl::string_view context) {
  if (status.ok()) return status;
  return absl::Status(status.code(), absl::StrCat(context, ": ", status.message()));
}

}  // namespace beatframe
