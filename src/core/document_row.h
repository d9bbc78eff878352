// The row shape of document sources (MongoDB, mongodump, NDJSON/mongoexport).
//
// A document source describes every collection as a table of two columns and
// its readers yield one row per record read:
//
//   kDocumentColumn  bytes: one BSON document, exactly as stored; for an
//                    unreadable record null, or text: the record as read (bounded)
//   kErrorColumn     text: null, or why the record could not be read
//                    ("line 12: ..." / "byte offset 4096: ...")
//
// A row is a document exactly when kErrorColumn is null.
//
// The mapping (src/mapping/document_*) turns these rows into the rows of one or
// more target tables, so an unreadable record becomes an ordinary rejected row.
#ifndef FERRY_CORE_DOCUMENT_ROW_H_
#define FERRY_CORE_DOCUMENT_ROW_H_

#include <vector>

#include "ferry/schema.h"

namespace ferry {

inline constexpr int kDocumentColumn = 0;
inline constexpr int kErrorColumn = 1;
inline constexpr int kDocumentRowColumns = 2;

// The two columns above, as a document source's TableSchema lists them.
inline std::vector<Column> DocumentRowColumns() {
  std::vector<Column> columns(2);
  columns[0].name = "_document";
  columns[0].type = LogicalType::kBytes;
  columns[0].native_type = "bson";
  columns[1].name = "_read_error";
  columns[1].type = LogicalType::kText;
  columns[1].native_type = "text";
  return columns;
}

// True when `table` has the document row shape.
inline bool IsDocumentTable(const TableSchema& table) {
  return table.columns.size() == kDocumentRowColumns && table.columns[0].name == "_document" &&
         table.columns[0].native_type == "bson";
}

}  // namespace ferry

#endif  // FERRY_CORE_DOCUMENT_ROW_H_
