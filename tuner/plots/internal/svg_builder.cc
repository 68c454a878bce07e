#include "tuner/plots/internal/svg_builder.h"

#include <cmath>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace tune::plots::internal {

namespace {

// Length of the valid UTF-8 sequence at text[i], or 0 when it is not one
// (or encodes a character XML forbids: surrogates, U+FFFE, U+FFFF).
size_t Utf8Length(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) -> uint8_t {
    return k < text.size() ? static_cast<uint8_t>(text[k]) : 0;
  };
  const auto continuation = [&](size_t k) { return (byte(k) & 0xC0) == 0x80; };
  const uint8_t lead = byte(i);
  if (lead >= 0xC2 && lead <= 0xDF) return continuation(i + 1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (!continuation(i + 1) || !continuation(i + 2)) return 0;
    const uint8_t second = byte(i + 1);
    if (lead == 0xE0 && second < 0xA0) return 0;   // overlong
    if (lead == 0xED && second >= 0xA0) return 0;  // surrogate
    if (lead == 0xEF && second == 0xBF && byte(i + 2) >= 0xBE) return 0;
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (!continuation(i + 1) || !continuation(i + 2) || !continuation(i + 3)) {
      return 0;
    }
    const uint8_t second = byte(i + 1);
    if (lead == 0xF0 && second < 0x90) return 0;   // overlong
    if (lead == 0xF4 && second >= 0x90) return 0;  // past U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

std::string Num(double value) {
  if (!std::isfinite(value)) return "0";
  std::string text = absl::StrFormat("%.2f", value);
  if (text == "-0.00") text = "0.00";
  return text;
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<uint8_t>(text[i]);
    if (c < 0x80) {
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&apos;";
          break;
        case '\t':
        case '\n':
        case '\r':
          out += ' ';
          break;
        default:
          out += c < 0x20 ? '?' : static_cast<char>(c);
      }
      ++i;
      continue;
    }
    const size_t length = Utf8Length(text, i);
    if (length == 0) {
      out += '?';
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

SvgBuilder::SvgBuilder(double width, double height) {
  out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  const Attr attrs[] = {
      {"xmlns", "http://www.w3.org/2000/svg"},
      {"width", Num(width)},
      {"height", Num(height)},
      {"viewBox", absl::StrCat("0 0 ", Num(width), " ", Num(height))},
      {"font-family", "DejaVu Sans, Helvetica, Arial, sans-serif"},
      {"font-size", "12"},
  };
  OpenTag("svg", std::begin(attrs), std::end(attrs));
  out_ += ">\n";
  open_.push_back("svg");
  Leaf("rect", {{"class", "background"},
                {"x", "0"},
                {"y", "0"},
                {"width", Num(width)},
                {"height", Num(height)},
                {"fill", "white"}});
}

void SvgBuilder::OpenTag(std::string_view tag, const Attr* begin,
                         const Attr* end) {
  out_ += '<';
  out_.append(tag);
  for (const Attr* attr = begin; attr != end; ++attr) {
    out_ += ' ';
    out_.append(attr->name);
    out_ += "=\"";
    out_ += XmlEscape(attr->value);
    out_ += '"';
  }
}

void SvgBuilder::Begin(std::string_view tag,
                       std::initializer_list<Attr> attrs) {
  OpenTag(tag, attrs.begin(), attrs.end());
  out_ += ">\n";
  open_.emplace_back(tag);
}

void SvgBuilder::Begin(std::string_view tag, const std::vector<Attr>& attrs) {
  OpenTag(tag, attrs.data(), attrs.data() + attrs.size());
  out_ += ">\n";
  open_.emplace_back(tag);
}

void SvgBuilder::End() {
  if (open_.size() <= 1) return;  // the <svg> closes in Finish()
  absl::StrAppend(&out_, "</", open_.back(), ">\n");
  open_.pop_back();
}

void SvgBuilder::CloseLeaf(std::string_view tag, std::string_view text) {
  out_ += '>';
  out_ += XmlEscape(text);
  out_ += "</";
  out_.append(tag);
  out_ += ">\n";
}

void SvgBuilder::Leaf(std::string_view tag, std::initializer_list<Attr> attrs,
                      std::string_view text) {
  OpenTag(tag, attrs.begin(), attrs.end());
  if (text.empty()) {
    out_ += "/>\n";
  } else {
    CloseLeaf(tag, text);
  }
}

void SvgBuilder::Leaf(std::string_view tag, const std::vector<Attr>& attrs,
                      std::string_view text) {
  OpenTag(tag, attrs.data(), attrs.data() + attrs.size());
  if (text.empty()) {
    out_ += "/>\n";
  } else {
    CloseLeaf(tag, text);
  }
}

void SvgBuilder::Text(double x, double y, std::string_view anchor,
                      std::string_view text,
                      std::initializer_list<Attr> extra) {
  std::vector<Attr> attrs = {
      {"x", Num(x)}, {"y", Num(y)}, {"text-anchor", std::string(anchor)}};
  attrs.insert(attrs.end(), extra.begin(), extra.end());
  Leaf("text", attrs, text.empty() ? std::string_view(" ") : text);
}

std::string SvgBuilder::Finish() && {
  while (!open_.empty()) {
    absl::StrAppend(&out_, "</", open_.back(), ">\n");
    open_.pop_back();
  }
  return std::move(out_);
}

}  // namespace tune::plots::internal
