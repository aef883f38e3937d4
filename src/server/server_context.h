// server_context.h: what every handler can reach besides its request: the store, the metrics,
// the data directory and the limits the server was started with. Subsystems that routes need
// (the grid model, roll-ups, ...) get a member here, set by the command that starts the server
// before it serves.
#ifndef GRIDLINE_SERVER_SERVER_CONTEXT_H_
#define GRIDLINE_SERVER_SERVER_CONTEXT_H_

#include <cstddef>
#include <functional>
#include <string>

#include "engine/engine.h"
#include "ingest/lineproto/line_protocol.h"
#include "storage/store.h"

namespace gridline::server {

class IdempotencyStore;
class Metrics;
class Router;

struct ServerLimits {
  size_t max_body_bytes = size_t{64} << 20;  // request bodies (--max-body)
  // Streamed bodies of the upload routes, as sent and inflated (--max-upload).
  uint64_t max_upload_bytes = uint64_t{64} << 30;
  size_t max_page = 1000;  // items per page of a list (`limit`)
  size_t default_page = 100;
  size_t max_agg_rows = 100'000;  // steps of one aggregate or roll-up answer
  // 15-minute intervals one analytics request reads, over the asset and its children (16 bytes
  // each): 2^22, 64 MiB.
  size_t max_analytics_intervals = size_t{1} << 22;
  // Readings answers over more slots than this are streamed (chunked) instead of sent whole.
  int64_t stream_above_slots = 20'000;
};

struct ServerContext {
  engine::Engine* engine = nullptr;  // the database, open read-write for the server's life
  storage::Store* store = nullptr;   // engine->store(): writes reach the roll-ups through it
  Metrics* metrics = nullptr;
  const Router* router = nullptr;
  std::string data_dir;
  ServerLimits limits;
  bool auth = true;  // false with `serve --no-auth`: every request is admin
  // How /write maps line protocol to readings (serve --lp-meter-tag, --lp-value-field,
  // --lp-measurement).
  ingest::LineProtocolMapping line_protocol;
  IdempotencyStore* idempotency = nullptr;  // Idempotency-Key answers (idempotency.h)
  // Empty, or why the server is not ready yet (serve --mqtt: until the broker grants the
  // subscription); /healthz answers 503 with it while it says something. Set before Serve.
  std::function<std::string()> not_ready;
};

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_SERVER_CONTEXT_H_
