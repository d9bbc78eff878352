// Splits a SQL type name such as "NVARCHAR (40)" or "decimal(10, 2)" into its
// base name (upper-cased, inner blanks collapsed: "NVARCHAR", "DOUBLE PRECISION")
// and its numeric arguments. Shared by the SQLite and PostgreSQL type parsers.
#ifndef FERRY_MAPPING_TYPE_NAME_H_
#define FERRY_MAPPING_TYPE_NAME_H_

#include <string>
#include <string_view>
#include <vector>

namespace ferry {

struct TypeName {
  std::string base;       // upper case, single spaces
  std::vector<int> args;  // the integers between parentheses, in order
  bool has_args = false;  // parentheses were present
  bool valid = true;      // false when the arguments are not integers or ')' is missing
};

TypeName SplitTypeName(std::string_view text);

}  // namespace ferry

#endif  // FERRY_MAPPING_TYPE_NAME_H_
