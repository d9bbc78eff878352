#include "mapping/document_config.h"

#include "mapping/target_type.h"

namespace ferry {
namespace {

Status ApplyColumns(const MappingConfig& config, const TableConfig& table,
                    CollectionOverrides* out) {
  for (const auto& [path, column] : table.columns) {
    FieldOverride& field = out->fields[path];
    field.name = column.name;
    field.exclude = column.exclude;
    if (!column.type) continue;
    Result<TargetType> type = ParseTargetType(*column.type);
    if (!type.ok()) {
      return Status::InvalidArgument(config.Where(column.line) + ": " + type.status().message());
    }
    if (type->type == LogicalType::kDate || type->type == LogicalType::kTime ||
        type->type == LogicalType::kTimestamp || type->length >= 0) {
      return Status::InvalidArgument(
          config.Where(column.line) + ": type '" + *column.type + "' for field '" + path +
          "' is not filled from documents; use timestamptz, text, jsonb, numeric, bigint, "
          "integer, double precision, boolean, uuid or bytea");
    }
    field.type = type->type;
  }
  return Status::OK();
}

}  // namespace

Result<DocumentPlanOptions> ApplyMappingConfig(const MappingConfig& config,
                                               DocumentPlanOptions base,
                                               DocumentFlagsSet flags_set) {
  DocumentOptions& d = base.defaults;
  if (config.objectid && !flags_set.objectid) d.objectid = *ParseObjectIdMode(*config.objectid);
  if (config.mode && !flags_set.mode) d.mode = *ParseDocumentMode(*config.mode);
  if (config.depth && !flags_set.depth) d.depth = *config.depth;
  if (config.snake_case) d.snake_case = *config.snake_case;
  for (const auto& [collection, table] : config.tables) {
    if (table.exclude) {
      base.exclude.push_back(collection);
      continue;
    }
    CollectionOverrides& out = base.collections[collection];
    out.name = table.name;
    if (table.mode && !flags_set.mode) out.mode = ParseDocumentMode(*table.mode);
    if (table.depth && !flags_set.depth) out.depth = table.depth;
    FERRY_RETURN_IF_ERROR(ApplyColumns(config, table, &out));
  }
  return base;
}

}  // namespace ferry
