#include "service/download_reactor.h"

#include <algorithm>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "service/status_mapping.h"
#include "service/upload_reactor.h"

namespace beatframe::service {

DownloadReactor::DownloadReactor(Storage& storage, const v1::DownloadRequest& request,
                                 const absl::StatusOr<std::string>& owner) {
  const absl::Status session = owner.ok() ? storage.CheckSession(request.session_id(), *owner) : owner.status();
  absl::StatusOr<OutputRecord> output =
      session.ok() ? storage.GetOutput(request.session_id(), request.output_id()) : session;
  if (!output.ok()) {
    Finish(ToGrpcStatus(output.status()));
    return;
  }
  std::error_code ec;
  const auto on_disk = std::filesystem::file_size(output->path, ec);
  file_.reset(ec ? nullptr : std::fopen(output->path.c_str(), "rb"));
  if (file_ == nullptr || static_cast<int64_t>(on_disk) != output->size_bytes) {
    // The database says it exists: a missing or changed file is lost data.
    Finish(ToGrpcStatus(absl::DataLossError(
        absl::StrCat("the file of output '", output->output_id, "' is missing or damaged on the server"))));
    return;
  }
  size_bytes_ = output->size_bytes;
  v1::DownloadHeader* header = response_.mutable_header();
  header->set_size_bytes(output->size_bytes);
  header->set_sha256(output->sha256);
  // Outputs are the MP4 and, when asked for, its contact sheet PNG.
  const bool png = std::filesystem::path(output->path).extension() == ".png";
  header->set_content_type(png ? "image/png" : "video/mp4");
  header->set_file_name(absl::StrCat("beatframe-", output->output_id, png ? ".png" : ".mp4"));
  StartWrite(&response_);
}

void DownloadReactor::OnWriteDone(bool ok) {
  if (!ok) {
    Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
    return;
  }
  WriteNextChunk();
}

void DownloadReactor::WriteNextChunk() {
  if (sent_bytes_ == size_bytes_) {
    Finish(grpc::Status::OK);
    return;
  }
  const auto want = static_cast<size_t>(std::min<int64_t>(kMaxChunkBytes, size_bytes_ - sent_bytes_));
  std::string* chunk = response_.mutable_chunk();
  chunk->resize(want);
  if (std::fread(chunk->data(), 1, want, file_.get()) != want) {
    Finish(ToGrpcStatus(absl::DataLossError("the output file ended early while reading it")));
    return;
  }
  sent_bytes_ += static_cast<int64_t>(want);
  StartWrite(&response_);
}

}  // namespace beatframe::service
