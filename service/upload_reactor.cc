#include "service/upload_reactor.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "engine/audio/decoder.h"
#include "engine/common/status_macros.h"
#include "engine/media/media_probe.h"
#include "engine/timeline/lyrics.h"
#include "service/error_reasons.h"
#include "service/id_generator.h"
#include "service/metrics_registry.h"
#include "service/proto_convert.h"
#include "service/status_mapping.h"

namespace beatframe::service {
namespace {

std::string FormatMegabytes(int64_t bytes) {
  if (bytes % 1000000 == 0) return absl::StrCat(bytes / 1000000, " MB");
  return absl::StrFormat("%.1f MB", static_cast<double>(bytes) / 1e6);
}

// Only the base name is kept: a client path must never steer where we write.
std::string BaseName(const std::string& name) {
  const size_t slash = name.find_last_of("/\\");
  std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
  if (base.size() > 255) base.resize(255);
  return base.empty() ? "upload" : base;
}

// The probe names the temp file; users know their file by its own name. Its
// INVALID_ARGUMENT should already list the accepted formats; make sure.
absl::Status NotAudioError(const std::string& file_name, const std::string& temp_path,
                           const absl::Status& probe) {
  std::string message = absl::StrReplaceAll(probe.message(), {{temp_path, file_name}});
  if (!absl::StrContains(message, file_name)) message = absl::StrCat("'", file_name, "': ", message);
  const std::string accepted = AcceptedAudioFormatsText();
  if (!absl::StrContains(message, accepted)) absl::StrAppend(&message, "; accepted formats: ", accepted);
  absl::StrAppend(&message, "; for the montage: ", AcceptedVisualFormatsText());
  return WithReason(absl::InvalidArgumentError(message), kReasonUnsupportedFileType);
}

// Names that promise a photo or a clip; their content must keep the promise.
bool HasVisualExtension(const std::string& file_name) {
  const std::string lower = absl::AsciiStrToLower(file_name);
  for (const char* extension : {".jpg", ".jpeg", ".png", ".webp", ".gif", ".mp4", ".mov", ".m4v", ".webm", ".mkv"}) {
    if (absl::EndsWith(lower, extension)) return true;
  }
  return false;
}

absl::Status NotVisualError(const std::string& file_name, const std::string& temp_path, const absl::Status& probe) {
  std::string message = absl::StrReplaceAll(probe.message(), {{temp_path, file_name}});
  if (!absl::StrContains(message, file_name)) message = absl::StrCat("'", file_name, "': ", message);
  const std::string accepted = AcceptedVisualFormatsText();
  if (!absl::StrContains(message, accepted)) absl::StrAppend(&message, "; accepted: ", accepted);
  return WithReason(absl::InvalidArgumentError(message), kReasonUnsupportedFileType);
}

}  // namespace

UploadReactor::UploadReactor(grpc::CallbackServerContext* context, Storage& storage, int64_t max_upload_bytes,
                             v1::Asset* response, absl::StatusOr<std::string> owner)
    : context_(context),
      storage_(storage),
      max_upload_bytes_(max_upload_bytes),
      response_(response),
      owner_(owner.ok() ? *owner : std::string()) {
  if (!owner.ok()) {
    FinishWith(owner.status());
    return;
  }
  StartRead(&request_);
}

void UploadReactor::OnReadDone(bool ok) {
  if (!ok) {
    // No more messages: either the client finished sending or the call broke.
    if (context_->IsCancelled()) {
      FinishWith(absl::CancelledError("upload cancelled by the client"));
      return;
    }
    absl::StatusOr<AssetRecord> asset = Complete();
    if (asset.ok()) {
      *response_ = AssetToProto(*asset);
      Metrics().UploadStored(asset->size_bytes);
    }
    FinishWith(asset.status());
    return;
  }
  absl::Status status;
  switch (request_.payload_case()) {
    case v1::UploadMediaRequest::kHeader:
      status = OnHeader(request_.header());
      break;
    case v1::UploadMediaRequest::kChunk:
      status = OnChunk(request_.chunk());
      break;
    default:
      status = absl::InvalidArgumentError("an UploadMediaRequest must carry a header or a chunk");
  }
  if (!status.ok()) {
    FinishWith(status);
    return;
  }
  StartRead(&request_);
}

absl::Status UploadReactor::LimitError() const {
  return WithReason(absl::ResourceExhaustedError(absl::StrCat("'", file_name_, "' exceeds the ",
                                                              FormatMegabytes(LimitBytes()),
                                                              " limit; compress or trim it and try again")),
                    kReasonFileTooLarge, {{"limit_bytes", absl::StrCat(LimitBytes())}});
}

absl::Status UploadReactor::OnHeader(const v1::UploadHeader& header) {
  if (have_header_) return absl::FailedPreconditionError("the upload header may only be sent once, first");
  have_header_ = true;
  file_name_ = BaseName(header.file_name());
  session_id_ = header.session_id();
  declared_size_ = header.declared_size_bytes();
  expected_sha256_ = absl::AsciiStrToLower(header.sha256());
  lyrics_ = IsLyricsFileName(file_name_);
  BF_RETURN_IF_ERROR(storage_.CheckSession(session_id_, owner_));
  if (declared_size_ < 0) return absl::InvalidArgumentError("declared_size_bytes must not be negative");
  // Refuse before a single byte is sent when the client already knows.
  if (declared_size_ > LimitBytes()) {
    return WithReason(absl::ResourceExhaustedError(absl::StrCat("'", file_name_, "' (", FormatMegabytes(declared_size_),
                                                                ") exceeds the ", FormatMegabytes(LimitBytes()),
                                                                " limit; compress or trim it and try again")),
                      kReasonFileTooLarge, {{"limit_bytes", absl::StrCat(LimitBytes())}});
  }
  temp_path_ = storage_.NewTempPath("upload");
  file_.reset(std::fopen(temp_path_.c_str(), "wbx"));
  if (file_ == nullptr) {
    const std::string error = std::strerror(errno);
    temp_path_.clear();
    return absl::InternalError(absl::StrCat("cannot create a temp file for the upload: ", error));
  }
  return absl::OkStatus();
}

absl::Status UploadReactor::OnChunk(const std::string& chunk) {
  if (!have_header_) {
    return absl::FailedPreconditionError("the first UploadMediaRequest must carry the header, not a chunk");
  }
  if (static_cast<int64_t>(chunk.size()) > kMaxChunkBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("a chunk carries ", chunk.size(), " bytes; send at most 1 MiB (1048576 bytes) per message"));
  }
  // Checked before writing, so an oversized upload never lands on disk past the limit.
  if (received_ + static_cast<int64_t>(chunk.size()) > LimitBytes()) return LimitError();
  if (declared_size_ > 0 && received_ + static_cast<int64_t>(chunk.size()) > declared_size_) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", file_name_, "' is longer than the declared ", declared_size_, " bytes"));
  }
  if (!chunk.empty() && std::fwrite(chunk.data(), 1, chunk.size(), file_.get()) != chunk.size()) {
    const int err = errno;
    const std::string message = absl::StrCat("cannot store the upload: ", std::strerror(err));
    return err == ENOSPC ? absl::ResourceExhaustedError(message) : absl::InternalError(message);
  }
  hash_.Update(chunk.data(), chunk.size());
  received_ += static_cast<int64_t>(chunk.size());
  return absl::OkStatus();
}

