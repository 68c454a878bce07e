#include "tuner/plots/internal/svg_builder.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "tuner/plots/testing/mini_xml.h"

namespace tune::plots::internal {
namespace {

TEST_CASE("XmlEscape escapes markup and replaces what XML cannot hold") {
  struct Case {
    std::string in, out;
  };
  const Case cases[] = {
      {"plain", "plain"},
      {"a<b>&\"'", "a&lt;b&gt;&amp;&quot;&apos;"},
      {"tab\there\nnewline", "tab here newline"},
      {std::string("nul\0bell\x07", 9), "nul?bell?"},
      {"caf\xc3\xa9 \xe6\x8d\x9f",
       "caf\xc3\xa9 \xe6\x8d\x9f"},  // valid UTF-8 kept
      {"\xff\xfe", "??"},
      {"\xc3", "?"},            // cut sequence
      {"\xed\xa0\x80", "???"},  // a surrogate
      {"\xef\xbf\xbf", "???"},  // U+FFFF
      {"\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80"},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    CHECK(XmlEscape(c.in) == c.out);
  }
}

TEST_CASE("Num writes finite numbers with two decimals, and 0 for the rest") {
  CHECK(Num(1) == "1.00");
  CHECK(Num(-0.001) == "0.00");
  CHECK(Num(12.345) == "12.35");
  CHECK(Num(NAN) == "0");
  CHECK(Num(INFINITY) == "0");
}

TEST_CASE("a built document is well-formed even with elements left open") {
  SvgBuilder svg(100, 50);
  svg.Begin("g", {{"class", "a&b"}});
  svg.Leaf("circle", {{"cx", Num(1)}, {"cy", Num(2)}, {"r", "3"}});
  svg.Text(5, 6, "middle", "<hello>");
  svg.Begin("g");
  const std::string text = std::move(svg).Finish();
  auto root = testing::ParseXml(text);
  INFO(text);
  REQUIRE(root.ok());
  CHECK(root->name == "svg");
  CHECK(root->Attribute("width") == "100.00");
  const auto texts = testing::FindByName(*root, "text");
  REQUIRE(texts.size() == 1);
  CHECK(texts[0]->text == "<hello>");
  CHECK(testing::FindByClass(*root, "a&b").size() == 1);
}

TEST_CASE("the test XML reader refuses malformed documents") {
  for (const char* bad :
       {"<a>", "<a></b>", "<a x=1/>", "<a x=\"1\" x=\"2\"/>", "<a>&nbsp;</a>",
        "<a/><b/>", "<a x=\"<\"/>", "text"}) {
    INFO(bad);
    CHECK_FALSE(testing::ParseXml(bad).ok());
  }
  CHECK(testing::ParseXml(
            "<?xml version=\"1.0\"?>\n<a b='1'><!-- c --><d/>t&amp;</a>\n")
            .ok());
}

}  // namespace
}  // namespace tune::plots::internal
