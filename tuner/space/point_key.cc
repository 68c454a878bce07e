#include "tuner/space/point_key.h"

namespace tune::space {

std::string PointKey(const std::vector<spec::ParameterRange>& ranges,
                     const Parameters& parameters) {
  std::string key;
  for (const spec::ParameterRange& range : ranges) {
    const auto it = parameters.find(range.name);
    key += it == parameters.end() ? std::string("\x01") : FormatValue(it->second);
    key += '\x1f';
  }
  return key;
}

}  // namespace tune::space
