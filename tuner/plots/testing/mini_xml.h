// A small XML reader for tests: parses a whole document strictly (one root
// element, matched tags, quoted and unique attributes, known entities only,
// valid UTF-8, no control characters) into a tree, so a test can say that
// an SVG is well-formed and count its elements by class. No DTDs, CDATA or
// namespaces handling: the plots never write them. Pure; thread-safe.
//
//   absl::StatusOr<XmlElement> root = ParseXml(svg);
//   REQUIRE(root.ok());
//   CHECK(FindByClass(*root, "mark timeline-point").size() == 12);
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace tune::plots::testing {

struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attributes;  // entities resolved
  std::string text;  // the element's own text, entities resolved
  std::vector<XmlElement> children;

  // The attribute's value, or "" when absent.
  std::string Attribute(const std::string& name) const;
  // Whether the class attribute lists every class in `classes`
  // (space-separated).
  bool HasClasses(std::string_view classes) const;
};

// InvalidArgument naming the byte offset of the first problem.
absl::StatusOr<XmlElement> ParseXml(std::string_view document);

// Every element under `root` (itself included), depth first, with all of
// the classes in `classes`.
std::vector<const XmlElement*> FindByClass(const XmlElement& root,
                                           std::string_view classes);
// Every element under `root` (itself included) with that tag name.
std::vector<const XmlElement*> FindByName(const XmlElement& root,
                                          std::string_view name);

}  // namespace tune::plots::testing
