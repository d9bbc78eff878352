// DocumentTransform: document rows (core/document_row.h) → rows of one DocumentTable.
//
// For a collection's own table, one row per document; for a child table
// (normalize mode), one row per element of the arrays it walks, so Apply may
// append zero or more rows. A document that cannot be converted appends
// nothing and is rejected as a whole, with its _id, the field and the reason.
// An unreadable record (a bad JSON line) is rejected with the reader's message.
//
// Fields the table does not map (and does not skip) go to its _extra column,
// keyed by dotted path. Not thread-safe: one transform per reader thread.
#ifndef FERRY_MAPPING_DOCUMENT_TRANSFORM_H_
#define FERRY_MAPPING_DOCUMENT_TRANSFORM_H_

#include <bson/bson.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mapping/document_mapping.h"
#include "mapping/row_transform.h"

namespace ferry {

class DocumentTransform : public RowTransform {
 public:
  explicit DocumentTransform(const DocumentTable& table);
  ~DocumentTransform() override;

  bool Apply(const Value* source_row, Batch* out, Rejection* rejection) override;

 private:
  // Where a key of the row's document leads.
  struct Node {
    int column = -1;                                    // the value fills this column
    bool skip = false;                                  // excluded, or read by a child table
    std::map<std::string, Node, std::less<>> children;  // a sub-document's keys
  };

  bool Walk(const bson_t* container, size_t level, const bson_t* root, Batch* out,
            Rejection* rejection);
  bool EmitRow(const bson_t* element, const bson_t* root, Batch* out, Rejection* rejection);
  bool FillFields(bson_iter_t* it, const Node& node, const std::string& prefix, Value* row,
                  Batch* out, Rejection* rejection);
  bool FillSpecial(const bson_t* element, const bson_t* root, Value* row, Batch* out,
                   Rejection* rejection);
  bool Reject(const bson_t* root, int column, const std::string& reason, Rejection* rejection);

  const DocumentTable table_;
  Node fields_;
  int extra_column_ = -1;
  bool whole_document_ = false;  // a column holds the whole document (jsonb mode)
  bson_t extra_;
  std::vector<int64_t> ordinals_;
  const bson_t* current_root_ = nullptr;  // the document Apply is converting
};

}  // namespace ferry

#endif  // FERRY_MAPPING_DOCUMENT_TRANSFORM_H_
