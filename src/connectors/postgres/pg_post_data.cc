#include "connectors/postgres/pg_post_data.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "connectors/postgres/pg_ddl.h"
#include "connectors/postgres/pg_dump_session.h"
#include "connectors/postgres/pg_post_data_plan.h"
#include "core/log.h"

namespace ferry {
namespace {

constexpr int kLockRetries = 3;

int JobsOr(int jobs) {
  return jobs > 0 ? jobs : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

struct Worker {
  explicit Worker(PgConnection c) : conn(std::move(c)), session(conn) {}
  PgConnection conn;
  PgDumpSession session;  // on `conn`
};

// `jobs` connections to the target, each used by one thread at a time.
class Pool {
 public:
  static Result<Pool> Open(const Endpoint& target, int jobs) {
    Pool pool;
    for (int i = 0; i < jobs; ++i) {
      FERRY_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Connect(target, "ferry post-data"));
      pool.workers_.push_back(std::make_unique<Worker>(std::move(conn)));
    }
    return pool;
  }

  // Runs task(worker, i) for every i below `count`, each on one worker, the
  // workers in parallel. Stops at the first error, or on `stop`.
  Status ForEach(size_t count, const std::function<Status(Worker&, size_t)>& task,
                 std::stop_token stop) {
    std::atomic<size_t> next{0};
    std::mutex mu;
    Status first;  // guarded by mu
    auto run = [&](Worker& worker) {
      while (!stop.stop_requested()) {
        {
          std::lock_guard lock(mu);
          if (!first.ok()) return;
        }
        size_t i = next.fetch_add(1);
        if (i >= count) return;
        Status status = task(worker, i);
        if (!status.ok()) {
          std::lock_guard lock(mu);
          if (first.ok()) first = std::move(status);
          return;
        }
      }
    };
    {
      std::vector<std::jthread> threads;
      for (size_t k = 0; k < std::min(workers_.size(), count); ++k) {
        threads.emplace_back(run, std::ref(*workers_[k]));
      }
    }
    if (!first.ok()) return first;
    if (stop.stop_requested()) return Status::Cancelled("stopped before the post-data was done");
    return Status::OK();
  }

 private:
  std::vector<std::unique_ptr<Worker>> workers_;
};

// Failures from several threads, returned in the order of their positions.
class Failures {
 public:
  void Add(size_t position, PgEntryFailure failure) {
    std::lock_guard lock(mu_);
    items_.emplace_back(position, std::move(failure));
  }
  std::vector<PgEntryFailure> Sorted() {
    std::lock_guard lock(mu_);
    std::stable_sort(items_.begin(), items_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<PgEntryFailure> out;
    for (auto& item : items_) out.push_back(std::move(item.second));
    return out;
  }

 private:
  std::mutex mu_;
  std::vector<std::pair<size_t, PgEntryFailure>> items_;  // guarded by mu_
};

Status RunOnce(PgConnection& conn, const std::string& sql, PgError* error) {
  FERRY_ASSIGN_OR_RETURN(PgTransaction txn, PgTransaction::Begin(conn));
  FERRY_RETURN_IF_ERROR(conn.Run(sql, error));
  return txn.Commit(error);
}

// Runs `sql` in a transaction of its own, again after a deadlock or lock
// timeout; *refused holds the server's error when it refused. A Status error
// only when the session fails.
Status RunInTransaction(PgConnection& conn, const std::string& sql,
                        std::optional<PgError>* refused) {
  for (int attempt = 0;; ++attempt) {
    PgError error;
    Status status = RunOnce(conn, sql, &error);
    if (status.ok() || status.code() != StatusCode::kDataError || conn.IsBroken()) return status;
    bool lock_conflict = error.sqlstate == "40P01" || error.sqlstate == "55P03";
    if (lock_conflict && attempt < kLockRetries) continue;
    if (error.message.empty()) error.message = status.message();
    *refused = std::move(error);
    return Status::OK();
  }
}

// The server refused `entry` because what it makes is there already (header).
bool AlreadyDone(const PgDumpEntry& entry, const PgError& error) {
  return error.sqlstate == "42P07" || error.sqlstate == "42710" ||
         (error.sqlstate == "42P16" && entry.kind == "CONSTRAINT") ||
         // A key from its index (SplitKeysFromIndexes) that a run before made.
         (error.sqlstate == "55000" && entry.kind == "CONSTRAINT" &&
          error.message.find("already associated with a constraint") != std::string::npos);
}

Status ApplyEntry(Worker& worker, const PgDumpEntry& entry, size_t position, Failures* failures) {
  FERRY_RETURN_IF_ERROR(worker.session.Apply(entry.settings));
  std::optional<PgError> refused;
  if (!entry.sql.empty()) {
    FERRY_RETURN_IF_ERROR(RunInTransaction(worker.conn, entry.sql, &refused));
    if (refused && !AlreadyDone(entry, *refused)) {
      failures->Add(position, MakePgEntryFailure(entry, *refused));
      return Status::OK();
    }
  }
  if (entry.owner_sql.empty()) return Status::OK();
  refused.reset();
  FERRY_RETURN_IF_ERROR(RunInTransaction(worker.conn, entry.owner_sql, &refused));
  if (refused) {
    failures->Add(
        position,
        MakePgEntryFailure(entry, *refused, "the object is restored, owned by the target's user"));
  }
  return Status::OK();
}

size_t MostGroups(const std::vector<PgPostDataWave>& waves) {
  size_t most = 0;
  for (const PgPostDataWave& wave : waves) most = std::max(most, wave.groups.size());
  return most;
}

Status Analyze(Pool& pool, const std::vector<PgTableName>& tables, size_t first_position,
               Failures* failures, std::stop_token stop) {
  return pool.ForEach(
      tables.size(),
      [&](Worker& worker, size_t i) {
        PgError error;
        Status status =
            worker.conn.Run("ANALYZE " + QualifiedPgName(tables[i].schema, tables[i].name), &error);
        if (status.ok() || status.code() != StatusCode::kDataError || worker.conn.IsBroken()) {
          return status;
        }
        PgDumpEntry entry;
        entry.kind = "ANALYZE";
        entry.name = tables[i].name;
        entry.schema = tables[i].schema;
        failures->Add(first_position + i, MakePgEntryFailure(entry, error));
        return Status::OK();
      },
      stop);
}

}  // namespace

Result<std::vector<PgEntryFailure>> ApplyPgPostData(const Endpoint& target,
                                                    const PgDumpScript& post_data,
                                                    const PgPostDataOptions& options) {
  std::vector<PgPostDataWave> waves = PlanPgPostData(post_data);
  size_t connections =
      std::min<size_t>(JobsOr(options.jobs), std::max(MostGroups(waves), options.analyze.size()));
  FERRY_ASSIGN_OR_RETURN(Pool pool, Pool::Open(target, static_cast<int>(connections)));
  Failures failures;
  for (const PgPostDataWave& wave : waves) {
    if (wave.groups.empty()) continue;
    spdlog::info("post-data: {} ({} groups on {} connections)", wave.name, wave.groups.size(),
                 std::min(connections, wave.groups.size()));
    FERRY_RETURN_IF_ERROR(pool.ForEach(
        wave.groups.size(),
        [&](Worker& worker, size_t g) {
          for (size_t e : wave.groups[g]) {
            FERRY_RETURN_IF_ERROR(ApplyEntry(worker, post_data.entries[e], e, &failures));
          }
          return Status::OK();
        },
        options.stop));
  }
  FERRY_RETURN_IF_ERROR(
      Analyze(pool, options.analyze, post_data.entries.size(), &failures, options.stop));
  return failures.Sorted();
}

Result<std::vector<PgEntryFailure>> AnalyzePgTables(const Endpoint& target,
                                                    const std::vector<PgTableName>& tables,
                                                    int jobs, std::stop_token stop) {
  size_t connections = std::min<size_t>(JobsOr(jobs), tables.size());
  FERRY_ASSIGN_OR_RETURN(Pool pool, Pool::Open(target, static_cast<int>(connections)));
  Failures failures;
  FERRY_RETURN_IF_ERROR(Analyze(pool, tables, 0, &failures, stop));
  return failures.Sorted();
}

}  // namespace ferry
