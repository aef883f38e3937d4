// serving.h: running the HTTP server over an open store until SIGINT or SIGTERM, shared by
// `gridline serve` and `gridline demo`.
#ifndef GRIDLINE_CLI_SERVING_H_
#define GRIDLINE_CLI_SERVING_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "engine/engine.h"
#include "server/server.h"

namespace gridline::cli {

// "HOST:PORT", ":PORT", "PORT" or "[v6]:PORT" into options->host and options->port
// (default host 127.0.0.1; port 0 picks an ephemeral port).
absl::Status ParseListen(const std::string& listen, server::ServerOptions* options);

// Registers every route, binds, prints `gridline serving http://HOST:PORT` as a line of its own
// on stdout (flushed: tests and scripts read the real port from it) followed by banner(url)
// when given, and serves until SIGINT or SIGTERM; then waits for the requests in flight and
// returns. The caller closes the engine. Returns the command's exit status.
int ServeUntilSignal(engine::Engine* engine, const std::string& data_dir,
                     const server::ServerOptions& options,
                     const std::function<std::string(const std::string& url)>& banner = nullptr);

}  // namespace gridline::cli

#endif  // GRIDLINE_CLI_SERVING_H_
