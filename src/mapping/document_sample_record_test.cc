#include "mapping/document_sample_record.h"

#include <gtest/gtest.h>

#include "mapping/document_mapping_file.h"
#include "mapping/document_test_util.h"

namespace ferry {
namespace {

using testing::DocumentTableNamed;
using testing::JsonDoc;

const std::vector<std::string> kOrders = {
    R"({"_id": {"$oid": "65a000000000000000000001"}, "total": 1, "items": [{"sku": "a", "qty": 1}],
        "shipping": {"zip": "75001", "city": "Paris"}, "weird key": {"$date": "2024-01-01T00:00:00Z"}})",
    R"({"_id": {"$oid": "65a000000000000000000002"}, "total": 2.5, "items": [{"sku": "b"}, {"sku": "c", "qty": {"$numberLong": "3"}}],
        "tags": ["x", "y"], "notes": null, "$odd": 1})",
};

DocumentPlan PlanOf(const DocumentPlanOptions& options) {
  DatabaseSchema schema;
  TableSchema orders = DocumentTableNamed("orders");
  orders.indexes.push_back({"zip_1", {"shipping.zip"}, true, ""});
  orders.estimated_rows = 2;
  schema.tables = {orders, DocumentTableNamed("audit")};
  schema.skipped.push_back({"view", "recent", "a view: copy the collections it reads"});
  auto plan = PlanDocuments(
      schema, options,
      [](const TableSchema& table, DocumentInference* inference, SampledCollection* sampled) {
        for (const std::string& json : kOrders) {
          inference->Observe(JsonDoc(json).get());
          ++sampled->documents;
        }
        sampled->complete = true;
        return Status::OK();
      });
  EXPECT_TRUE(plan.ok()) << plan.status().message();
  return std::move(*plan);
}

std::string Describe(const DocumentPlan& plan) {
  std::string out;
  for (const TablePlan& t : plan.plan.tables) {
    out += t.target.name + "(";
    for (const Column& c : t.target.columns) {
      out += c.name + " " + c.native_type + (c.nullable ? "" : " not null") + ", ";
    }
    out += ") indexes " + std::to_string(t.target.indexes.size()) + "\n";
  }
  for (const SkippedObject& s : plan.plan.skipped) out += "skipped " + s.kind + " " + s.name + "\n";
  return out;
}

// Given a normalize-mode plan with nested objects, arrays of documents and odd
// keys, the recorded sample replays into the same tables and the same ferry.toml.
TEST(DocumentSampleRecordTest, ReplayGivesTheSamePlanAndMapping) {
  DocumentPlanOptions options;
  options.defaults.mode = DocumentMode::kNormalize;
  options.exclude = {"audit"};
  DocumentPlan planned = PlanOf(options);
  ASSERT_EQ(planned.plan.tables.size(), 2u);  // orders, orders_items
  std::string recorded = RecordDocumentSample(planned);
  auto replayed = ReplayDocumentPlan(recorded, options);
  ASSERT_TRUE(replayed.ok()) << replayed.status().message();
  EXPECT_EQ(Describe(*replayed), Describe(planned));
  EXPECT_EQ(WriteDocumentMappingToml(*replayed, "mongodump:d"),
            WriteDocumentMappingToml(planned, "mongodump:d"));
  EXPECT_EQ(RecordDocumentSample(*replayed), recorded);
}

TEST(DocumentSampleRecordTest, DamagedRecordIsCorruptionSayingWhatToDo) {
  auto replayed = ReplayDocumentPlan("{\"format\": 1}", DocumentPlanOptions{});
  ASSERT_FALSE(replayed.ok());
  EXPECT_EQ(replayed.status().code(), StatusCode::kCorruption);
  EXPECT_NE(replayed.status().message().find("--restart"), std::string::npos);
}

}  // namespace
}  // namespace ferry
