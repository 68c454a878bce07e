// Builds an SVG document as text: nested elements with escaped attributes
// and text, numbers written finite with two decimals. Always yields a
// well-formed document, whatever bytes the caller's strings hold.
// Not thread-safe; one builder per document.
//
//   SvgBuilder svg(640, 480);
//   svg.Begin("g", {{"class", "panel"}});
//   svg.Leaf("circle", {{"cx", Num(10)}, {"cy", Num(20)}, {"r", "3"}});
//   svg.End();
//   std::string text = std::move(svg).Finish();
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tune::plots::internal {

struct Attr {
  std::string_view name;  // a literal: never escaped
  std::string value;      // escaped on output
};

// A coordinate or size: "%.2f", and "0" for NaN or infinities (callers keep
// values finite; this is the last guard of well-formed output).
std::string Num(double value);

// `text` made safe for XML text and attribute values: &<>"' escaped,
// control characters and invalid UTF-8 bytes replaced by '?'.
std::string XmlEscape(std::string_view text);

class SvgBuilder {
 public:
  SvgBuilder(double width, double height);

  // Opens <tag ...>; End() closes the last one opened.
  void Begin(std::string_view tag, std::initializer_list<Attr> attrs = {});
  void Begin(std::string_view tag, const std::vector<Attr>& attrs);
  void End();
  // <tag .../>, or <tag ...>text</tag> when text is not empty.
  void Leaf(std::string_view tag, std::initializer_list<Attr> attrs,
            std::string_view text = {});
  void Leaf(std::string_view tag, const std::vector<Attr>& attrs,
            std::string_view text = {});
  // A <text> at (x, y) with the given anchor (start, middle, end) and
  // extra attributes.
  void Text(double x, double y, std::string_view anchor, std::string_view text,
            std::initializer_list<Attr> extra = {});

  // Closes every open element and returns the document.
  std::string Finish() &&;

 private:
  void OpenTag(std::string_view tag, const Attr* begin, const Attr* end);
  // ">text</tag>\n" after an opened tag.
  void CloseLeaf(std::string_view tag, std::string_view text);

  std::string out_;
  std::vector<std::string> open_;  // tags not yet closed
};

}  // namespace tune::plots::internal
