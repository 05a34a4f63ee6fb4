// The remote backend (service/remote_render_backend.h) pointed at a loopback
// FakeRemoteServer, as the tests that run the real server with
// `--backend remote` configure it: no $NEMO_TOKEN, short waits and timeouts,
// a silent log. Header-only, for tests that link bf_service and
// bf_fake_remote. Test-only code.
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/status/status.h"
#include "service/remote_render_backend.h"
#include "service/server.h"
#include "tests/remote/fake_remote_server.h"

namespace beatframe::testing_remote {

// Options for a RemoteRenderBackend talking to `fake`, with its work dir
// under `data_dir` (the server's data dir).
inline service::RemoteBackendOptions FakeRemoteBackendOptions(const FakeRemoteServer& fake,
                                                              const std::string& data_dir) {
  service::RemoteBackendOptions options;
  options.client.base_url = fake.base_url();
  options.client.read_env_token = false;
  options.client.rate_limit_wait = absl::Milliseconds(300);
  options.client.export_poll_interval = absl::Milliseconds(50);
  options.client.call_timeout = absl::Seconds(10);
  options.client.stream_timeout = absl::Seconds(30);
  options.client.log = [](absl::string_view) {};
  options.work_dir = data_dir + "/remote";
  return options;
}

// Points `options` (a server's) at the remote backend talking to `fake`.
inline absl::Status UseFakeRemoteBackend(const FakeRemoteServer& fake, const std::string& data_dir,
                                         service::ServerOptions& options) {
  absl::StatusOr<std::shared_ptr<service::RemoteRenderBackend>> backend =
      service::RemoteRenderBackend::Create(FakeRemoteBackendOptions(fake, data_dir));
  if (!backend.ok()) return backend.status();
  options.render_backend = std::move(*backend);
  return absl::OkStatus();
}

}  // namespace beatframe::testing_remote
