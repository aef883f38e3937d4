// engine.h: a gridline database as commands and the server open it: the store, with the
// roll-up maintainer listening to its writes (and, once loaded, the grid topology that places
// meters). Everything that writes readings opens an Engine, never a bare Store, so roll-ups can
// never miss a write.
//
// Thread-safety: as Store; the accessors may be called from any thread.
#ifndef GRIDLINE_ENGINE_ENGINE_H_
#define GRIDLINE_ENGINE_ENGINE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "rollup/rollup_maintainer.h"
#include "storage/store.h"

namespace gridline::engine {

class Engine {
 public:
  // Opens the store at options.path (see Store::Open) and, unless read-only, attaches the
  // roll-up maintainer.
  static absl::StatusOr<std::unique_ptr<Engine>> Open(const storage::StoreOptions& options);
  ~Engine();

  storage::Store* store() { return store_.get(); }
  const storage::Store& store() const { return *store_; }
  // nullptr when the store is open read-only.
  rollup::RollupMaintainer* rollups() { return rollups_.get(); }

 private:
  Engine() = default;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<rollup::RollupMaintainer> rollups_;
};

}  // namespace gridline::engine

#endif  // GRIDLINE_ENGINE_ENGINE_H_
