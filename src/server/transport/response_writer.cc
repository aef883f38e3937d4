// response_writer.cc: HTTP/1.1 answers onto a socket with bounded waits (response_writer.h).
#include "server/transport/response_writer.h"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <optional>

#include "boost/beast/http/status.hpp"
#include "common/strings.h"
#include "fmt/format.h"
#include "httplib.h"
#include "server/transport/response_compression.h"

namespace gridline::server::transport {

bool SocketWriter::Write(std::string_view bytes) {
  while (ok_ && !bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      bytes.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline_ - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        ok_ = false;  // the answer's deadline passed
        break;
      }
      pollfd p = {fd_, POLLOUT, 0};
      const int r = ::poll(&p, 1, static_cast<int>(left.count()));
      if (r > 0 && (p.revents & POLLOUT) != 0) continue;
      if (r < 0 && errno == EINTR) continue;
    }
    ok_ = false;  // timed out, hung up, or an error
  }
  return ok_;
}

bool HasBody(int status) { return status >= 200 && status != 204 && status != 304; }

std::string ResponseHead(const httplib::Response& response, bool chunked, bool keep_alive) {
  const auto status = static_cast<unsigned>(response.status);
  const boost::beast::string_view reason =
      boost::beast::http::obsolete_reason(boost::beast::http::int_to_status(status));
  std::string head = fmt::format("HTTP/1.1 {} {}\r\n", status,
                                 reason.empty() ? std::string_view("Unknown")
                                                : std::string_view(reason.data(), reason.size()));
  for (const auto& [name, value] : response.headers) {
    // The framing headers are ours to write.
    if (EqualsIgnoreCase(name, "Content-Length") || EqualsIgnoreCase(name, "Transfer-Encoding") ||
        EqualsIgnoreCase(name, "Connection")) {
      continue;
    }
    head += name;
    head += ": ";
    head += value;
    head += "\r\n";
  }
  if (!HasBody(response.status)) {
    // 1xx, 204 and 304 answers have no body and must not announce one (RFC 9110 8.6).
  } else if (chunked) {
    head += "Transfer-Encoding: chunked\r\n";
  } else {
    head += fmt::format("Content-Length: {}\r\n", response.body.size());
  }
  if (!keep_alive) head += "Connection: close\r\n";
  head += "\r\n";
  return head;
}

namespace {

constexpr size_t kCoalesceBytes = 64 * 1024;

// One chunk of chunked transfer coding (RFC 9112 section 7.1).
bool WriteChunk(std::string_view data, SocketWriter& out) {
  if (data.empty()) return true;  // an empty chunk would end the body
  return out.Write(fmt::format("{:x}\r\n", data.size())) && out.Write(data) && out.Write("\r\n");
}

// The provider's pieces as chunks, each compressed first when `gzip` is given (one chunk per
// piece of compressed output, the gzip trailer in the last).
bool WriteChunked(httplib::Response& response, GzipEncoder* gzip, SocketWriter& out) {
  bool done = false;
  bool ok = true;
  httplib::DataSink sink;
  size_t offset = 0;  // bytes of the body so far, as httplib's providers expect
  std::string compressed;
  sink.write = [&](const char* data, size_t n) {
    if (gzip != nullptr) {
      compressed.clear();
      gzip->Add(std::string_view(data, n), &compressed);
      ok = ok && WriteChunk(compressed, out);
    } else {
      ok = ok && WriteChunk(std::string_view(data, n), out);
    }
    offset += n;
    return ok;
  };
  sink.is_writable = [&] { return ok && out.ok(); };
  sink.done = [&] {
    if (done) return;
    done = true;
    if (gzip != nullptr) {
      compressed.clear();
      gzip->Finish(&compressed);
      ok = ok && WriteChunk(compressed, out);
    }
    ok = ok && out.Write("0\r\n\r\n");
  };
  while (ok && !done) {
    // The provider's own failure (a read error mid-stream) cuts the body: no last chunk.
    if (!response.content_provider_(offset, 0, sink)) return false;
  }
  return ok && done;
}

}  // namespace

bool WriteResponse(httplib::Response& response, bool head_request, bool keep_alive,
                   bool accepts_gzip, SocketWriter& out) {
  // Every content provider our routes set is chunked (Reply::Stream); one with a length would
  // be sent chunked too, which HTTP/1.1 clients read the same.
  const bool chunked = static_cast<bool>(response.content_provider_);
  std::optional<GzipEncoder> gzip;
  if (Compressible(response)) {
    if (!response.has_header("Vary")) response.set_header("Vary", "Accept-Encoding");
    if (accepts_gzip) gzip.emplace();
    if (gzip && !gzip->ok()) gzip.reset();  // zlib has no memory: send it as it is
  }
  if (gzip) {
    response.set_header("Content-Encoding", "gzip");
    if (!chunked) {
      // A HEAD answer is compressed too, for the Content-Length a GET would get.
      std::string compressed;
      gzip->Add(response.body, &compressed);
      gzip->Finish(&compressed);
      response.body = std::move(compressed);
    }
  }
  std::string head = ResponseHead(response, chunked, keep_alive);
  if (head_request || !HasBody(response.status)) return out.Write(head);
  if (!chunked) {
    // A small answer goes out in one send: with TCP_NODELAY, two would be two packets.
    if (response.body.size() <= kCoalesceBytes) {
      head += response.body;
      return out.Write(head);
    }
    return out.Write(head) && out.Write(response.body);
  }
  if (!out.Write(head)) return false;
  const bool ok = WriteChunked(response, gzip ? &*gzip : nullptr, out);
  response.content_provider_success_ = ok;
  return ok;
}

}  // namespace gridline::server::transport
