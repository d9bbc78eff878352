#include "pipeline/raw_rows.h"

#include <string>

#include "mapping/pg_types.h"

namespace ferry {

Status ChooseRawRows(Source& source, std::string_view target_format, Plan* plan) {
  const std::string format = source.raw_row_format();
  if (target_format.empty() || format != target_format) return Status::OK();
  for (TablePlan& table : plan->tables) {
    table.raw_rows.clear();
    std::string why = table.rows_changed;
    if (why.empty()) {
      FERRY_ASSIGN_OR_RETURN(why, source.RawRowsWhyNot(table.source));
    }
    if (!why.empty()) {
      table.rows_path = "decoded and encoded again: " + why;
      continue;
    }
    table.raw_rows = format;
    table.rows_path = "binary pass-through (" + format + ", as the source sends them)";
    for (ColumnPlan& column : table.columns) column.reason = WithoutTextFormNote(column.reason);
  }
  return Status::OK();
}

}  // namespace ferry
