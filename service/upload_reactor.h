// UploadMedia: a client-streaming reactor that writes the incoming file to a
// temp file under DIR/tmp while hashing and counting it, refuses it as soon as
// a rule is broken (deleting the temp file at once), and after the last chunk
// probes it (a photo or clip for the montage, else audio; for a .lrc/.srt
// name, parses it as lyrics) and moves it into the session. Nothing is left behind by a
// refused, failed or abandoned upload.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "beatframe/v1/beatframe.grpc.pb.h"
#include "engine/media/media_probe.h"
#include "service/sha256.h"
#include "service/storage.h"

namespace beatframe::service {

// Most bytes one chunk message may carry (the API says at most 1 MiB).
inline constexpr int64_t kMaxChunkBytes = 1 << 20;

class UploadReactor : public grpc::ServerReadReactor<v1::UploadMediaRequest> {
 public:
  // `response` is gRPC's, valid until OnDone. Deletes itself in OnDone.
  // `owner` is the caller's token hash, or why the caller was refused (the
  // call then fails at once, before reading anything).
  UploadReactor(grpc::CallbackServerContext* context, Storage& storage, int64_t max_upload_bytes,
                v1::Asset* response, absl::StatusOr<std::string> owner);

  void OnReadDone(bool ok) override;
  void OnDone() override;

 private:
  absl::Status OnHeader(const v1::UploadHeader& header);
  absl::Status OnChunk(const std::string& chunk);
  // After the client's last message: checks, probes and stores the file.
  absl::StatusOr<AssetRecord> Complete();
  // A record of this upload with what every kind shares: ids, name, size,
  // hash, time.
  AssetRecord NewRecord(const std::string& sha256) const;
  // Stores `record` with the temp file as its content.
  absl::StatusOr<AssetRecord> Commit(AssetRecord record);
  // Complete() for a lyrics file: parses it instead of probing audio.
  absl::StatusOr<AssetRecord> CompleteLyrics(const std::string& sha256);
  // Complete() for a photo or a clip that ProbeMediaFile accepted.
  absl::StatusOr<AssetRecord> CompleteVisual(const MediaInfo& media, const std::string& sha256);
  // The size limit for this upload: 1 MB for lyrics, else the server's.
  int64_t LimitBytes() const;
  absl::Status LimitError() const;
  void FinishWith(const absl::Status& status);
  void DiscardTemp();

  grpc::CallbackServerContext* const context_;
  Storage& storage_;
  const int64_t max_upload_bytes_;
  v1::Asset* const response_;
  const std::string owner_;  // token hash; "" when refused

  // Reactions of one reactor never overlap here (one read in flight, no
  // OnCancel override), so no lock is needed.
  v1::UploadMediaRequest request_;
  bool have_header_ = false;
  bool finished_ = false;
  std::string session_id_;
  std::string file_name_;
  int64_t declared_size_ = 0;
  std::string expected_sha256_;
  bool lyrics_ = false;  // the name ends in .lrc or .srt
  int64_t received_ = 0;
  Sha256 hash_;
  std::string temp_path_;  // empty when there is no temp file
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_{nullptr, &std::fclose};
};

}  // namespace beatframe::service
