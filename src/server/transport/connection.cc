// connection.cc: one client connection of the HTTP front (connection.h).
#include "server/transport/connection.h"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <utility>

#include "boost/asio/post.hpp"
#include "boost/asio/write.hpp"
#include "boost/beast/http/read.hpp"
#include "common/strings.h"
#include "fmt/format.h"
#include "httplib.h"
#include "server/api_error.h"
#include "server/transport/body_inflater.h"
#include "server/transport/response_compression.h"
#include "server/transport/response_writer.h"

namespace gridline::server::transport {

namespace net = boost::asio;
namespace http = boost::beast::http;
using boost::beast::error_code;

namespace {

// How long a refused client gets to read its error answer, and how much of what
// it still sends is read (and dropped) meanwhile.
constexpr std::chrono::milliseconds kRefusalTimeout{5'000};
constexpr std::chrono::milliseconds kLingerTimeout{2'000};
constexpr size_t kLingerBytes = size_t{1} << 20;
constexpr size_t kFirstRead = 4096;
// How long a worker waits for the next request of the connection it answered,
// and how many it answers in a row before handing the connection back (fairness
// among connections).
constexpr std::chrono::microseconds kWorkerLinger{2'000};
constexpr int kMaxInline = 100;
// A body of a streaming route with a Content-Length up to this (and --max-body) is read whole
// as any other: it mostly came with its headers, and a refusal can then keep the connection
// (a stream the handler did not read to its end closes it).
constexpr uint64_t kReadWholeUpTo = 64 * 1024;

long Seconds(std::chrono::milliseconds d) { return static_cast<long>(d.count() / 1000); }

// The dispatcher's view of a request: cpp-httplib's Request, filled as its own
// server did (path percent-decoded, query parameters parsed by httplib), so the
// routes need not change.
httplib::Request HeaderToHttplib(const http::request_header<>& m) {
  httplib::Request r;
  r.method = std::string(m.method_string());
  r.target = std::string(m.target());
  r.version = m.version() == 10 ? "HTTP/1.0" : "HTTP/1.1";
  const size_t q = r.target.find('?');
  r.path = httplib::detail::decode_url(r.target.substr(0, q), false);
  if (q != std::string::npos) httplib::detail::parse_query_text(r.target.substr(q + 1), r.params);
  for (const auto& f : m) {
    r.headers.emplace(std::string(f.name_string()), std::string(f.value()));
  }
  return r;
}

httplib::Request ToHttplib(http::request<http::string_body>&& m) {
  httplib::Request r = HeaderToHttplib(m.base());
  r.body = std::move(m.body());
  return r;
}

std::string_view View(boost::beast::string_view s) { return std::string_view(s.data(), s.size()); }

}  // namespace

Connection::Connection(net::ip::tcp::socket socket, FrontState* front, uint64_t id)
    : socket_(std::move(socket)), timer_(socket_.get_executor()), front_(front), id_(id) {}

Connection::~Connection() {
  absl::MutexLock lock(&front_->mu);
  front_->live.erase(id_);
  --front_->open;
}

void Connection::Start() {
  net::post(socket_.get_executor(), [self = shared_from_this()] { self->WaitForRequest(); });
}

void Connection::Shutdown() {
  net::post(socket_.get_executor(), [self = shared_from_this()] {
    if (!self->busy_) return self->Close();
    if (self->stream_ != nullptr) {
      // An upload in flight: stop reading it (the handler ends with what it has).
      self->stop_reason_ = "the server is stopping: the upload was cut";
      error_code ignored;
      self->socket_.cancel(ignored);
    }
  });
}

void Connection::Arm(std::chrono::milliseconds after) {
  const uint64_t generation = ++timer_generation_;
  timed_out_ = false;
  timer_.expires_after(after);
  timer_.async_wait([self = shared_from_this(), generation](error_code ec) {
    if (ec || generation != self->timer_generation_ || self->closed_) return;
    self->timed_out_ = true;
    error_code ignored;
    self->socket_.cancel(ignored);
  });
}

void Connection::Disarm() {
  ++timer_generation_;
  timer_.cancel();
}

void Connection::NewParser() {
  parser_.emplace();
  streaming_ = false;
  parser_->header_limit(static_cast<std::uint32_t>(front_->options.max_header_bytes));
  // The larger limit until the headers say which applies (OnHeaderParsed): Beast checks a
  // Content-Length against it as soon as the headers end.
  parser_->body_limit(std::max(front_->options.max_body_bytes, front_->options.max_upload_bytes));
}

bool Connection::StreamsRoute(std::string_view method, std::string_view target) const {
  return front_->streams && !method.empty() && front_->streams(method, target);
}

void Connection::OnHeaderParsed() {
  const http::request<http::string_body>& m = parser_->get();
  const auto length = parser_->content_length();
  streaming_ =
      StreamsRoute(View(m.method_string()), View(m.target())) &&
      !(length && *length <= std::min<uint64_t>(kReadWholeUpTo, front_->options.max_body_bytes));
  parser_->body_limit(BodyLimit());
}

size_t Connection::BodyLimit() const {
  return streaming_ ? front_->options.max_upload_bytes : front_->options.max_body_bytes;
}

const char* Connection::BodyLimitFlag() const {
  return streaming_ ? "serve --max-upload" : "serve --max-body";
}

std::pair<std::string, std::string> Connection::RequestLine() const {
  // Beast's parser takes the request line as soon as it is whole (then the header fields as
  // they come), so after a refusal of the headers (408, 413, 431) it is there.
  if (parser_ && !parser_->get().target().empty()) {
    const http::request<http::string_body>& m = parser_->get();
    return {std::string(m.method_string()), std::string(m.target())};
  }
  // Not parsed yet: "METHOD SP TARGET SP" at the start of what arrived, both words whole.
  const std::string_view bytes(static_cast<const char*>(buffer_.data().data()),
                               buffer_.data().size());
  const size_t first = bytes.find(' ');
  if (first == std::string_view::npos || first == 0) return {};
  const size_t second = bytes.find(' ', first + 1);
  if (second == std::string_view::npos || second == first + 1) return {};
  const std::string_view line = bytes.substr(0, second);
  if (line.find_first_of("\r\n") != std::string_view::npos) return {};
  return {std::string(line.substr(0, first)), std::string(line.substr(first + 1))};
}

void Connection::CountError(int status) const {
  if (!front_->count_error) return;
  const auto [method, target] = RequestLine();
  CountError(status, method, target);
}

void Connection::CountError(int status, std::string_view method, std::string_view target) const {
  if (!front_->count_error) return;
  front_->count_error(
      status, method, target,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_at_).count());
}

void Connection::WaitForRequest() {
  if (closed_) return;
  if (front_->stopping.load()) return Close();
  NewParser();
  if (buffer_.size() > 0) return ReadHeader();  // the next request came with the last one
  // An idle keep-alive connection costs a socket and this buffer, and only for
  // idle_timeout.
  Arm(front_->options.idle_timeout);
  socket_.async_read_some(buffer_.prepare(kFirstRead),
                          [self = shared_from_this()](error_code ec, size_t n) {
                            if (ec) return self->Close();
                            self->buffer_.commit(n);
                            self->ReadHeader();
                          });
}

void Connection::ReadHeader() {
  // One deadline from the first byte for the headers and the body: a client
  // that trickles its request cannot keep the connection past it, however often
  // it sends a byte.
  started_at_ = std::chrono::steady_clock::now();
  Arm(front_->options.request_timeout);
  http::async_read_header(
      socket_, buffer_, *parser_,
      [self = shared_from_this()](error_code ec, size_t) { self->OnHeader(ec); });
}

std::optional<Connection::Refusal> Connection::CheckHeader() const {
  const http::request<http::string_body>& m = parser_->get();
  const auto lengths = m.count(http::field::content_length);
  if (lengths > 1 || m[http::field::content_length].find(',') != boost::beast::string_view::npos) {
    return Refusal{400, "invalid_argument",
                   "the request has more than one Content-Length: its body's length is "
                   "ambiguous (send one)"};
  }
  if (m.count(http::field::transfer_encoding) > 0 &&
      (m.count(http::field::transfer_encoding) > 1 ||
       !EqualsIgnoreCase(StripSpaces(std::string_view(m[http::field::transfer_encoding].data(),
                                                      m[http::field::transfer_encoding].size())),
                         "chunked"))) {
    return Refusal{501, "unimplemented",
                   "Transfer-Encoding: only `chunked` is supported (compress with "
                   "Content-Encoding: gzip instead)"};
  }
  if (const auto length = parser_->content_length(); length && *length > BodyLimit()) {
    return Refusal{413, "payload_too_large",
                   fmt::format("the request body of {} bytes is larger than the limit of {} bytes "
                               "({})",
                               *length, BodyLimit(), BodyLimitFlag())};
  }
  const auto encoding = m[http::field::content_encoding];
  if (absl::StatusOr<ContentEncoding> e =
          ParseContentEncoding(std::string_view(encoding.data(), encoding.size()));
      !e.ok()) {
    return Refusal{415, "unsupported_media_type", std::string(e.status().message())};
  }
  return std::nullopt;
}

void Connection::OnHeader(error_code ec) {
  if (ec) return ReadError(ec);
  OnHeaderParsed();
  if (std::optional<Refusal> r = CheckHeader()) return Refuse(r->status, r->code, r->message);
  if (parser_->is_done()) return Submit();
  if (streaming_) return StartStream();
  const http::request<http::string_body>& m = parser_->get();
  if (EqualsIgnoreCase(
          std::string_view(m[http::field::expect].data(), m[http::field::expect].size()),
          "100-continue")) {
    refusal_ = "HTTP/1.1 100 Continue\r\n\r\n";
    net::async_write(socket_, net::buffer(refusal_),
                     [self = shared_from_this()](error_code ec, size_t) {
                       if (ec) return self->ReadError(ec);
                       self->ReadBody();
                     });
    return;
  }
  ReadBody();
}

void Connection::ReadBody() {
  http::async_read(socket_, buffer_, *parser_,
                   [self = shared_from_this()](error_code ec, size_t) { self->OnBody(ec); });
}

void Connection::OnBody(error_code ec) {
  if (ec) return ReadError(ec);
  Submit();
}

void Connection::ReadError(error_code ec) {
  if (closed_) return;
  if (timed_out_) {
    return Refuse(408, "request_timeout",
                  fmt::format("the request was not received whole within {} s of its first byte "
                              "(serve --read-timeout)",
                              Seconds(front_->options.request_timeout)));
  }
  if (ec == http::error::header_limit) {
    return Refuse(431, "header_too_large",
                  fmt::format("the request line and headers are larger than {} bytes",
                              front_->options.max_header_bytes));
  }
  if (ec == http::error::body_limit) {
    // A Content-Length over both limits is refused as the headers end, before OnHeaderParsed.
    const auto [method, target] = RequestLine();
    streaming_ = StreamsRoute(method, target);
    return Refuse(413, "payload_too_large",
                  fmt::format("the request body is larger than the limit of {} bytes ({})",
                              BodyLimit(), BodyLimitFlag()));
  }
  if (ec == http::error::bad_content_length || ec == http::error::bad_transfer_encoding) {
    return Refuse(400, "invalid_argument",
                  "the request's framing is ambiguous or invalid: Content-Length given "
                  "with "
                  "Transfer-Encoding, twice with different values, or not a number");
  }
  if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
      ec != http::error::end_of_stream && ec != http::error::partial_message) {
    return Refuse(400, "invalid_argument", "malformed HTTP request: " + ec.message());
  }
  Close();  // the client went away or the server is stopping
}

void Connection::Refuse(int status, const std::string& code, const std::string& message) {
  CountError(status);
  httplib::Response r;
  r.status = status;
  r.set_content(ErrorBody(code, message), "application/json");
  refusal_ = ResponseHead(r, /*chunked=*/false, /*keep_alive=*/false) + r.body;
  Arm(std::min(front_->options.write_timeout, kRefusalTimeout));
  net::async_write(socket_, net::buffer(refusal_),
                   [self = shared_from_this()](error_code ec, size_t) {
                     if (ec) return self->Close();
                     self->LingerClose();
                   });
}

void Connection::LingerClose() {
  // Closing with unread bytes would reset the connection, and the client could
  // lose the answer before reading it: stop sending, and read what still comes,
  // for a bounded time and size.
  error_code ignored;
  socket_.shutdown(net::ip::tcp::socket::shutdown_send, ignored);
  buffer_.clear();
  lingered_ = 0;
  Arm(kLingerTimeout);
  auto drain = std::make_shared<std::function<void()>>();
  *drain = [self = shared_from_this(), drain] {
    self->socket_.async_read_some(self->buffer_.prepare(16 * 1024),
                                  [self, drain](error_code ec, size_t n) {
                                    self->lingered_ += n;
                                    if (ec || self->lingered_ > kLingerBytes) {
                                      *drain = nullptr;  // breaks the cycle
                                      return self->Close();
                                    }
                                    (*drain)();
                                  });
  };
  (*drain)();
}

void Connection::Submit() {
  Disarm();
  complete_at_ = std::chrono::steady_clock::now();
  busy_ = true;
  if (!front_->pool->TrySubmit([self = shared_from_this()] { self->Work(); })) {
    busy_ = false;
    Refuse(503, "unavailable", "the server is overloaded (too many requests waiting); retry later");
  }
}

void Connection::Work() {
  Next next = Next::kClose;
  for (int answered = 1; Answer(); ++answered) {
    if (answered >= kMaxInline) {
      next = Next::kWait;
      break;
    }
    next = ReadInline();
    if (next != Next::kAnswer) break;
    next = Next::kClose;
  }
  net::post(socket_.get_executor(), [self = shared_from_this(), next] { self->AfterWork(next); });
}

bool Connection::Answer() {
  http::request<http::string_body> m = parser_->release();
  const bool head = m.method() == http::verb::head;
  const bool keep_alive = m.keep_alive() && !front_->stopping.load() &&
                          ++served_ < front_->options.max_requests_per_connection;
  httplib::Response response;
  const auto accept_encoding = m[http::field::accept_encoding];
  const bool accepts_gzip =
      AcceptsGzip(std::string_view(accept_encoding.data(), accept_encoding.size()));
  const auto encoding_header = m[http::field::content_encoding];
  const ContentEncoding encoding =
      *ParseContentEncoding(std::string_view(encoding_header.data(), encoding_header.size()));
  bool handle = true;
  if (encoding != ContentEncoding::kIdentity) {
    absl::StatusOr<std::string> inflated =
        InflateBody(m.body(), encoding, front_->options.max_body_bytes);
    if (inflated.ok()) {
      m.body() = std::move(*inflated);
      m.erase(http::field::content_encoding);
      m.set(http::field::content_length, std::to_string(m.body().size()));
    } else {
      handle = false;
      const bool too_large = inflated.status().code() == absl::StatusCode::kResourceExhausted;
      response.status = too_large ? 413 : 400;
      response.set_content(ErrorBody(too_large ? "payload_too_large" : "invalid_argument",
                                     std::string(inflated.status().message())),
                           "application/json");
      CountError(response.status,
                 std::string_view(m.method_string().data(), m.method_string().size()),
                 std::string_view(m.target().data(), m.target().size()));
    }
  }
  if (handle) {
    const httplib::Request request = ToHttplib(std::move(m));
    front_->handler(request, response, Deadline(complete_at_, front_->options.handler_timeout),
                    /*body=*/nullptr);
  }
  SocketWriter out(socket_.native_handle(), front_->options.write_timeout);
  return WriteResponse(response, head, keep_alive, accepts_gzip, out) && keep_alive;
}

Connection::Next Connection::ReadInline() {
  NewParser();
  started_at_ = std::chrono::steady_clock::now();
  const int fd = socket_.native_handle();
  const auto until = std::chrono::steady_clock::now() + kWorkerLinger;
  bool header_done = false;
  while (true) {
    if (buffer_.size() > 0) {
      error_code ec;
      // Beast takes no bytes of an incomplete header, so a partial one stays in
      // buffer_ for the strand to go on with.
      const size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec && ec != http::error::need_more) {
        inline_error_ = ec;
        return Next::kError;
      }
      if (parser_->is_header_done() && !header_done) {
        header_done = true;
        OnHeaderParsed();
        const auto& m = parser_->get();
        // Refusals, 100-continue and streamed bodies are the strand's (it writes and reads
        // them asynchronously).
        if (CheckHeader() || !m[http::field::expect].empty() ||
            (streaming_ && !parser_->is_done())) {
          return Next::kHeader;
        }
      }
      if (parser_->is_done()) {
        complete_at_ = std::chrono::steady_clock::now();
        return Next::kAnswer;
      }
      if (!ec && used > 0 && buffer_.size() > 0) continue;  // more of the body is already here
    }
    const auto left = until - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) {
      return header_done ? Next::kHeader : Next::kWait;
    }
    const auto space = buffer_.prepare(kFirstRead);
    const ssize_t n = ::recv(fd, space.data(), space.size(), MSG_DONTWAIT);
    if (n > 0) {
      buffer_.commit(static_cast<size_t>(n));
      continue;
    }
    if (n == 0) return Next::kClose;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return Next::kClose;
    pollfd p = {fd, POLLIN, 0};
    const timespec wait = {
        0, static_cast<long>(std::chrono::duration_cast<std::chrono::nanoseconds>(left).count())};
    ::ppoll(&p, 1, &wait, nullptr);
  }
}

