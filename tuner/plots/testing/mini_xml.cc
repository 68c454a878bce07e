#include "tuner/plots/testing/mini_xml.h"

#include <algorithm>
#include <cstdint>
#include <functional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace tune::plots::testing {

namespace {

bool IsNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c == ':';
}
bool IsNameChar(char c) {
  return IsNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Valid UTF-8 without control characters other than tab, CR and LF.
absl::Status CheckCharacters(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<uint8_t>(text[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        return absl::InvalidArgumentError(
            absl::StrCat("control character at byte ", i));
      }
      ++i;
      continue;
    }
    size_t length = c >= 0xF0 && c <= 0xF4   ? 4
                    : c >= 0xE0 && c <= 0xEF ? 3
                    : c >= 0xC2 && c <= 0xDF ? 2
                                             : 0;
    if (length == 0 || i + length > text.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid UTF-8 at byte ", i));
    }
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<uint8_t>(text[i + k]) & 0xC0) != 0x80) {
        return absl::InvalidArgumentError(
            absl::StrCat("invalid UTF-8 at byte ", i));
      }
    }
    i += length;
  }
  return absl::OkStatus();
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  absl::StatusOr<XmlElement> Document() {
    if (auto status = CheckCharacters(text_); !status.ok()) return status;
    if (text_.substr(0, 5) == "<?xml") {
      const size_t end = text_.find("?>");
      if (end == std::string_view::npos)
        return Error("unterminated declaration");
      pos_ = end + 2;
    }
    if (auto status = SkipMisc(); !status.ok()) return status;
    XmlElement root;
    if (auto status = Element(root, 0); !status.ok()) return status;
    if (auto status = SkipMisc(); !status.ok()) return status;
    if (pos_ != text_.size()) return Error("content after the root element");
    return root;
  }

 private:
  absl::Status Error(std::string_view what) const {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(what), " at byte ", pos_));
  }
  bool Peek(std::string_view s) const {
    return text_.substr(pos_, s.size()) == s;
  }
  void SkipSpaces() {
    while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
  }
  // Spaces and comments.
  absl::Status SkipMisc() {
    while (true) {
      SkipSpaces();
      if (!Peek("<!--")) return absl::OkStatus();
      const size_t end = text_.find("-->", pos_ + 4);
      if (end == std::string_view::npos) return Error("unterminated comment");
      pos_ = end + 3;
    }
  }
  absl::StatusOr<std::string> Name() {
    if (pos_ >= text_.size() || !IsNameStart(text_[pos_]))
      return Error("expected a name");
    const size_t start = pos_;
    while (pos_ < text_.size() && IsNameChar(text_[pos_])) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }
  // Text up to '<' (or the quote, in attributes), with entities resolved.
  absl::StatusOr<std::string> CharData(char stop) {
    std::string out;
    while (pos_ < text_.size() && text_[pos_] != stop) {
      const char c = text_[pos_];
      if (c == '<') return Error("'<' in an attribute value");
      if (c == ']' && stop == '<' && Peek("]]>")) return Error("']]>' in text");
      if (c != '&') {
        out += c;
        ++pos_;
        continue;
      }
      const size_t end = text_.find(';', pos_);
      if (end == std::string_view::npos) return Error("unterminated entity");
      const std::string_view entity = text_.substr(pos_ + 1, end - pos_ - 1);
      if (entity == "amp")
        out += '&';
      else if (entity == "lt")
        out += '<';
      else if (entity == "gt")
        out += '>';
      else if (entity == "quot")
        out += '"';
      else if (entity == "apos")
        out += '\'';
      else if (entity.size() > 1 && entity[0] == '#')
        out += '?';  // a char ref
      else
        return Error(
            absl::StrCat("unknown entity &", std::string(entity), ";"));
      pos_ = end + 1;
    }
    return out;
  }

  absl::Status Element(XmlElement& element, int depth) {
    if (depth > 200) return Error("nested too deep");
    if (!Peek("<")) return Error("expected '<'");
    ++pos_;
    auto name = Name();
    if (!name.ok()) return name.status();
    element.name = *name;
    while (true) {
      const size_t before = pos_;
      SkipSpaces();
      if (Peek("/>")) {
        pos_ += 2;
        return absl::OkStatus();
      }
      if (Peek(">")) {
        ++pos_;
        break;
      }
      if (pos_ == before) return Error("expected a space before an attribute");
      auto attribute = Name();
      if (!attribute.ok()) return attribute.status();
      SkipSpaces();
      if (!Peek("=")) return Error("expected '='");
      ++pos_;
      SkipSpaces();
      if (!Peek("\"") && !Peek("'")) return Error("expected a quoted value");
      const char quote = text_[pos_++];
      auto value = CharData(quote);
      if (!value.ok()) return value.status();
      if (pos_ >= text_.size()) return Error("unterminated attribute value");
      ++pos_;
      if (!element.attributes.emplace(*attribute, *value).second) {
        return Error(absl::StrCat("attribute ", *attribute, " given twice"));
      }
    }
    while (true) {
      auto text = CharData('<');
      if (!text.ok()) return text.status();
      element.text += *text;
      if (pos_ >= text_.size())
        return Error(absl::StrCat("<", element.name, "> not closed"));
      if (Peek("<!--")) {
        if (auto status = SkipMisc(); !status.ok()) return status;
        continue;
      }
      if (Peek("<![CDATA[") || Peek("<!") || Peek("<?")) {
        return Error("unsupported markup");
      }
      if (Peek("</")) {
        pos_ += 2;
        auto closing = Name();
        if (!closing.ok()) return closing.status();
        if (*closing != element.name) {
          return Error(
              absl::StrCat("</", *closing, "> closes <", element.name, ">"));
        }
        SkipSpaces();
        if (!Peek(">")) return Error("expected '>'");
        ++pos_;
        return absl::OkStatus();
      }
      element.children.emplace_back();
      if (auto status = Element(element.children.back(), depth + 1);
          !status.ok()) {
        return status;
      }
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
};

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find(' ', start), text.size());
    if (end > start) words.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

void Collect(const XmlElement& element,
             const std::function<bool(const XmlElement&)>& match,
             std::vector<const XmlElement*>& out) {
  if (match(element)) out.push_back(&element);
  for (const XmlElement& child : element.children) Collect(child, match, out);
}

}  // namespace

std::string XmlElement::Attribute(const std::string& attribute) const {
  auto it = attributes.find(attribute);
  return it == attributes.end() ? "" : it->second;
}

bool XmlElement::HasClasses(std::string_view classes) const {
  auto it = attributes.find("class");
  if (it == attributes.end()) return false;
  const std::vector<std::string> have = Words(it->second);
  for (const std::string& c : Words(classes)) {
    if (std::find(have.begin(), have.end(), c) == have.end()) return false;
  }
  return true;
}

absl::StatusOr<XmlElement> ParseXml(std::string_view document) {
  return Parser(document).Document();
}

std::vector<const XmlElement*> FindByClass(const XmlElement& root,
                                           std::string_view classes) {
  std::vector<const XmlElement*> out;
  Collect(
      root, [&](const XmlElement& e) { return e.HasClasses(classes); }, out);
  return out;
}

std::vector<const XmlElement*> FindByName(const XmlElement& root,
                                          std::string_view name) {
  std::vector<const XmlElement*> out;
  Collect(
      root, [&](const XmlElement& e) { return e.name == name; }, out);
  return out;
}

}  // namespace tune::plots::testing
