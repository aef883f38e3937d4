// connection.h: one client connection of the HTTP front (http_front.h),
// internal to it.
//
// A connection's life, each step on its strand (one I/O thread at a time):
//   wait for a request's first byte (idle_timeout) -> read the headers, then
//   the body, with one deadline for both (request_timeout) -> check framing,
//   length and encoding -> hand the complete request to the worker pool -> the
//   worker inflates the body if encoded, runs the handler and writes the answer
//   -> the next request, or close.
// A client that sends its next request at once (a keep-alive client in a loop)
// is served by the same worker: it reads what arrives within kWorkerLinger of
// the answer and, when that is a whole request, answers it too, saving two
// thread hand-offs a request. Anything slower goes back to the strand, so a
// slow client holds a worker at most kWorkerLinger per request. While a worker
// holds the connection no I/O operation is pending on it, so the worker may
// write to the socket directly.
//
// A request of a streaming route (http_front.h) goes to a worker once its
// headers are checked; the strand then reads its body into a BodyQueue
// (body_queue.h) while the handler reads it, pausing while the queue is full,
// each read bounded by request_timeout. After the handler, the worker writes
// the answer (a read of the strand may still be pending then, on a body the
// handler did not read to its end: the worker only writes); the strand then
// reads the next request, or, when the body was not read to its end, cancels
// its read and closes as a refusal does (LingerClose).
#ifndef GRIDLINE_SERVER_TRANSPORT_CONNECTION_H_
#define GRIDLINE_SERVER_TRANSPORT_CONNECTION_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/steady_timer.hpp"
#include "boost/beast/core/flat_buffer.hpp"
#include "boost/beast/http/buffer_body.hpp"
#include "boost/beast/http/parser.hpp"
#include "boost/beast/http/string_body.hpp"
#include "server/transport/body_queue.h"
#include "server/transport/http_front.h"
#include "server/transport/worker_pool.h"

namespace gridline::server::transport {

class Connection;

// What the front shares with its connections.
struct FrontState {
  FrontOptions options;
  Handler handler;
  ErrorCounter count_error;
  StreamsBody streams;
  WorkerPool* pool = nullptr;
  std::atomic<bool> stopping{false};

  absl::Mutex mu;
  absl::flat_hash_map<uint64_t, std::weak_ptr<Connection>> live ABSL_GUARDED_BY(mu);
  size_t open ABSL_GUARDED_BY(mu) = 0;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  // REQUIRES: `socket` runs on a strand of its own; `front` outlives the
  // connection.
  Connection(boost::asio::ip::tcp::socket socket, FrontState* front, uint64_t id);
  ~Connection();  // unregisters from front->live

  void Start();
  // For Stop, from any thread: closes the connection unless a worker holds it
  // (that one closes after answering).
  void Shutdown();

 private:
  using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;
  using StreamParser = boost::beast::http::request_parser<boost::beast::http::buffer_body>;

  // What the strand does once a worker hands the connection back.
  enum class Next : uint8_t {
    kAnswer,  // (inside the worker) a whole request was read: answer it there
    kWait,    // wait for the next request (maybe begun in buffer_)
    kHeader,  // the headers were read: check them, then read the body on the
              // strand
    kError,   // reading failed with inline_error_
    kClose,
  };
  struct Refusal {
    int status;
    std::string code;
    std::string message;
  };

  void NewParser();
  // The method and target of the request being read, as far as they arrived: from the parser
  // once it took the request line, else from the start of buffer_. Empty when the request line
  // is not all there.
  std::pair<std::string, std::string> RequestLine() const;
  // Counts an error the front answers itself (FrontState::count_error), for the request of
  // RequestLine() or the one named.
  void CountError(int status) const;
  void CountError(int status, std::string_view method, std::string_view target) const;
  // Once the headers were parsed: whether the route streams its body, and the
  // body limit that follows (--max-upload or --max-body).
  void OnHeaderParsed();
  bool StreamsRoute(std::string_view method, std::string_view target) const;
  size_t BodyLimit() const;
  const char* BodyLimitFlag() const;
  // The framing, length and encoding checks of a request whose headers were
  // read.
  std::optional<Refusal> CheckHeader() const;
  bool Answer();      // on a worker: answers parser_'s request; whether to keep the
                      // connection
  Next ReadInline();  // on a worker: the next request, if it comes at once

  void WaitForRequest();
  void ReadHeader();
  void OnHeader(boost::beast::error_code ec);
  void ReadBody();
  void OnBody(boost::beast::error_code ec);
  void Submit();
  void Work();  // on a worker thread
  // A streamed body: hands the request to a worker, then reads the body into
  // stream_ as the handler asks for it.
  void StartStream();
  void WorkStream(const httplib::Request& request, bool keep_alive);  // on a worker
  void PumpBody();
  void OnPumped(boost::beast::error_code ec);
  absl::Status StreamError(boost::beast::error_code ec) const;
  void AfterStream(bool keep_alive);
  void EndStream();
  void AfterWork(Next next);
  // Answers an error from the strand, then closes (reading what the client
  // still sends, for a while, so that it sees the answer rather than a reset).
  void Refuse(int status, const std::string& code, const std::string& message);
  void ReadError(boost::beast::error_code ec);
  void LingerClose();
  void Close();
  // Cancels the pending read or write once `after` has passed (a newer Arm or
  // Disarm replaces it); `timed_out_` tells the handler why it was cancelled.
  void Arm(std::chrono::milliseconds after);
  void Disarm();

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer timer_;
  uint64_t timer_generation_ = 0;
  bool timed_out_ = false;
  FrontState* front_;
  const uint64_t id_;
  boost::beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  std::string refusal_;  // an error answer being written
  size_t served_ = 0;
  // When the request being read began, and when it arrived whole (its handler's deadline
  // starts there).
  std::chrono::steady_clock::time_point started_at_;
  std::chrono::steady_clock::time_point complete_at_;
  boost::beast::error_code inline_error_;
  // The request being read streams its body (OnHeaderParsed).
  bool streaming_ = false;
  // A streamed body: its parser (the header's, converted), its queue, the
  // chunk being filled and how far.
  std::optional<StreamParser> stream_parser_;
  std::shared_ptr<BodyQueue> stream_;
  std::string chunk_;
  size_t chunk_fill_ = 0;
  bool pump_pending_ = false;       // a read or the 100 Continue of the body is pending
  bool linger_after_pump_ = false;  // when it ends, close (the handler is done)
  bool continue_due_ = false;       // `Expect: 100-continue` not answered yet
  std::string stop_reason_;         // why the strand stopped the body (Shutdown)
  size_t lingered_ = 0;
  bool busy_ = false;  // a worker holds the connection
  bool closed_ = false;
};

}  // namespace gridline::server::transport

#endif  // GRIDLINE_SERVER_TRANSPORT_CONNECTION_H_