void Connection::AfterWork(Next next) {
  busy_ = false;
  if (closed_ || front_->stopping.load()) return Close();
  switch (next) {
    case Next::kWait:
      return WaitForRequest();
    case Next::kHeader:
      Arm(front_->options.request_timeout);
      return OnHeader(error_code());
    case Next::kError:
      return ReadError(inline_error_);
    case Next::kAnswer:
    case Next::kClose:
      return Close();
  }
}

void Connection::StartStream() {
  const http::request<http::string_body>& m = parser_->get();
  auto request = std::make_shared<httplib::Request>(HeaderToHttplib(m.base()));
  const bool keep_alive = m.keep_alive();
  continue_due_ = EqualsIgnoreCase(View(m[http::field::expect]), "100-continue");
  // The reader's `resume` runs on the worker: it posts to the strand, and a connection already
  // gone is not kept alive for it.
  std::weak_ptr<Connection> weak = weak_from_this();
  auto executor = socket_.get_executor();
  stream_ = std::make_shared<BodyQueue>(front_->options.stream_chunks,
                                        front_->options.request_timeout + std::chrono::seconds(5),
                                        [weak, executor] {
                                          net::post(executor, [weak] {
                                            if (std::shared_ptr<Connection> self = weak.lock())
                                              self->PumpBody();
                                          });
                                        });
  Disarm();
  complete_at_ = std::chrono::steady_clock::now();
  busy_ = true;
  if (!front_->pool->TrySubmit([self = shared_from_this(), request, keep_alive] {
        self->WorkStream(*request, keep_alive);
      })) {
    busy_ = false;
    stream_.reset();
    return Refuse(503, "unavailable",
                  "the server is overloaded (too many requests waiting); retry later");
  }
  // The worker reads nothing before the strand runs PumpBody, after this returns.
  stream_parser_.emplace(std::move(*parser_));
  parser_.reset();
  stream_parser_->body_limit(front_->options.max_upload_bytes);
}

