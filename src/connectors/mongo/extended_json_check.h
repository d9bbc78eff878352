// CheckExtendedJsonLine: what libbson's JSON reader would get wrong in one
// NDJSON / mongoexport line, found before it parses the line.
//
// libbson reads some invalid Extended JSON without an error and stores a
// guess: {"$oid": "zz..."} as ObjectId 00..., {"$numberDouble": "1.5xyz"} as
// 1.5, {"$numberDecimal": "abc"} as NaN, regex options it does not know are
// dropped, a key given twice is kept twice, an array line becomes a document
// with keys "0", "1". It also reports an integer too large for 64 bits as some
// other number. This check reads the line's text as written and finds:
//   - a line that is not one JSON object (an array, a string, a number, ...);
//   - a key that appears twice in one object;
//   - a $oid that is not 24 hex digits; a $numberDouble, $numberInt,
//     $numberLong or $numberDecimal that is not a whole number of its kind;
//     regular expression options outside "ilmsux";
//   - a plain JSON number out of range (an integer beyond 64 bits, a double
//     beyond ±1.8e308), quoted as written.
// Syntax errors are left to libbson, which reports them. Thread-safe (no state).
#ifndef FERRY_CONNECTORS_MONGO_EXTENDED_JSON_CHECK_H_
#define FERRY_CONNECTORS_MONGO_EXTENDED_JSON_CHECK_H_

#include <string>
#include <string_view>

namespace ferry {

// True when `line` has none of the faults above; otherwise false and `reason`
// names the field by its dotted path, the value as written and what to do,
// prefixed by the document's _id when the line has one ("document _id 7: field
// 'price': {"$numberDouble": "1.5xyz"} is not a number").
bool CheckExtendedJsonLine(std::string_view line, std::string* reason);

}  // namespace ferry

#endif  // FERRY_CONNECTORS_MONGO_EXTENDED_JSON_CHECK_H_