absl::StatusOr<AssetRecord> UploadReactor::Complete() {
  if (!have_header_) {
    return absl::FailedPreconditionError("the upload ended without a header; send an UploadHeader first");
  }
  if (file_ == nullptr || std::fclose(file_.release()) != 0) {
    return absl::InternalError("cannot store the upload: closing the temp file failed");
  }
  if (received_ == 0) {
    return absl::InvalidArgumentError(absl::StrCat("'", file_name_, "' is empty; upload an audio file (",
                                                   AcceptedAudioFormatsText(), ")"));
  }
  if (declared_size_ > 0 && received_ != declared_size_) {
    return absl::InvalidArgumentError(absl::StrCat("'", file_name_, "' ended after ", received_,
                                                   " bytes but the header declared ", declared_size_));
  }
  const std::string sha256 = hash_.HexDigest();
  if (!expected_sha256_.empty() && sha256 != expected_sha256_) {
    return absl::DataLossError(absl::StrCat("'", file_name_, "' arrived damaged: its SHA-256 is ", sha256,
                                            " but the header said ", expected_sha256_, "; upload it again"));
  }
  if (lyrics_) return CompleteLyrics(sha256);
  // Photos and clips (the montage) are told from audio by their content.
  absl::StatusOr<MediaInfo> media = ProbeMediaFile(temp_path_);
  if (media.ok() && media->kind != MediaKind::kAudio) return CompleteVisual(*media, sha256);
  if (!media.ok() && media.status().code() == absl::StatusCode::kInvalidArgument &&
      (HasVisualExtension(file_name_) || absl::StrContains(media.status().message(), "detected"))) {
    return NotVisualError(file_name_, temp_path_, media.status());
  }
  absl::StatusOr<AudioFileInfo> info = ProbeAudioFile(temp_path_);
  if (!info.ok() && info.status().code() == absl::StatusCode::kInvalidArgument) {
    return NotAudioError(file_name_, temp_path_, info.status());
  }
  if (!info.ok()) {
    // Not the client's fault (the temp file is ours): a server fault.
    return absl::InternalError(absl::StrCat("cannot read the upload of '", file_name_, "' back: ",
                                            absl::StrReplaceAll(info.status().message(), {{temp_path_, "temp file"}})));
  }
  if (info->sample_rate_hz <= 0 || info->channels <= 0) {
    return NotAudioError(file_name_, temp_path_, absl::InvalidArgumentError("it has no playable audio stream"));
  }
  AssetRecord record = NewRecord(sha256);
  record.format = info->format;
  record.codec = info->codec;
  record.duration_s = info->duration_s;
  record.sample_rate_hz = info->sample_rate_hz;
  record.channels = info->channels;
  record.title = info->tags.title;
  record.artist = info->tags.artist;
  record.album = info->tags.album;
  return Commit(std::move(record));
}

