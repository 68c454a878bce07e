#include "tuner/spec/internal/single_document.h"

#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "tuner/spec/internal/yaml_fields.h"
#include "yaml-cpp/eventhandler.h"
#include "yaml-cpp/parser.h"

namespace tune::spec::internal {
namespace {

struct SecondDocument {
  YAML::Mark mark;
};

// Ignores every event but a second document's start, where it stops the
// parser by throwing.
class DocumentCounter final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1) throw SecondDocument{mark};
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

 private:
  int documents_ = 0;
};

absl::Status Malformed(const YAML::Exception& e) {
  if (e.mark.is_null()) {
    return FieldError("", absl::StrCat("malformed YAML: ", e.msg));
  }
  return FieldError("", absl::StrCat("malformed YAML at line ", e.mark.line + 1,
                                     ", column ", e.mark.column + 1, ": ", e.msg));
}

}  // namespace

absl::StatusOr<YAML::Node> LoadSingleDocument(std::string_view text) {
  const std::string owned(text);
  try {
    std::istringstream stream(owned);
    YAML::Parser parser(stream);
    DocumentCounter counter;
    while (parser.HandleNextDocument(counter)) {
    }
  } catch (const SecondDocument& second) {
    return FieldError("", absl::StrCat("must be a single YAML document (a "
                                       "second one starts at line ",
                                       second.mark.line + 1, ")"));
  } catch (const YAML::Exception& e) {
    return Malformed(e);
  } catch (const std::exception& e) {
    return FieldError("", absl::StrCat("could not be read: ", e.what()));
  }
  try {
    YAML::Node root = YAML::Load(owned);
    if (root.IsNull()) return FieldError("", "is empty");
    return root;
  } catch (const YAML::Exception& e) {
    return Malformed(e);
  } catch (const std::exception& e) {
    return FieldError("", absl::StrCat("could not be read: ", e.what()));
  }
}

}  // namespace tune::spec::internal
