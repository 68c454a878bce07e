#include "tuner/spec/internal/yaml_fields.h"

#include <charconv>
#include <cmath>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tune::spec::internal {
namespace {

constexpr absl::string_view kIntTag = "tag:yaml.org,2002:int";
constexpr absl::string_view kFloatTag = "tag:yaml.org,2002:float";

// What a node is, for "must be X, not Y" messages.
std::string KindOf(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Scalar:
      return absl::StrCat("'", absl::CEscape(node.Scalar()), "'");
    default:
      return "no value";
  }
}

// A scalar that YAML reads as a number: plain, or tagged !!int / !!float.
bool IsPlainScalar(const YAML::Node& node) {
  const std::string& tag = node.Tag();
  return tag == "?" || tag == kIntTag || tag == kFloatTag;
}

bool IsBoolLiteral(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(text);
  for (absl::string_view b :
       {"true", "false", "yes", "no", "on", "off", "y", "n"}) {
    if (lower == b) return true;
  }
  return false;
}

bool IsNonFiniteLiteral(absl::string_view text) {
  if (!text.empty() && (text[0] == '+' || text[0] == '-'))
    text.remove_prefix(1);
  const std::string lower = absl::AsciiStrToLower(text);
  for (absl::string_view s : {".inf", "inf", "infinity", ".nan", "nan"}) {
    if (lower == s) return true;
  }
  return false;
}

// The scalar text of a node that must hold a number, or the error for it.
absl::StatusOr<absl::string_view> NumberText(const YAML::Node& node,
                                             absl::string_view path,
                                             absl::string_view what) {
  if (!node.IsDefined() || node.IsNull())
    return FieldError(path, "has no value");
  if (!node.IsScalar()) {
    return FieldError(path,
                      absl::StrCat("must be ", what, ", not ", KindOf(node)));
  }
  absl::string_view text = node.Scalar();
  if (!IsPlainScalar(node)) {
    return FieldError(path,
                      absl::StrCat("must be ", what, ", not a quoted string (",
                                   KindOf(node), ")"));
  }
  if (IsBoolLiteral(text)) {
    return FieldError(path, absl::StrCat("must be ", what, ", not a bool (",
                                         KindOf(node), ")"));
  }
  if (IsNonFiniteLiteral(text)) {
    return FieldError(
        path, absl::StrCat("must be a finite number, not ", KindOf(node)));
  }
  // std::from_chars takes no leading '+'; YAML allows one.
  if (text.size() > 1 && text[0] == '+' && text[1] != '-' && text[1] != '+') {
    text.remove_prefix(1);
  }
  return text;
}

}  // namespace

std::string ChildPath(absl::string_view parent, absl::string_view key) {
  std::string escaped = absl::CEscape(key);
  if (escaped.size() > 80) escaped = absl::StrCat(escaped.substr(0, 80), "...");
  if (parent.empty()) return escaped;
  return absl::StrCat(parent, ".", escaped);
}

std::string IndexPath(absl::string_view parent, size_t index) {
  return absl::StrCat(parent, "[", index, "]");
}

absl::Status FieldError(absl::string_view path, absl::string_view message) {
  return absl::InvalidArgumentError(
      absl::StrCat(path.empty() ? "spec" : path, ": ", message));
}

absl::StatusOr<std::vector<MapEntry>> ReadMap(const YAML::Node& node,
                                              absl::string_view path) {
  if (!node.IsDefined() || node.IsNull())
    return FieldError(path, "has no value");
  if (!node.IsMap()) {
    return FieldError(
        path, absl::StrCat("must be a map of fields, not ", KindOf(node)));
  }
  std::vector<MapEntry> entries;
  for (auto it = node.begin(); it != node.end(); ++it) {
    // Copies: the iterator hands out a temporary proxy, so a reference into
    // it->first would dangle.
    const YAML::Node key = it->first;
    const YAML::Node value = it->second;
    if (!key.IsScalar()) {
      return FieldError(
          path, absl::StrCat("has a key that is not a string (", KindOf(key),
                             ", line ", key.Mark().line + 1, ")"));
    }
    for (const MapEntry& earlier : entries) {
      if (earlier.key == key.Scalar()) {
        return FieldError(
            ChildPath(path, key.Scalar()),
            absl::StrCat("duplicate key (line ", key.Mark().line + 1, ")"));
      }
    }
    entries.push_back({key.Scalar(), value});
  }
  return entries;
}

