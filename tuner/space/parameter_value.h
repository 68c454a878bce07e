// Values of hyperparameters and whole assignments of them.
//
// A Continuous range yields a double, an Integer range an int64_t and a
// Categorical range a string (numbers in a categorical list keep the text
// the user wrote). Plain values; safe to copy between threads.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>

namespace tune::space {

using ParameterValue = std::variant<double, int64_t, std::string>;

// One point of a search space: range name -> value.
using Parameters = std::map<std::string, ParameterValue>;

// The text a trainer receives on its command line for a value: doubles in
// the shortest form that reads back exactly ("%.17g" trimmed), integers in
// decimal, strings as they are.
std::string FormatValue(const ParameterValue& value);

}  // namespace tune::space
