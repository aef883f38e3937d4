// gridline serve [--data DIR] [--listen ADDR:PORT] [--no-auth] [--threads N] [--vee-every S]
//                [--vee-window DAYS] [--tz ZONE]
//                [--max-body BYTES] [--max-upload BYTES] [--read-timeout S] [--write-timeout S]
//                [--request-timeout S] [--max-connections N] [--lp-meter-tag TAG]
//                [--lp-value-field FIELD] [--lp-measurement NAME=CHANNEL]...
//                [--mqtt mqtt://HOST:PORT] [--mqtt-topic FILTER] [--mqtt-client-id ID]
//                [--mqtt-user USER] [--mqtt-keep-alive S]
//
// Serves the store at DIR over HTTP (src/server/, docs/api.md) until SIGINT or SIGTERM, holding
// it open read-write. The first line on stdout is `gridline serving http://HOST:PORT` with the
// real port (`--listen 127.0.0.1:0` picks an ephemeral one). Requests need a bearer token from
// `gridline token create` unless --no-auth (a local demo only: every caller is admin).
// With --mqtt it also subscribes to the broker's FILTER (QoS 1, persistent session; docs/mqtt.md)
// and stores each message's readings; /healthz answers 503 until the subscription is granted.
// Exit status: 0 after a clean stop, 1 when it cannot open the store or listen, 2 usage.
#include <cstdio>
#include <cstdlib>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/serving.h"
#include "common/strings.h"
#include "common/time_zone.h"

