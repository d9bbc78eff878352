// One BSON value → one ferry Value for a column of a given logical type.
//
//   column type   accepts (anything else is refused with the reason)
//   int32         int32; int64 within int32's range
//   int64         int32, int64
//   float64       double, int32, int64 (an int64 beyond 2^53 is refused: it would round)
//   numeric       decimal128 (exact, NaN and ±Infinity included), int32, int64, double
//   bool          bool
//   text          string (no NUL byte); ObjectId as 24 hex digits; other values as
//                 their Extended JSON text (only when ferry.toml sets text)
//   timestamptz   date, within PostgreSQL's range (4714 BC .. 294247 AD)
//   uuid          binary subtype 4 of 16 bytes; ObjectId (objectid.h rule)
//   bytes         binary of any subtype; ObjectId (its 12 bytes)
//   json          anything, as relaxed Extended JSON (strings without NUL)
// BSON null gives a null Value. Text and bytes are copied into `batch`'s arena.
#ifndef FERRY_MAPPING_BSON_CONVERT_H_
#define FERRY_MAPPING_BSON_CONVERT_H_

#include <bson/bson.h>

#include <string>

#include "ferry/batch.h"
#include "ferry/logical_type.h"
#include "mapping/objectid.h"

namespace ferry {

// Sets *value and returns true, or sets *why ("a string ("abc") does not fit integer") and returns
// false.
bool ConvertBsonValue(const bson_iter_t* it, LogicalType type, ObjectIdMode objectid, Batch* batch,
                      Value* value, std::string* why);

}  // namespace ferry

#endif  // FERRY_MAPPING_BSON_CONVERT_H_
