// Which tables' rows travel as the source sends them (raw rows, batch.h).
//
// Rows pass through undecoded when the source's readers can give them in a
// format the target's writers take as they are (same engine family), the
// mapping leaves them as they are (TablePlan::rows_changed), and the source
// finds nothing against the table's columns (Source::RawRowsWhyNot: types
// whose raw form means something else in another database). The values are
// still decoded beside the raw rows, for the row hashes and so that a writer
// whose table turns out not to take the raw form can encode them.
#ifndef FERRY_PIPELINE_RAW_ROWS_H_
#define FERRY_PIPELINE_RAW_ROWS_H_

#include <string_view>

#include "ferry/source.h"
#include "ferry/status.h"
#include "mapping/plan.h"

namespace ferry {

// Sets TablePlan::raw_rows and rows_path of each table of `plan`, for a
// target whose writers take raw rows in `target_format` ("": none; then
// nothing is set). Reads `source`'s catalog (RawRowsWhyNot).
Status ChooseRawRows(Source& source, std::string_view target_format, Plan* plan);

}  // namespace ferry

#endif  // FERRY_PIPELINE_RAW_ROWS_H_
