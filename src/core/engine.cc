#include "ferry/engine.h"

namespace ferry {

Status Engine::Cannot(std::string_view what, const Endpoint& endpoint, std::string_view why) const {
  return Status::InvalidArgument("ferry cannot " + std::string(what) + " " + endpoint.Redacted() +
                                 ": " + std::string(name()) + " " + std::string(why));
}

Result<std::unique_ptr<Source>> Engine::OpenSource(const Endpoint& endpoint) const {
  return Cannot("read", endpoint,
                "is not a source ferry reads yet; --from takes sqlite:PATH, postgres://..., "
                "mongodb://..., mongodump:DIR, ndjson:PATH or mongoexport:PATH");
}

std::string Engine::SourceIdentity(const Endpoint& source) const { return source.Redacted(); }

Result<TakenSnapshot> Engine::TakeSnapshot(const Endpoint& source, const std::string& run_id,
                                           const std::filesystem::path& dir) const {
  return TakenSnapshot{{"", "",
                        "this source gives no snapshot: rows written during the copy may or may "
                        "not be copied"},
                       nullptr};
}

Result<std::unique_ptr<Source>> Engine::OpenSnapshotSource(const Endpoint& source,
                                                           const SourceSnapshot& snapshot) const {
  return OpenSource(source);
}

Result<std::string> Engine::DescribeSourceChange(const Endpoint& source,
                                                 const SourceSnapshot& snapshot) const {
  return std::string();
}

Result<std::unique_ptr<Target>> Engine::OpenTarget(const Endpoint& endpoint,
                                                   const std::string& schema) const {
  return Cannot("write to", endpoint,
                "is not a target ferry writes yet; --to takes postgres://... or sqlite:PATH");
}

Result<std::unique_ptr<Source>> Engine::OpenTargetReader(const Endpoint& endpoint,
                                                         const std::string& schema) const {
  return Cannot("read back", endpoint,
                "is not a target ferry writes yet; --to takes postgres://... or sqlite:PATH");
}

Result<std::unique_ptr<RunStore>> Engine::OpenRunStore(const Endpoint& endpoint,
                                                       const std::string& schema) const {
  return Cannot("keep run state in", endpoint,
                "is not a target ferry writes yet; --to takes postgres://... or sqlite:PATH");
}

}  // namespace ferry
