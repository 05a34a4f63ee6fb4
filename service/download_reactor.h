// Download: streams a stored output as a header (size, sha256, content type)
// followed by chunks of at most 1 MiB read from disk as the client takes them,
// so memory stays at one chunk whatever the file size.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>

#include "beatframe/v1/beatframe.grpc.pb.h"
#include "service/storage.h"

namespace beatframe::service {

class DownloadReactor : public grpc::ServerWriteReactor<v1::DownloadResponse> {
 public:
  // Looks the output up in a session of `owner` (the caller's token hash, or
  // why the caller was refused) and starts writing, or finishes with the
  // error (NOT_FOUND for another token's session). Deletes itself in OnDone.
  DownloadReactor(Storage& storage, const v1::DownloadRequest& request, const absl::StatusOr<std::string>& owner);

  void OnWriteDone(bool ok) override;
  void OnDone() override { delete this; }

 private:
  void WriteNextChunk();

  // One write in flight at a time, and reactions of a write-only stream do not
  // overlap, so the members need no lock.
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_{nullptr, &std::fclose};
  int64_t size_bytes_ = 0;
  int64_t sent_bytes_ = 0;
  v1::DownloadResponse response_;
};

}  // namespace beatframe::service
