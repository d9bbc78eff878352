#include "connectors/postgres/pg_engine.h"

#include <memory>
#include <set>

#include "connectors/postgres/pg_connection.h"
#include "connectors/postgres/pg_native_schema.h"
#include "connectors/postgres/pg_raw_rows.h"
#include "connectors/postgres/pg_run_store.h"
#include "connectors/postgres/pg_snapshot.h"
#include "connectors/postgres/pg_source.h"
#include "connectors/postgres/pg_target.h"

namespace ferry {
namespace {

std::string SchemaOf(const Endpoint& endpoint) {
  return endpoint.schema.empty() ? "public" : endpoint.schema;
}

class PgEngine : public Engine {
 public:
  std::string_view name() const override { return "PostgreSQL"; }
  std::string_view native_schema_dialect() const override { return "postgresql"; }
  std::vector<std::string> native_schema_carried_kinds() const override {
    return PgNativeCarriedKinds(/*no_acl=*/false);
  }

  bool CanRead() const override { return true; }
  SourceValues source_values() const override { return SourceValues::kPostgres; }
  SnapshotLife snapshot_life() const override { return SnapshotLife::kProcess; }

  Result<std::unique_ptr<Source>> OpenSource(const Endpoint& endpoint) const override {
    FERRY_ASSIGN_OR_RETURN(std::unique_ptr<PgSource> source,
                           PgSource::Open(endpoint, SchemaOf(endpoint)));
    return std::unique_ptr<Source>(std::move(source));
  }
  // --from-schema public is the default, not another run.
  std::string SourceIdentity(const Endpoint& source) const override {
    if (source.schema != "public") return source.Redacted();
    Endpoint read_by_default = source;
    read_by_default.schema.clear();
    return read_by_default.Redacted();
  }
  Result<TakenSnapshot> TakeSnapshot(const Endpoint& source, const std::string& /*run_id*/,
                                     const std::filesystem::path& /*dir*/) const override {
    return TakePgSnapshot(source);
  }
  Result<std::unique_ptr<Source>> OpenSnapshotSource(
      const Endpoint& source, const SourceSnapshot& snapshot) const override {
    return OpenPgSnapshotSource(source, snapshot);
  }
  Result<std::string> DescribeSourceChange(const Endpoint& source,
                                           const SourceSnapshot& snapshot) const override {
    return DescribePgSourceChange(source, snapshot);
  }

  bool CanWrite() const override { return true; }
  Result<std::unique_ptr<Target>> OpenTarget(const Endpoint& endpoint,
                                             const std::string& schema) const override {
    FERRY_ASSIGN_OR_RETURN(std::unique_ptr<PgTarget> target, PgTarget::Connect(endpoint, schema));
    return std::unique_ptr<Target>(std::move(target));
  }
  Result<std::unique_ptr<Source>> OpenTargetReader(const Endpoint& endpoint,
                                                   const std::string& schema) const override {
    FERRY_ASSIGN_OR_RETURN(std::unique_ptr<PgSource> source, PgSource::Open(endpoint, schema));
    return std::unique_ptr<Source>(std::move(source));
  }
  Result<std::unique_ptr<RunStore>> OpenRunStore(const Endpoint& endpoint,
                                                 const std::string& schema) const override {
    FERRY_ASSIGN_OR_RETURN(std::unique_ptr<PgRunStore> store,
                           PgRunStore::Connect(endpoint, schema));
    return std::unique_ptr<RunStore>(std::move(store));
  }
  // Every type name as the target prints it: a few thousand rows, read once.
  Result<TypeCheck> TargetTypes(const Endpoint& endpoint) const override {
    FERRY_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Connect(endpoint, "ferry plan"));
    FERRY_ASSIGN_OR_RETURN(PgResult r, conn.Exec("SELECT format_type(oid, NULL) FROM pg_type"));
    auto names = std::make_shared<std::set<std::string>>();
    for (int i = 0; i < r.rows(); ++i) names->emplace(r.Get(i, 0));
    return TypeCheck([names](const std::string& name) { return names->count(name) > 0; });
  }
  // PostgreSQL's rules; writers take PostgreSQL sources' COPY tuples as they
  // are (PgTarget::raw_row_format: not CockroachDB, which ferry plan cannot tell).
  TargetRules target_rules() const override {
    TargetRules rules;
    rules.raw_row_format = kPgRawRowFormat;
    return rules;
  }
};

}  // namespace

const Engine& PostgresEngine() {
  static const PgEngine engine;
  return engine;
}

}  // namespace ferry
