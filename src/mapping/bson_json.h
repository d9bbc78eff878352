// BSON as relaxed Extended JSON v2: the text jsonb columns and _extra hold.
//
// Documents, arrays, strings, numbers, booleans and null are written here, so
// that doubles come out as the shortest decimal that reads back as the same
// double (libbson writes 20 significant digits: 48.8 → 48.799999999999997158);
// a whole double keeps a ".0" and NaN/±Infinity become {"$numberDouble": ...}
// as the specification says. Every other type (ObjectId, date, Decimal128,
// binary, regex, code, timestamp, minKey, maxKey, symbol, undefined, DBPointer)
// is written by libbson in its Extended JSON form: relaxed where relaxed and
// canonical differ (dates in 1970..9999 as ISO strings), canonical otherwise.
#ifndef FERRY_MAPPING_BSON_JSON_H_
#define FERRY_MAPPING_BSON_JSON_H_

#include <bson/bson.h>

#include <string>

namespace ferry {

// Appends the value at `it`. False (with `out` partly written) when a key or
// string is not valid UTF-8, or an object holds a key twice (BSON allows it;
// jsonb would keep one value and lose the other without a word).
bool AppendBsonValueJson(const bson_iter_t* it, std::string* out);
// Appends a document ({...}) or, with `is_array`, an array ([...]).
bool AppendBsonDocumentJson(const bson_t* doc, bool is_array, std::string* out);
// The same, keeping repeated keys: to show a rejected document as it is.
bool AppendBsonDocumentJsonAsIs(const bson_t* doc, std::string* out);

// The same into a fresh string.
bool BsonValueToJson(const bson_iter_t* it, std::string* out);
bool BsonDocumentToJson(const bson_t* doc, std::string* out);

}  // namespace ferry

#endif  // FERRY_MAPPING_BSON_JSON_H_