namespace gridline::cli {

int RunServe(int argc, char** argv) {
  CLI::App app{"Serve the store over HTTP (the API of docs/api.md).", "gridline serve"};
  std::string data, listen = "127.0.0.1:8080";
  server::ServerOptions options;
  bool no_auth = false;
  app.add_option("--data", data, "data directory (default ./gridline-data or $GRIDLINE_DATA)");
  app.add_option("--listen", listen, "address and port (default 127.0.0.1:8080; port 0 picks one)");
  app.add_flag("--no-auth", no_auth, "serve without tokens, everyone as admin (local demo only)");
  app.add_option("--threads", options.threads,
                 "worker threads, each answers one complete request at a time (default 16 per "
                 "core, at least 64)")
      ->check(CLI::Range(1, 4096));
  app.add_option("--max-body", options.limits.max_body_bytes,
                 "largest request body in bytes (default 67108864 = 64 MiB)")
      ->check(CLI::Range(size_t{1024}, size_t{1} << 34));
  app.add_option("--max-upload", options.limits.max_upload_bytes,
                 "largest streamed upload (POST /api/v1/ingest/FORMAT) in bytes, as sent and "
                 "inflated (default 68719476736 = 64 GiB)")
      ->check(CLI::Range(uint64_t{1024}, uint64_t{1} << 50));
  app.add_option("--read-timeout", options.read_timeout_s,
                 "seconds to receive a whole request, headers and body, from its first byte; for "
                 "a streamed upload, seconds without a byte of its body")
      ->check(CLI::Range(1, 3600));
  app.add_option("--write-timeout", options.write_timeout_s,
                 "seconds for the client to take a whole answer, from its first byte")
      ->check(CLI::Range(1, 3600));
  app.add_option("--request-timeout", options.request_timeout_s,
                 "seconds to answer a request once it arrived whole (waiting for a worker "
                 "included; decimals allowed); past it the answer is 504 deadline_exceeded")
      ->check(CLI::Range(0.01, 3600.0));
  app.add_option("--max-connections", options.max_connections,
                 "open connections at most; more are answered 503 (default: three quarters of "
                 "the open-files limit, raised to its hard limit)")
      ->check(CLI::Range(size_t{1}, size_t{1} << 24));
  std::vector<std::string> lp_measurements;
  app.add_option("--lp-meter-tag", options.line_protocol.meter_tag,
                 "line protocol (/write): the tag that names the meter (default meter)");
  app.add_option("--lp-value-field", options.line_protocol.value_field,
                 "line protocol (/write): the field that holds the reading (default value)");
  app.add_option("--lp-measurement", lp_measurements,
                 "line protocol (/write): MEASUREMENT=CHANNEL, e.g. power=watts (repeatable; "
                 "a measurement named like a channel needs none: kwh, kwh_received, voltage)");
  std::string mqtt_url, mqtt_topic = "ami/+/reads", mqtt_client_id, mqtt_user;
  int mqtt_keep_alive_s = 30;
  app.add_option("--mqtt", mqtt_url,
                 "MQTT broker to subscribe to, mqtt://HOST[:PORT] (default port 1883)");
  app.add_option("--mqtt-topic", mqtt_topic,
                 "topic filter; its one + level is the meter id (default ami/+/reads)");
  app.add_option("--mqtt-client-id", mqtt_client_id,
                 "client id of the persistent session (default gridline- and a hash of the data "
                 "directory)");
  app.add_option("--mqtt-user", mqtt_user,
                 "user name for the broker; the password is read from $GRIDLINE_MQTT_PASSWORD");
  app.add_option("--mqtt-keep-alive", mqtt_keep_alive_s, "keep-alive seconds (default 30)")
      ->check(CLI::Range(5, 3600));
  app.add_option("--vee-every", options.vee_every_s,
                 "seconds between continuous VEE passes over new data (default 60; 0: off)")
      ->check(CLI::Range(int64_t{0}, int64_t{86400}));
  int64_t vee_window_days = 7;
  app.add_option("--vee-window", vee_window_days, "days back each VEE pass judges (default 7)")
      ->check(CLI::Range(int64_t{1}, int64_t{366}));
  app.add_option("--tz", options.vee_zone, "the meters' zone for VEE's local days (default UTC)");
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  options.vee_window_s = vee_window_days * 86400;
  if (absl::StatusOr<TimeZone> z = TimeZone::Load(options.vee_zone); !z.ok()) {
    std::fprintf(stderr, "gridline serve: --tz: %s\n",
                 std::string(StdView(z.status().message())).c_str());
    return kExitUsage;
  }
  for (const std::string& m : lp_measurements) {
    if (absl::Status s = ingest::AddLineProtocolMeasurement(m, &options.line_protocol); !s.ok()) {
      std::fprintf(stderr, "gridline serve: --lp-measurement: %.*s\n",
                   static_cast<int>(s.message().size()), s.message().data());
      return kExitUsage;
    }
  }
  options.auth = !no_auth;
  if (absl::Status s = ParseListen(listen, &options); !s.ok()) {
    std::fprintf(stderr, "gridline serve: %.*s\n", static_cast<int>(s.message().size()),
                 s.message().data());
    return kExitUsage;
  }
  const std::string dir = ResolveDataDir(data);
  if (!mqtt_url.empty()) {
    server::mqtt::FeedOptions feed;
    absl::StatusOr<server::mqtt::BrokerAddress> broker = server::mqtt::ParseBrokerUrl(mqtt_url);
    absl::Status filter = server::mqtt::CheckMeterFilter(mqtt_topic);
    if (!broker.ok() || !filter.ok()) {
      const absl::Status& s = broker.ok() ? filter : broker.status();
      std::fprintf(stderr, "gridline serve: %.*s\n", static_cast<int>(s.message().size()),
                   s.message().data());
      return kExitUsage;
    }
    feed.broker = *broker;
    feed.filter = mqtt_topic;
    feed.client_id = mqtt_client_id.empty() ? server::mqtt::DefaultClientId(dir) : mqtt_client_id;
    feed.username = mqtt_user;
    if (const char* pw = std::getenv("GRIDLINE_MQTT_PASSWORD"); pw != nullptr) feed.password = pw;
    feed.keep_alive_s = static_cast<uint16_t>(mqtt_keep_alive_s);
    feed.max_packet_bytes = options.limits.max_body_bytes;
    options.mqtt = std::move(feed);
  }
  auto store = OpenStore(data, /*read_only=*/false);
  if (!store.ok()) return Fail("serve", store.status());
  const int rc = ServeUntilSignal(store->get(), dir, options);
  store->reset();  // closes the store (RocksDB) cleanly before the process ends
  return rc;
}

}  // namespace gridline::cli
