// The status-return pair for the spec parser's internals.
//
//   TUNE_SPEC_RETURN_IF_ERROR(CheckSomething());
//   TUNE_SPEC_ASSIGN_OR_RETURN(double min, ReadNumber(node, path));
//
// Both return the failed status from the enclosing function. Stateless.
#pragma once

#include <utility>

#include "absl/status/status.h"

#define TUNE_SPEC_RETURN_IF_ERROR(expr)                 \
  do {                                                  \
    if (absl::Status status_ = (expr); !status_.ok()) { \
      return status_;                                   \
    }                                                   \
  } while (false)

#define TUNE_SPEC_CONCAT_IMPL_(a, b) a##b
#define TUNE_SPEC_CONCAT_(a, b) TUNE_SPEC_CONCAT_IMPL_(a, b)
#define TUNE_SPEC_ASSIGN_OR_RETURN(lhs, expr)                               \
  TUNE_SPEC_ASSIGN_OR_RETURN_IMPL_(TUNE_SPEC_CONCAT_(status_or_, __LINE__), \
                                   lhs, expr)
#define TUNE_SPEC_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                     \
  if (!tmp.ok()) return tmp.status();                    \
  lhs = std::move(*tmp)
