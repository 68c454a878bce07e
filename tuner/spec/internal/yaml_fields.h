// Typed, path-aware reading of yaml-cpp nodes, for the spec parser only.
//
// Every error is InvalidArgument with a message that starts with the path of
// the field ("hyperparameter_ranges.lr.min: ..."), so a user can find it.
// Numbers must be plain YAML scalars: a quoted "0.2" is a string, and so is
// a bool where a number goes. None of these functions throws (reading nodes
// that the parser already built does not throw in yaml-cpp 0.7).
// Paths and keys are absl::string_view: Debian's Abseil has its own
// string_view type, and absl::StrCat does not take a std::string_view.
// Stateless; safe to call from any thread on nodes not shared between them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "yaml-cpp/yaml.h"

namespace tune::spec::internal {

// "a" + "b" gives "a.b", "" + "b" gives "b". The key is C-escaped, so odd
// characters in a user's key cannot garble the message.
std::string ChildPath(absl::string_view parent, absl::string_view key);
// "a" + 1 gives "a[1]".
std::string IndexPath(absl::string_view parent, size_t index);

// InvalidArgument "<path>: <message>"; the empty path (the whole document)
// reads "spec".
absl::Status FieldError(absl::string_view path, absl::string_view message);

struct MapEntry {
  std::string key;
  YAML::Node value;
};

// The entries of a map in document order. Errors: the node is not a map, a
// key is not a scalar, or a key is repeated (yaml-cpp 0.7 keeps repeated keys
// silently, so this is where they are caught).
absl::StatusOr<std::vector<MapEntry>> ReadMap(const YAML::Node& node,
                                              absl::string_view path);

// Errors naming the first key that is not in `allowed`, listing the allowed.
absl::Status CheckKeys(const std::vector<MapEntry>& entries,
                       absl::string_view path,
                       std::initializer_list<absl::string_view> allowed);

// The value of `key`, or nullptr when the map has no such key.
const YAML::Node* FindKey(const std::vector<MapEntry>& entries,
                          absl::string_view key);

// The items of a list. Errors: the node is not a list.
absl::StatusOr<std::vector<YAML::Node>> ReadList(const YAML::Node& node,
                                                 absl::string_view path);

// A scalar as the text written (plain or quoted). Errors: null, a list or a
// map.
absl::StatusOr<std::string> ReadString(const YAML::Node& node,
                                       absl::string_view path);

// A scalar as the text written, where a list or a map makes no sense; `what`
// names what belongs there ("must be a string, not a map"). Errors: as
// ReadString.
absl::StatusOr<std::string> ReadScalar(const YAML::Node& node,
                                       absl::string_view path,
                                       absl::string_view what);

// A string that must be one of `choices` (case-sensitive); gives its index.
// Errors: as ReadString, or another string (the message lists the choices).
absl::StatusOr<size_t> ReadChoice(
    const YAML::Node& node, absl::string_view path,
    std::initializer_list<absl::string_view> choices);

// A finite number. Errors: not a plain scalar, a bool, text that is not a
// decimal number, infinities and NaN, values that overflow a double.
absl::StatusOr<double> ReadNumber(const YAML::Node& node,
                                  absl::string_view path);

// An integer written in decimal digits. Errors: as ReadNumber, plus a number
// with a fraction or exponent ("2.5", "2.0", "1e3") and values outside
// int64_t.
absl::StatusOr<int64_t> ReadInteger(const YAML::Node& node,
                                    absl::string_view path);

// An integer in [lo, hi]; `bounds` words the interval for the message
// ("must be between 1 and 100000 (got 0)"). Errors: as ReadInteger, or a
// value outside [lo, hi].
absl::StatusOr<int64_t> ReadIntegerIn(const YAML::Node& node,
                                      absl::string_view path, int64_t lo,
                                      int64_t hi, absl::string_view bounds);

}  // namespace tune::spec::internal
