// Engine: what one database engine offers ferry, behind one descriptor per
// connector folder (src/connectors/<engine>/*_engine.cc), as leveldb keeps
// platform code behind `Env`.
//
// An engine says what it can be (a source, a target), opens its Sources,
// Targets and run stores, takes and reopens the snapshot a resumable run
// reads, and names how its values arrive (which row conversions the mapping
// uses). EngineFor() finds the engine of an endpoint; it is defined in
// src/connectors/registry.cc, the one file that includes every connector, so
// the pipeline and the CLI ask an Engine and never switch on EndpointKind.
//
// Every method is const and thread-safe; an engine is a stateless singleton.
// What an engine cannot do fails with InvalidArgument saying what it can.
#ifndef FERRY_ENGINE_H_
#define FERRY_ENGINE_H_

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "ferry/endpoint.h"
#include "ferry/run_store.h"
#include "ferry/source.h"
#include "ferry/status.h"
#include "ferry/target.h"

namespace ferry {

// How a source's values arrive in its batches, which decides the row
// conversions to the logical types (src/mapping).
enum class SourceValues {
  kSqlite,     // SQLite storage classes, converted per declared type
  kPostgres,   // PostgreSQL values, already typed
  kDocuments,  // documents (BSON / Extended JSON), mapped by a document plan
};

// How long the snapshot a resumable run takes of a source lasts.
enum class SnapshotLife {
  kNone,     // no snapshot: rows written during the copy may or may not be copied
  kProcess,  // lives as long as the process that took it (a PostgreSQL exported snapshot)
  kRun,      // lasts until the run is done, across crashes (a SQLite snapshot file,
             // files read in place whose state the run compares)
};

// A consistent view of a copy's source for a whole run, shared by every
// worker of the run, in this process or another, before and after a crash.
struct SourceSnapshot {
  std::string location;  // what workers read (SQLite: the snapshot file's path;
                         // PostgreSQL: the exported snapshot's id); "": the source
  std::string state;     // the source's state when the snapshot was taken
  std::string note;      // how consistent the reads are, for the plan and status
};

// A new run's snapshot and the Source that reads it (nullptr: open it with
// Engine::OpenSnapshotSource). The Source may hold the snapshot (PostgreSQL's
// exported snapshot lives as long as it does; SQLite's reads the source while
// the snapshot file is written, and waits for the file when destroyed): destroy
// it before Engine::RemoveSnapshot.
struct TakenSnapshot {
  SourceSnapshot snapshot;
  std::unique_ptr<Source> source;
};

// What the mapping and `ferry plan` need of a target engine beyond its
// PostgreSQL-spelled types (mapping/target_dialect.h is filled from it).
// The defaults are PostgreSQL's.
struct TargetRules {
  size_t max_identifier_bytes = 63;  // longer names are shortened; 0: no limit
  bool text_may_hold_nul = false;
  // Whether the target runs the SQL of column defaults and CHECK constraints
  // (PostgreSQL's dialect); when not, the plan lists each as skipped.
  bool runs_sql_expressions = true;
  // The raw rows its writers take as they are (Target::raw_row_format), for the plan.
  std::string raw_row_format;
  // How a target column is stored, for the plan's reasons; empty: its type says it.
  std::function<std::string(const Column&)> storage_rule;
  // The DDL `ferry plan` prints per table (CREATE TABLE; what runs after the
  // data); empty: the PostgreSQL DDL.
  std::function<std::string(const TableSchema&)> create_table_sql;
  std::function<std::vector<std::string>(const TableSchema&)> post_data_sql;
};

// Whether a target has a type by the name a source column gives (PostgreSQL
// sources with types of their own); nullptr: every name is taken as known.
using TypeCheck = std::function<bool(const std::string& type_name)>;

class Engine {
 public:
  virtual ~Engine() = default;

  // "PostgreSQL", "SQLite", "MongoDB", ... for messages.
  virtual std::string_view name() const = 0;
  // The dialect of the engine's own schema (NativeSchema::dialect) that it
  // dumps as a source and restores as a target: "postgresql"; "": none.
  virtual std::string_view native_schema_dialect() const { return ""; }
  // The kinds of SkippedObject (as the engine's schema reader names them:
  // "view", "trigger", …) that its native schema carries, for the plan to list
  // as restored instead of skipped.
  virtual std::vector<std::string> native_schema_carried_kinds() const { return {}; }

  // As a source.
  virtual bool CanRead() const = 0;
  virtual SourceValues source_values() const = 0;
  virtual SnapshotLife snapshot_life() const = 0;
  // The Source for `endpoint` (a PostgreSQL source reads endpoint.schema, or public).
  virtual Result<std::unique_ptr<Source>> OpenSource(const Endpoint& endpoint) const;
  // How runs name the source: an absolute path for files, the redacted URL
  // otherwise. Part of the run id.
  virtual std::string SourceIdentity(const Endpoint& source) const;
  // Takes the snapshot of `source` for run `run_id`, in `dir` when the engine
  // writes one (empty: beside the source).
  virtual Result<TakenSnapshot> TakeSnapshot(const Endpoint& source, const std::string& run_id,
                                             const std::filesystem::path& dir) const;
  // The Source that reads `snapshot` (of a run being resumed or joined); when
  // the snapshot is gone it is taken again if the source is unchanged, or
  // NotFound says what to do.
  virtual Result<std::unique_ptr<Source>> OpenSnapshotSource(const Endpoint& source,
                                                             const SourceSnapshot& snapshot) const;
  // "" when `source` is as it was when `snapshot` was taken; else what changed.
  virtual Result<std::string> DescribeSourceChange(const Endpoint& source,
                                                   const SourceSnapshot& snapshot) const;
  // Deletes what the snapshot left (after the run is done); failures are logged.
  virtual void RemoveSnapshot(const Endpoint& source, const SourceSnapshot& snapshot) const {}

  // As a target.
  virtual bool CanWrite() const = 0;
  // The Target for `endpoint`, writing into `schema` (engines without schemas ignore it).
  virtual Result<std::unique_ptr<Target>> OpenTarget(const Endpoint& endpoint,
                                                     const std::string& schema) const;
  // A Source reading back the tables a copy wrote (verify's target side), in one snapshot,
  // with values as source_values() says (SQLite: storage classes, which the
  // caller converts by declared type: mapping/sqlite_typed_source.h).
  virtual Result<std::unique_ptr<Source>> OpenTargetReader(const Endpoint& endpoint,
                                                           const std::string& schema) const;
  // Where runs of copies into `endpoint` keep their state; the run's tables are in `schema`.
  virtual Result<std::unique_ptr<RunStore>> OpenRunStore(const Endpoint& endpoint,
                                                         const std::string& schema) const;
  // Which type names the target has (read once from it); nullptr when the
  // engine does not check type names.
  virtual Result<TypeCheck> TargetTypes(const Endpoint& endpoint) const { return TypeCheck(); }
  virtual TargetRules target_rules() const { return TargetRules(); }

 protected:
  // InvalidArgument: "ferry cannot <what> <endpoint>: <name> <why>".
  Status Cannot(std::string_view what, const Endpoint& endpoint, std::string_view why) const;
};

// The engine of `endpoint`. Every EndpointKind has one (kinds ferry cannot
// use yet have one that says so). Defined in src/connectors/registry.cc.
const Engine& EngineFor(const Endpoint& endpoint);

}  // namespace ferry

#endif  // FERRY_ENGINE_H_
