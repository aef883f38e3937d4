// http_front.cc: the acceptor, the I/O threads and the stop of the HTTP front (http_front.h).
#include "server/transport/http_front.h"

#include <sys/resource.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <optional>
#include <thread>
#include <vector>

#include "boost/asio/executor_work_guard.hpp"
#include "boost/asio/io_context.hpp"
#include "boost/asio/post.hpp"
#include "boost/asio/strand.hpp"
#include "fmt/format.h"
#include "httplib.h"
#include "server/api_error.h"
#include "server/transport/connection.h"
#include "server/transport/response_writer.h"

namespace gridline::server::transport {

namespace net = boost::asio;
using boost::beast::error_code;
using net::ip::tcp;

namespace {

// After the listening socket ran out of file descriptors, accepting waits this long: a tight
// retry loop would spin a core while nothing can be accepted.
constexpr std::chrono::milliseconds kAcceptRetry{50};

// Raises the soft limit on open files to the hard limit and returns it.
size_t RaiseOpenFileLimit() {
  rlimit limit = {};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur == RLIM_INFINITY ? size_t{1} << 20 : static_cast<size_t>(limit.rlim_cur);
}

// The answer to a connection over the cap, written without waiting: the socket is new, its send
// buffer empty.
std::string OverCapacityAnswer() {
  httplib::Response r;
  r.status = 503;
  r.set_content(ErrorBody("unavailable", "the server has too many open connections; retry later"),
                "application/json");
  return ResponseHead(r, false, false) + r.body;
}

}  // namespace

struct HttpFront::Impl {
  explicit Impl(FrontOptions options, Handler handler, ErrorCounter count_error,
                StreamsBody streams)
      : io(std::max(1, options.io_threads)),
        acceptor(net::make_strand(io)),
        accept_retry(acceptor.get_executor()) {
    state.options = std::move(options);
    state.handler = std::move(handler);
    state.count_error = std::move(count_error);
    state.streams = std::move(streams);
  }

  void Accept() {
    acceptor.async_accept(net::make_strand(io), [this](error_code ec, tcp::socket socket) {
      OnAccept(ec, std::move(socket));
    });
  }

  void OnAccept(error_code ec, tcp::socket socket) {
    if (state.stopping.load() || ec == net::error::operation_aborted) return;
    if (ec) {
      if (ec.value() == EMFILE || ec.value() == ENFILE || ec.value() == ENOBUFS ||
          ec.value() == ENOMEM) {
        if (!warned_descriptors.exchange(true)) {
          std::fprintf(stderr,
                       "gridline serve: cannot accept a connection: %s (open files "
                       "limit?); refusing new ones until some close\n",
                       ec.message().c_str());
        }
        accept_retry.expires_after(kAcceptRetry);
        accept_retry.async_wait([this](error_code e) {
          if (!e && !state.stopping.load()) Accept();
        });
        return;
      }
      return Accept();
    }
    error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    uint64_t id = 0;
    bool over = false;
    {
      absl::MutexLock lock(&state.mu);
      over = state.open >= max_connections;
      if (!over) {
        ++state.open;
        id = next_id++;
      }
    }
    if (over) {
      if (state.count_error) state.count_error(503, "", "", 0);
      [[maybe_unused]] const ssize_t n = ::send(socket.native_handle(), over_capacity.data(),
                                                over_capacity.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      socket.close(ignored);
      return Accept();
    }
    auto connection = std::make_shared<Connection>(std::move(socket), &state, id);
    {
      absl::MutexLock lock(&state.mu);
      state.live[id] = connection;
    }
    connection->Start();
    Accept();
  }

  FrontState state;  // first: connections reach it until the io_context is gone
  std::unique_ptr<WorkerPool> pool;
  net::io_context io;
  tcp::acceptor acceptor;
  net::steady_timer accept_retry;
  std::atomic<bool> warned_descriptors{false};
  uint64_t next_id = 0;  // under state.mu
  size_t max_connections = 0;
  const std::string over_capacity = OverCapacityAnswer();
  bool stop_requested ABSL_GUARDED_BY(state.mu) = false;
};

HttpFront::HttpFront(FrontOptions options, Handler handler, ErrorCounter count_error,
                     StreamsBody streams)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(count_error),
                                   std::move(streams))) {}

HttpFront::~HttpFront() = default;

size_t HttpFront::max_connections() const { return impl_->max_connections; }

absl::StatusOr<int> HttpFront::Bind() {
  const FrontOptions& o = impl_->state.options;
  const size_t files = RaiseOpenFileLimit();
  impl_->max_connections =
      o.max_connections > 0 ? o.max_connections : std::max<size_t>(64, files / 4 * 3);
  auto fail = [&](const error_code& ec) {
    return absl::UnavailableError(
        fmt::format("cannot listen on {}:{} ({}; in use, or not an address of this machine?)",
                    o.host, o.port, ec.message()));
  };
  error_code ec;
  tcp::resolver resolver(impl_->io);
  const auto endpoints = resolver.resolve(
      o.host, std::to_string(o.port), tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty()) return fail(ec);
  const tcp::endpoint endpoint = endpoints.begin()->endpoint();
  tcp::acceptor& a = impl_->acceptor;
  if (a.open(endpoint.protocol(), ec); ec) return fail(ec);
  if (a.set_option(net::socket_base::reuse_address(true), ec); ec) return fail(ec);
  if (a.bind(endpoint, ec); ec) return fail(ec);
  if (a.listen(net::socket_base::max_listen_connections, ec); ec) return fail(ec);
  impl_->pool = std::make_unique<WorkerPool>(o.workers, o.max_queued);
  impl_->state.pool = impl_->pool.get();
  return static_cast<int>(a.local_endpoint().port());
}

absl::Status HttpFront::Serve() {
  Impl& s = *impl_;
  auto guard = net::make_work_guard(s.io);
  net::post(s.acceptor.get_executor(), [&s] { s.Accept(); });
  std::vector<std::thread> threads;
  for (int i = 0; i < std::max(1, s.state.options.io_threads); ++i) {
    threads.emplace_back([&s] { s.io.run(); });
  }
  {
    absl::MutexLock lock(&s.state.mu);
    s.state.mu.Await(absl::Condition(&s.stop_requested));
    // Requests in flight finish within their deadlines; wait for them, but not forever.
    const absl::Duration drain = absl::Milliseconds(s.state.options.handler_timeout.count()) +
                                 absl::Milliseconds(s.state.options.write_timeout.count()) +
                                 absl::Seconds(5);
    s.state.mu.AwaitWithTimeout(
        absl::Condition(
            +[](FrontState* st) ABSL_EXCLUSIVE_LOCKS_REQUIRED(st->mu) { return st->open == 0; },
            &s.state),
        drain);
  }
  s.pool->Shutdown();
  guard.reset();
  s.io.stop();
  for (std::thread& t : threads) t.join();
  return absl::OkStatus();
}

void HttpFront::Stop() {
  Impl& s = *impl_;
  std::vector<std::shared_ptr<Connection>> live;
  {
    absl::MutexLock lock(&s.state.mu);
    if (s.stop_requested) return;
    s.stop_requested = true;
    s.state.stopping.store(true);
    for (const auto& [id, weak] : s.state.live) {
      if (auto c = weak.lock()) live.push_back(std::move(c));
    }
  }
  net::post(s.acceptor.get_executor(), [&s] {
    error_code ignored;
    s.acceptor.close(ignored);
    s.accept_retry.cancel();
  });
  for (const auto& c : live) c->Shutdown();
}

}  // namespace gridline::server::transport