void Connection::WorkStream(const httplib::Request& request, bool keep_alive) {
  httplib::Response response;
  const bool accepts_gzip = AcceptsGzip(request.get_header_value("Accept-Encoding"));
  front_->handler(request, response, Deadline(complete_at_, front_->options.handler_timeout),
                  stream_.get());
  const bool complete = stream_->complete();
  // A body not read to its end is dropped: the strand stops reading it and closes once answered.
  if (!complete) stream_->Abort();
  keep_alive = keep_alive && complete && !front_->stopping.load() &&
               ++served_ < front_->options.max_requests_per_connection;
  SocketWriter out(socket_.native_handle(), front_->options.write_timeout);
  keep_alive = WriteResponse(response, /*head=*/false, keep_alive, accepts_gzip, out) && keep_alive;
  net::post(socket_.get_executor(),
            [self = shared_from_this(), keep_alive] { self->AfterStream(keep_alive); });
}

void Connection::PumpBody() {
  if (closed_ || stream_ == nullptr || !stream_parser_ || pump_pending_ || !busy_) return;
  if (stream_->aborted()) return;
  if (front_->stopping.load() || !stop_reason_.empty()) {
    stream_->Fail(absl::UnavailableError("the server is stopping: the upload was cut"));
    return;
  }
  if (continue_due_) {
    // The handler asked for the body: only now may the client send it.
    continue_due_ = false;
    refusal_ = "HTTP/1.1 100 Continue\r\n\r\n";
    pump_pending_ = true;
    net::async_write(socket_, net::buffer(refusal_),
                     [self = shared_from_this()](error_code ec, size_t) {
                       self->pump_pending_ = false;
                       if (self->linger_after_pump_ || ec) return self->OnPumped(ec);
                       self->PumpBody();
                     });
    return;
  }
  if (stream_parser_->is_done()) return stream_->Finish();
  const size_t chunk_bytes = front_->options.stream_chunk_bytes;
  if (chunk_.size() != chunk_bytes) chunk_.resize(chunk_bytes);
  http::buffer_body::value_type& body = stream_parser_->get().body();
  body.data = chunk_.data() + chunk_fill_;
  body.size = chunk_bytes - chunk_fill_;
  body.more = true;
  // Per read, not per body: an upload of any length goes on while its bytes keep coming.
  Arm(front_->options.request_timeout);
  pump_pending_ = true;
  http::async_read_some(socket_, buffer_, *stream_parser_,
                        [self = shared_from_this()](error_code ec, size_t) { self->OnPumped(ec); });
}