AssetRecord UploadReactor::NewRecord(const std::string& sha256) const {
  AssetRecord record;
  record.asset_id = NewRandomId();
  record.session_id = session_id_;
  record.file_name = file_name_;
  record.size_bytes = received_;
  record.sha256 = sha256;
  record.created_unix_ms = NowUnixMs();
  return record;
}

absl::StatusOr<AssetRecord> UploadReactor::Commit(AssetRecord record) {
  // CommitAsset moves or removes the temp file either way.
  const std::string temp_path = std::move(temp_path_);
  temp_path_.clear();
  return storage_.CommitAsset(temp_path, std::move(record));
}

absl::StatusOr<AssetRecord> UploadReactor::CompleteVisual(const MediaInfo& media, const std::string& sha256) {
  AssetRecord record = NewRecord(sha256);
  record.kind = media.kind == MediaKind::kImage ? kAssetKindImage : kAssetKindVideo;
  record.format = media.format;
  record.codec = media.codec;
  record.duration_s = media.duration_s;
  record.width = media.width;
  record.height = media.height;
  return Commit(std::move(record));
}

int64_t UploadReactor::LimitBytes() const {
  return lyrics_ ? std::min(kMaxLyricsBytes, max_upload_bytes_) : max_upload_bytes_;
}

absl::StatusOr<AssetRecord> UploadReactor::CompleteLyrics(const std::string& sha256) {
  std::ifstream file(temp_path_, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (!file.good() && !file.eof()) return absl::InternalError("cannot read the upload back from the temp file");
  // Parsing is the validation: a file that would fail at render time fails here.
  BF_ASSIGN_OR_RETURN(const std::vector<Caption> captions, ParseLyrics(file_name_, text));
  AssetRecord record = NewRecord(sha256);
  record.format = absl::AsciiStrToLower(file_name_.substr(file_name_.size() - 3));
  for (const Caption& caption : captions) record.duration_s = std::max(record.duration_s, caption.end_s);
  return Commit(std::move(record));
}

void UploadReactor::FinishWith(const absl::Status& status) {
  if (finished_) return;
  finished_ = true;
  // A refused upload is deleted now, not when the call winds down.
  if (!status.ok()) DiscardTemp();
  Finish(ToGrpcStatus(status));
}

void UploadReactor::DiscardTemp() {
  file_.reset();
  if (temp_path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove(temp_path_, ec);
  temp_path_.clear();
}

void UploadReactor::OnDone() {
  // Covers every path that did not finish through FinishWith (e.g. a broken call).
  DiscardTemp();
  delete this;
}

}  // namespace beatframe::service
