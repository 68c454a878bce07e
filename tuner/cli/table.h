// A plain text table for people: columns padded to their widest cell.
// Not thread-safe; build one per output.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace tune::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> header);
  void AddRow(std::vector<std::string> row);
  void Print(std::ostream& out) const;

 private:
  std::vector<std::vector<std::string>> rows_;  // rows_[0] is the header
};

}  // namespace tune::cli
