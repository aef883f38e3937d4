// serving.cc: the HTTP server's life in a command: bind, announce, serve, stop on a signal.
#include "cli/serving.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <thread>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "fmt/format.h"
#include "server/mqtt/mqtt_feed.h"
#include "server/routes/routes.h"
#include "vee/run/continuous_vee.h"

namespace gridline::cli {

namespace {

// A signal handler may only do async-signal-safe work: it writes the signal number into a pipe
// that a watcher thread reads. This works whichever thread the signal lands on, so RocksDB's
// and the server's threads need no signal masks.
int g_signal_pipe[2] = {-1, -1};

void OnSignal(int sig) {
  const unsigned char b = static_cast<unsigned char>(sig);
  const int saved = errno;
  [[maybe_unused]] const ssize_t n = ::write(g_signal_pipe[1], &b, 1);
  errno = saved;
}

}  // namespace

absl::Status ParseListen(const std::string& listen, server::ServerOptions* options) {
  std::string host = "127.0.0.1";
  std::string port_text = listen;
  if (!listen.empty() && listen[0] == '[') {
    const size_t close = listen.find(']');
    if (close == std::string::npos || close + 1 >= listen.size() || listen[close + 1] != ':') {
      return absl::InvalidArgumentError(fmt::format("--listen '{}': expected [ADDR]:PORT", listen));
    }
    host = listen.substr(1, close - 1);
    port_text = listen.substr(close + 2);
  } else if (const size_t colon = listen.rfind(':'); colon != std::string::npos) {
    if (colon > 0) host = listen.substr(0, colon);
    port_text = listen.substr(colon + 1);
  }
  int port = -1;
  auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || p != port_text.data() + port_text.size() || port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        fmt::format("--listen '{}': expected ADDR:PORT with a port 0..65535", listen));
  }
  options->host = host;
  options->port = port;
  return absl::OkStatus();
}

int ServeUntilSignal(engine::Engine* engine, const std::string& data_dir,
                     const server::ServerOptions& options,
                     const std::function<std::string(const std::string& url)>& banner) {
  server::HttpServer http(engine, data_dir, options);
  server::RegisterAllRoutes(&http.router());
  const absl::StatusOr<int> port = http.Bind();
  if (!port.ok()) return Fail("serve", port.status());
  // The MQTT feed writes beside the HTTP routes; /healthz answers 503 until it is subscribed.
  std::unique_ptr<server::mqtt::MqttFeed> feed;
  if (options.mqtt) {
    feed = std::make_unique<server::mqtt::MqttFeed>(http.context().store, &http.metrics(),
                                                    *options.mqtt);
    server::mqtt::MqttFeed* f = feed.get();
    http.context().not_ready = [f]() -> std::string {
      if (f->subscribed()) return {};
      return fmt::format("waiting for the MQTT broker {}:{} to grant the subscription to '{}'",
                         f->options().broker.host, f->options().broker.port, f->options().filter);
    };
    if (absl::Status s = feed->Start(); !s.ok()) return Fail("serve", s);
  }

  if (g_signal_pipe[0] < 0 && ::pipe2(g_signal_pipe, O_CLOEXEC) != 0) {
    return Fail("serve", absl::UnavailableError("cannot create the signal pipe"));
  }
  struct sigaction sa = {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
  // A client that hangs up must not kill the server.
  ::signal(SIGPIPE, SIG_IGN);
  std::thread watcher([&http] {
    unsigned char b = 0;
    while (::read(g_signal_pipe[0], &b, 1) < 0 && errno == EINTR) {
    }
    http.Stop();
  });

  const std::string host =
      options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  const std::string url = fmt::format("http://{}:{}", host, *port);
  std::printf("gridline serving %s\n", url.c_str());
  if (banner) std::printf("%s", banner(url).c_str());
  std::fflush(stdout);
  if (!options.auth) {
    std::fprintf(stderr,
                 "gridline serve: WARNING: --no-auth: every request is served as admin, "
                 "without a token; use it only for a local demo\n");
  }
  std::fprintf(stderr, "gridline serve: %d worker threads, at most %zu connections, data %s\n",
               http.worker_threads(), http.max_connections(), data_dir.c_str());
  // VEE on new data while serving; stopped (a pass in flight finished) before the engine closes.
  vee::ContinuousVee continuous_vee(
      engine,
      vee::ContinuousVeeOptions{options.vee_every_s, options.vee_window_s, options.vee_zone});
  const absl::Status served = http.Serve();
  if (feed) feed->Stop();
  // Wake the watcher when Serve ended for another reason than a signal.
  OnSignal(0);
  watcher.join();
  std::fprintf(stderr, "gridline serve: stopped\n");
  if (!served.ok()) return Fail("serve", served);
  return kExitOk;
}

}  // namespace gridline::cli
