#include "engine/engine.h"

#include <cstdlib>
#include <string_view>

#include "common/status_macros.h"

namespace gridline::engine {

absl::StatusOr<std::unique_ptr<Engine>> Engine::Open(const storage::StoreOptions& options) {
  std::unique_ptr<Engine> e(new Engine());
  GL_ASSIGN_OR_RETURN(e->store_, storage::Store::Open(options));
  // GRIDLINE_UNSAFE_NO_ROLLUPS=1 leaves roll-ups out of writes: only for `bench core`, which
  // measures what keeping them costs on a throwaway store (its roll-ups are then wrong).
  const char* no_rollups = std::getenv("GRIDLINE_UNSAFE_NO_ROLLUPS");
  if (!options.read_only && !(no_rollups != nullptr && std::string_view(no_rollups) == "1")) {
    e->rollups_ = std::make_unique<rollup::RollupMaintainer>(e->store_.get());
  }
  return e;
}

Engine::~Engine() {
  // The store goes first: it may still call the listener while it closes.
  store_.reset();
  rollups_.reset();
}

}  // namespace gridline::engine