void Connection::OnPumped(error_code ec) {
  pump_pending_ = false;
  Disarm();
  if (linger_after_pump_) {
    // The handler answered while this read was pending.
    linger_after_pump_ = false;
    EndStream();
    return closed_ ? void() : LingerClose();
  }
  if (stream_ == nullptr) return;
  if (ec == http::error::need_buffer) ec = {};
  const size_t chunk_bytes = front_->options.stream_chunk_bytes;
  // What the read put into the chunk (also before an error); none after a failed 100 Continue.
  if (stream_parser_ && chunk_.size() == chunk_bytes) {
    chunk_fill_ = chunk_bytes - stream_parser_->get().body().size;
  }
  const bool done = !ec && stream_parser_ && stream_parser_->is_done();
  bool room = true;
  // A chunk goes to the queue full, or with the last bytes before the end or an error.
  if (chunk_fill_ > 0 && (chunk_fill_ == chunk_bytes || done || ec)) {
    chunk_.resize(chunk_fill_);
    room = stream_->Push(std::move(chunk_));
    chunk_ = std::string();
    chunk_fill_ = 0;
  }
  if (ec) return stream_->Fail(StreamError(ec));
  if (done) return stream_->Finish();
  if (room) PumpBody();  // else the reader resumes it once it took a chunk
}

