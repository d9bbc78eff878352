// Helpers for the document mapping tests: documents from JSON, inference over them.
#ifndef FERRY_MAPPING_DOCUMENT_TEST_UTIL_H_
#define FERRY_MAPPING_DOCUMENT_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/bson_handles.h"
#include "core/document_row.h"
#include "mapping/document_inference.h"

namespace ferry::testing {

inline BsonHandle JsonDoc(const std::string& json) {
  bson_error_t error;
  BsonHandle doc(bson_new_from_json(reinterpret_cast<const uint8_t*>(json.data()),
                                    static_cast<ssize_t>(json.size()), &error));
  EXPECT_NE(doc, nullptr) << error.message << " in " << json;
  return doc;
}

inline DocumentInference Infer(const std::vector<std::string>& docs) {
  DocumentInference inference;
  for (const std::string& json : docs) inference.Observe(JsonDoc(json).get());
  return inference;
}

inline TableSchema DocumentTableNamed(const std::string& name) {
  TableSchema table;
  table.name = name;
  table.columns = DocumentRowColumns();
  return table;
}

}  // namespace ferry::testing

#endif  // FERRY_MAPPING_DOCUMENT_TEST_UTIL_H_
