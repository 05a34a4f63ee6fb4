// RemoteClient's description of one logical call (private to bf_remote):
// what to send and how long it may take; Execute adds the headers, the token
// and the retries.
#pragma once

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "service/remote/remote_client.h"

namespace beatframe::remote {

struct RemoteClient::Call {
  std::string method = "GET";
  std::string path;   // on the base URL, or an absolute URL
  std::string label;  // for messages: "create session", "upload 'a.mp3'"
  std::string body;
  std::vector<std::string> headers;  // extra headers, e.g. Content-Type
  std::string upload_path;           // multipart file, streamed from disk
  std::string upload_name;
  std::string upload_type;
  bool authenticated = true;   // sends the token (and renews it on 1001)
  bool token_request = false;  // the anonymous-token call (X-Client-Id, HTTP 400 rule)
  absl::Duration timeout = absl::Seconds(60);
  absl::Duration stall_timeout = absl::ZeroDuration();
};

}  // namespace beatframe::remote