absl::Status Connection::StreamError(error_code ec) const {
  const uint64_t got = stream_->bytes_pushed();
  if (!stop_reason_.empty()) return absl::UnavailableError(stop_reason_);
  if (timed_out_) {
    return absl::UnavailableError(
        fmt::format("body: no bytes arrived for {} s after {} bytes (serve --read-timeout, per "
                    "read of an upload): the upload was cut",
                    Seconds(front_->options.request_timeout), got));
  }
  if (ec == http::error::body_limit) {
    return absl::ResourceExhaustedError(
        fmt::format("the request body is larger than the limit of {} bytes (serve --max-upload)",
                    front_->options.max_upload_bytes));
  }
  if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
      ec != http::error::end_of_stream && ec != http::error::partial_message) {
    return absl::InvalidArgumentError(
        fmt::format("body: malformed after {} bytes: {}", got, ec.message()));
  }
  return absl::UnavailableError(fmt::format(
      "body: the client closed the connection after {} bytes, before the body ended", got));
}

void Connection::AfterStream(bool keep_alive) {
  busy_ = false;
  if (pump_pending_) {
    // The handler did not read the body to its end: stop that read first (OnPumped closes).
    linger_after_pump_ = true;
    error_code ignored;
    socket_.cancel(ignored);
    return;
  }
  EndStream();
  if (closed_ || front_->stopping.load()) return Close();
  if (keep_alive) return WaitForRequest();
  LingerClose();
}

void Connection::EndStream() {
  stream_parser_.reset();
  stream_.reset();
  chunk_ = std::string();
  chunk_fill_ = 0;
  continue_due_ = false;
}

void Connection::Close() {
  if (closed_) return;
  closed_ = true;
  // A handler reading an upload must not wait for bytes that cannot come.
  if (stream_ != nullptr) stream_->Fail(absl::UnavailableError("body: the connection was closed"));
  Disarm();
  error_code ignored;
  socket_.shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace gridline::server::transport
