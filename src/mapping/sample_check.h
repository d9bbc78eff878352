// CheckSample: what a sample of source rows says about a TablePlan.
//
// `ferry plan` reads the first rows of each table and passes them here. Each
// column's sample counts the storage classes seen and the values its
// conversion would reject; the table gets warnings for columns that mix
// storage classes and for values that will not fit.
#ifndef FERRY_MAPPING_SAMPLE_CHECK_H_
#define FERRY_MAPPING_SAMPLE_CHECK_H_

#include "ferry/batch.h"
#include "ferry/status.h"
#include "mapping/plan.h"

namespace ferry {

// `sample` holds source rows of `table` (source column order, as a reader
// gives them); may be called once per batch, the counts add up. Fails only
// when a target type is not one ferry knows.
Status CheckSample(const Batch& sample, TablePlan* table);

// Appends the warnings the counts call for to table->warnings. Call once,
// after the last CheckSample of the table.
void AddSampleWarnings(TablePlan* table);

}  // namespace ferry

#endif  // FERRY_MAPPING_SAMPLE_CHECK_H_
