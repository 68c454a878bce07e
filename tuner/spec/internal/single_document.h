// Reads a spec's text as exactly one YAML document. yaml-cpp 0.7's LoadAll
// can loop forever, building nodes until memory runs out, on some malformed
// text after a first document (found by tests/fuzz/spec_parser_fuzz); so
// the documents are counted on parser events, stopping at the second one's
// start, and only the first is built.
// Stateless; thread-safe.
#pragma once

#include <string_view>

#include "absl/status/statusor.h"
#include "yaml-cpp/yaml.h"

namespace tune::spec::internal {

// The document's root. InvalidArgument with path "spec": malformed YAML
// (with line and column), an empty document, or more than one document.
absl::StatusOr<YAML::Node> LoadSingleDocument(std::string_view text);

}  // namespace tune::spec::internal