absl::Status CheckKeys(const std::vector<MapEntry>& entries,
                       absl::string_view path,
                       std::initializer_list<absl::string_view> allowed) {
  for (const MapEntry& entry : entries) {
    bool known = false;
    for (absl::string_view a : allowed) known = known || entry.key == a;
    if (!known) {
      return FieldError(ChildPath(path, entry.key),
                        absl::StrCat("unknown key (expected one of: ",
                                     absl::StrJoin(allowed, ", "), ")"));
    }
  }
  return absl::OkStatus();
}

const YAML::Node* FindKey(const std::vector<MapEntry>& entries,
                          absl::string_view key) {
  for (const MapEntry& entry : entries) {
    if (entry.key == key) return &entry.value;
  }
  return nullptr;
}

absl::StatusOr<std::vector<YAML::Node>> ReadList(const YAML::Node& node,
                                                 absl::string_view path) {
  if (!node.IsDefined() || node.IsNull())
    return FieldError(path, "has no value");
  if (!node.IsSequence()) {
    return FieldError(path, absl::StrCat("must be a list, not ", KindOf(node)));
  }
  std::vector<YAML::Node> items;
  for (auto it = node.begin(); it != node.end(); ++it) items.push_back(*it);
  return items;
}

absl::StatusOr<std::string> ReadString(const YAML::Node& node,
                                       absl::string_view path) {
  if (!node.IsDefined() || node.IsNull())
    return FieldError(path, "has no value");
  if (!node.IsScalar()) {
    return FieldError(path,
                      absl::StrCat("must be a string, not ", KindOf(node)));
  }
  return node.Scalar();
}

absl::StatusOr<std::string> ReadScalar(const YAML::Node& node,
                                       absl::string_view path,
                                       absl::string_view what) {
  if (node.IsSequence() || node.IsMap()) {
    return FieldError(path, absl::StrCat("must be ", what, ", not ",
                                         node.IsMap() ? "a map" : "a list"));
  }
  return ReadString(node, path);
}

absl::StatusOr<size_t> ReadChoice(
    const YAML::Node& node, absl::string_view path,
    std::initializer_list<absl::string_view> choices) {
  absl::StatusOr<std::string> text = ReadString(node, path);
  if (!text.ok()) return text.status();
  size_t index = 0;
  for (absl::string_view choice : choices) {
    if (*text == choice) return index;
    ++index;
  }
  return FieldError(
      path, absl::StrCat("must be one of ", absl::StrJoin(choices, ", "),
                         ", not ", KindOf(node)));
}

absl::StatusOr<double> ReadNumber(const YAML::Node& node,
                                  absl::string_view path) {
  absl::StatusOr<absl::string_view> text = NumberText(node, path, "a number");
  if (!text.ok()) return text.status();
  double value = 0;
  const char* end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec == std::errc::result_out_of_range) {
    return FieldError(path, absl::StrCat("is out of the range of a double (",
                                         KindOf(node), ")"));
  }
  if (ec != std::errc() || ptr != end) {
    return FieldError(path,
                      absl::StrCat("must be a number, not ", KindOf(node)));
  }
  if (!std::isfinite(value)) {
    return FieldError(
        path, absl::StrCat("must be a finite number, not ", KindOf(node)));
  }
  return value;
}

absl::StatusOr<int64_t> ReadInteger(const YAML::Node& node,
                                    absl::string_view path) {
  absl::StatusOr<absl::string_view> text = NumberText(node, path, "an integer");
  if (!text.ok()) return text.status();
  int64_t value = 0;
  const char* end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec == std::errc::result_out_of_range) {
    return FieldError(path, absl::StrCat("is out of range for a 64-bit "
                                         "integer (",
                                         KindOf(node), ")"));
  }
  if (ec == std::errc() && ptr == end) return value;
  double as_double = 0;
  const auto [dptr, dec] = std::from_chars(text->data(), end, as_double);
  if (dec == std::errc() && dptr == end) {
    return FieldError(path, absl::StrCat("must be an integer (digits only, no "
                                         "decimal point or exponent), not ",
                                         KindOf(node)));
  }
  return FieldError(path,
                    absl::StrCat("must be an integer, not ", KindOf(node)));
}

absl::StatusOr<int64_t> ReadIntegerIn(const YAML::Node& node,
                                      absl::string_view path, int64_t lo,
                                      int64_t hi, absl::string_view bounds) {
  absl::StatusOr<int64_t> value = ReadInteger(node, path);
  if (!value.ok()) return value.status();
  if (*value < lo || *value > hi) {
    return FieldError(
        path, absl::StrCat("must be between ", bounds, " (got ", *value, ")"));
  }
  return *value;
}

}  // namespace tune::spec::internal
