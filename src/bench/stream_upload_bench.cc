// stream_upload_bench.cc: streamed CSV upload vs CLI import (stream_upload_bench.h).
#include "bench/stream_upload_bench.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "common/status_macros.h"
#include "common/time.h"
#include "fmt/format.h"

namespace gridline::bench {

namespace {

constexpr int64_t kStart = 1'782'864'000;  // 2026-07-01T00:00:00Z
constexpr size_t kPieceBytes = size_t{1} << 20;

// Writes the long CSV (each day, each meter's 96 quarter-hours) to `path`; its readings.
absl::StatusOr<uint64_t> WriteCsv(const StreamUploadBenchOptions& o, const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> out(std::fopen(path.c_str(), "wb"), &std::fclose);
  if (out == nullptr) return absl::UnavailableError("cannot write " + path);
  std::string text = "meter_id,timestamp,kwh\n";
  uint64_t readings = 0;
  uint64_t x = 88172645463325252ull;
  for (int d = 0; d < o.days; ++d) {
    for (int s = 0; s < 96; ++s) {
      const std::string stamp = FormatIsoUtc(kStart + (int64_t{d} * 96 + s) * 900);
      for (int64_t m = 0; m < o.meters; ++m) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        fmt::format_to(std::back_inserter(text), "M{:06d},{},0.{:03d}\n", m, stamp, x % 1000);
        ++readings;
      }
      if (text.size() > (size_t{4} << 20)) {
        if (std::fwrite(text.data(), 1, text.size(), out.get()) != text.size()) {
          return absl::UnavailableError("cannot write " + path);
        }
        text.clear();
      }
    }
  }
  if (std::fwrite(text.data(), 1, text.size(), out.get()) != text.size()) {
    return absl::UnavailableError("cannot write " + path);
  }
  return readings;
}

absl::Status SendAll(int fd, const char* data, size_t n) {
  while (n > 0) {
    const ssize_t w = ::send(fd, data, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return absl::UnavailableError(fmt::format("send: {}", std::strerror(errno)));
    data += w;
    n -= static_cast<size_t>(w);
  }
  return absl::OkStatus();
}

// POSTs the file at `path` to /api/v1/ingest/csv on 127.0.0.1:port in 1 MiB pieces, with its
// Content-Length, and returns the answer's body once the server closed (Connection: close).
absl::StatusOr<std::string> Upload(int port, const std::string& path, uint64_t size) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return absl::UnavailableError("socket");
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  sockaddr_in a = {};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    return absl::UnavailableError(fmt::format("connect: {}", std::strerror(errno)));
  }
  const std::string head = fmt::format(
      "POST /api/v1/ingest/csv HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\n"
      "Content-Length: {}\r\nConnection: close\r\n\r\n",
      size);
  GL_RETURN_IF_ERROR(SendAll(fd, head.data(), head.size()));
  const int in = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return absl::UnavailableError("cannot read " + path);
  struct CloseIn {
    int fd;
    ~CloseIn() { ::close(fd); }
  } close_in{in};
  std::vector<char> buf(kPieceBytes);
  while (true) {
    const ssize_t n = ::read(in, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return absl::UnavailableError("cannot read " + path);
    if (n == 0) break;
    GL_RETURN_IF_ERROR(SendAll(fd, buf.data(), static_cast<size_t>(n)));
  }
  std::string answer;
  while (true) {
    const ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    answer.append(buf.data(), static_cast<size_t>(n));
  }
  if (answer.compare(0, 12, "HTTP/1.1 200") != 0) {
    return absl::InternalError("the upload was answered: " + answer.substr(0, 500));
  }
  return answer.substr(answer.find("\r\n\r\n") + 4);
}

// The server's peak resident set (VmHWM), MiB.
double PeakRssMib(pid_t pid) {
  std::ifstream in(fmt::format("/proc/{}/status", pid));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return -1;
}

}  // namespace

absl::Status RunStreamUploadBench(const StreamUploadBenchOptions& o, const EmitFn& emit) {
  ScratchDir scratch(o.dir, o.keep);
  const std::string& dir = scratch.path();
  const std::string file = dir + "/stream-upload.csv";
  GL_ASSIGN_OR_RETURN(const uint64_t readings, WriteCsv(o, file));
  std::error_code ec;
  const uint64_t size = std::filesystem::file_size(file, ec);
  emit("csv_stream_readings", static_cast<double>(readings), "readings");
  emit("csv_stream_file_mb", static_cast<double>(size) / (1 << 20), "MiB");
  std::vector<double> cli, http, rss;
  for (int run = 0; run < o.runs; ++run) {
    const std::string cli_store = fmt::format("{}/stream-cli-{}", dir, run);
    GL_ASSIGN_OR_RETURN(const ChildResult c,
                        RunChild({o.gridline_binary, "import", "csv", "--data", cli_store, file}));
    cli.push_back(static_cast<double>(readings) / c.seconds);
    std::filesystem::remove_all(cli_store, ec);

    const std::string http_store = fmt::format("{}/stream-http-{}", dir, run);
    GL_ASSIGN_OR_RETURN(std::unique_ptr<ServedStore> served,
                        ServedStore::Start(o.gridline_binary, http_store, dir));
    const auto start = Clock::now();
    GL_ASSIGN_OR_RETURN(const std::string answer, Upload(served->port(), file, size));
    const double seconds = Seconds(start, Clock::now());
    if (answer.find(fmt::format("\"accepted\":{},", readings)) == std::string::npos) {
      return absl::InternalError("the upload did not store every reading: " +
                                 answer.substr(0, 500));
    }
    http.push_back(static_cast<double>(readings) / seconds);
    rss.push_back(PeakRssMib(served->pid()));
    served.reset();
    std::filesystem::remove_all(http_store, ec);
  }
  const double cli_rate = Median(cli), http_rate = Median(http);
  emit("csv_cli_readings_per_s", cli_rate, "readings/s");
  emit("csv_http_stream_readings_per_s", http_rate, "readings/s");
  emit("csv_http_stream_vs_cli_ratio", http_rate / cli_rate, "ratio");
  emit("csv_http_stream_peak_rss_mb", Median(rss), "MiB");
  return absl::OkStatus();
}

}  // namespace gridline::bench
