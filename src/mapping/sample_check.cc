#include "mapping/sample_check.h"

#include <string>
#include <vector>

#include "mapping/value_converter.h"

namespace ferry {
namespace {

void Count(const Value& value, ValueSample* sample) {
  ++sample->rows;
  switch (value.kind()) {
    case ValueKind::kNull:
      ++sample->nulls;
      break;
    case ValueKind::kBool:
    case ValueKind::kInt64:
      ++sample->integers;
      break;
    case ValueKind::kDouble:
      ++sample->reals;
      break;
    case ValueKind::kText:
      ++sample->texts;
      break;
    case ValueKind::kBytes:
      ++sample->blobs;
      break;
  }
}

// "400 integer, 12 text" for the storage classes present; sets *kinds to how many.
std::string Mix(const ValueSample& s, int* kinds) {
  std::string out;
  *kinds = 0;
  for (auto [count, name] : {std::pair{s.integers, "integer"}, std::pair{s.reals, "real"},
                             std::pair{s.texts, "text"}, std::pair{s.blobs, "blob"}}) {
    if (count == 0) continue;
    out += (out.empty() ? "" : ", ") + std::to_string(count) + " " + name;
    ++*kinds;
  }
  return out;
}

}  // namespace

Status CheckSample(const Batch& sample, TablePlan* table) {
  Batch scratch(1);
  std::string reason;
  table->samples.resize(table->columns.size());
  for (size_t i = 0; i < table->columns.size(); ++i) {
    ValueSample& counts = table->samples[i];
    FERRY_ASSIGN_OR_RETURN(ValueConverter converter, ValueConverter::For(table->target.columns[i]));
    for (size_t r = 0; r < sample.num_rows(); ++r) {
      const Value& value = sample.At(r, table->columns[i].source_column);
      Count(value, &counts);
      Value out;
      if (converter.Convert(value, &scratch, &out, &reason)) continue;
      if (counts.rejected++ == 0) counts.first_rejection = reason;
    }
    scratch.Clear();
  }
  return Status::OK();
}

void AddSampleWarnings(TablePlan* table) {
  for (size_t i = 0; i < table->samples.size(); ++i) {
    const ValueSample& s = table->samples[i];
    const Column& target = table->target.columns[i];
    const std::string& source = table->source.columns[table->columns[i].source_column].name;
    int kinds = 0;
    std::string mix = Mix(s, &kinds);
    if (kinds > 1) {
      table->warnings.push_back("column " + source + " holds mixed storage classes in the " +
                                "sample of " + std::to_string(s.rows) + " rows: " + mix);
    }
    if (s.rejected > 0) {
      table->warnings.push_back("column " + source + " → " + target.name + " (" +
                                target.native_type + "): " + std::to_string(s.rejected) + " of " +
                                std::to_string(s.rows) +
                                " sampled values will not fit and their rows will be rejected; "
                                "first: " +
                                s.first_rejection);
    }
  }
}

}  // namespace ferry
