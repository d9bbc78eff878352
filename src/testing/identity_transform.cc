#include "testing/identity_transform.h"

namespace ferry::testing {

bool IdentityTransform::Apply(const Value* source_row, Batch* out, Rejection* rejection) {
  if (reject_if_ && reject_if_(source_row, rejection)) return false;
  Value* row = out->AddRow();
  for (int i = 0; i < num_columns_; ++i) {
    const Value& v = source_row[i];
    if (v.kind() == ValueKind::kText) {
      row[i] = Value::Text(out->Store(v.bytes()));
    } else if (v.kind() == ValueKind::kBytes) {
      row[i] = Value::Bytes(out->Store(v.bytes()));
    } else {
      row[i] = v;
    }
  }
  return true;
}

Plan IdentityPlan(const DatabaseSchema& schema) {
  Plan plan;
  for (const TableSchema& table : schema.tables) {
    TablePlan t;
    t.source = table;
    t.target = table;
    for (size_t i = 0; i < table.columns.size(); ++i) {
      t.columns.push_back({static_cast<int>(i), "same type"});
    }
    plan.tables.push_back(std::move(t));
  }
  plan.skipped = schema.skipped;
  return plan;
}

}  // namespace ferry::testing
