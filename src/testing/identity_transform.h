// IdentityTransform: a RowTransform that copies each row unchanged (text and
// bytes into the output batch's arena), optionally rejecting rows a test
// picks. For pipeline tests without the real type mapping.
#ifndef FERRY_TESTING_IDENTITY_TRANSFORM_H_
#define FERRY_TESTING_IDENTITY_TRANSFORM_H_

#include <functional>
#include <memory>
#include <string>

#include "mapping/plan.h"
#include "mapping/row_transform.h"

namespace ferry::testing {

class IdentityTransform : public RowTransform {
 public:
  // Returns true (and fills *rejection) for a row to reject.
  using RejectIf = std::function<bool(const Value* row, Rejection* rejection)>;

  explicit IdentityTransform(int num_columns, RejectIf reject_if = nullptr)
      : num_columns_(num_columns), reject_if_(std::move(reject_if)) {}

  bool Apply(const Value* source_row, Batch* out, Rejection* rejection) override;

 private:
  int num_columns_;
  RejectIf reject_if_;
};

// A plan that copies every table of `schema` as it is (same names and types).
Plan IdentityPlan(const DatabaseSchema& schema);

}  // namespace ferry::testing

#endif  // FERRY_TESTING_IDENTITY_TRANSFORM_H_
