// RAII for libbson handles, shared by the document connectors and the mapping.
#ifndef FERRY_CORE_BSON_HANDLES_H_
#define FERRY_CORE_BSON_HANDLES_H_

#include <bson/bson.h>

#include "core/c_handle.h"

namespace ferry {

// bson_t is declared 128-byte aligned; a pointer to it needs no alignment, so the
// warning that the attribute is dropped in the template argument does not apply.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wignored-attributes"
using BsonHandle = CHandle<bson_t, &bson_destroy>;
#pragma GCC diagnostic pop
// Strings libbson allocates (bson_as_*_json, bson_strdup): freed with bson_free.
using BsonString = CHandle<char, &bson_free>;

}  // namespace ferry

#endif  // FERRY_CORE_BSON_HANDLES_H_
