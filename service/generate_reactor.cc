#include "service/generate_reactor.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "engine/common/status_macros.h"
#include "engine/pipeline/montage_setup.h"
#include "engine/timeline/user_text.h"
#include "service/credits.h"
#include "service/id_generator.h"
#include "service/job_stream_reactor.h"
#include "service/proto_convert.h"
#include "service/status_mapping.h"

namespace beatframe::service {

namespace {

// The request's title, captions and lyrics asset, checked now so a bad one
// fails the call rather than the job.
absl::Status AddTextToSpec(Storage& storage, const v1::GenerateRequest& request, JobSpec& spec) {
  if (request.title().size() > kMaxUserTitleBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("the title is ", request.title().size(), " bytes; at most ", kMaxUserTitleBytes, " fit"));
  }
  spec.title = request.title();
  BF_ASSIGN_OR_RETURN(spec.captions, CaptionsFromProto(request.captions()));
  if (!request.lyrics_asset_id().empty()) {
    BF_ASSIGN_OR_RETURN(const AssetRecord lyrics, storage.GetAsset(request.session_id(), request.lyrics_asset_id()));
    if (!IsLyricsFormat(lyrics.format)) {
      return absl::InvalidArgumentError(absl::StrCat("lyrics_asset_id '", lyrics.asset_id, "' ('", lyrics.file_name,
                                                     "') is not a lyrics file; upload a .lrc or .srt file"));
    }
    spec.lyrics_path = lyrics.path;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<JobSpec> BuildJobSpec(Storage& storage, const v1::GenerateRequest& request, const std::string& owner) {
  BF_RETURN_IF_ERROR(storage.CheckSession(request.session_id(), owner));
  if (request.asset_ids().empty()) {
    return absl::InvalidArgumentError("Generate needs at least one audio asset; upload a track with UploadMedia");
  }
  BF_ASSIGN_OR_RETURN(const std::string aspect, AspectToEngine(request.aspect()));
  BF_ASSIGN_OR_RETURN(const std::string resolution, ResolutionToEngine(request.resolution()));
  // Every named asset must exist; the first audio one is the soundtrack;
  // photos and clips make the montage, in the order given.
  std::string soundtrack_id;
  std::string soundtrack_path;
  double soundtrack_s = 0.0;
  std::vector<std::string> media_paths;
  for (const std::string& asset_id : request.asset_ids()) {
    BF_ASSIGN_OR_RETURN(const AssetRecord asset, storage.GetAsset(request.session_id(), asset_id));
    if (asset.kind == kAssetKindImage || asset.kind == kAssetKindVideo) {
      media_paths.push_back(asset.path);
      continue;
    }
    if (soundtrack_path.empty() && !IsLyricsFormat(asset.format)) {
      soundtrack_id = asset.asset_id;
      soundtrack_path = asset.path;
      soundtrack_s = asset.duration_s;
    }
  }
  if (soundtrack_path.empty()) {
    return absl::InvalidArgumentError(
        "Generate needs an audio asset, not only lyrics, images or clips; upload a track with UploadMedia");
  }
  if (media_paths.size() > static_cast<size_t>(pipeline_internal::kMaxMontageItems)) {
    return absl::InvalidArgumentError(absl::StrCat("a montage takes at most ", pipeline_internal::kMaxMontageItems,
                                                   " images and clips; got ", media_paths.size()));
  }
  JobSpec spec;
  spec.job_id = NewRandomId();
  spec.session_id = request.session_id();
  spec.asset_id = soundtrack_id;
  spec.output_id = NewRandomId();
  spec.input_path = soundtrack_path;
  spec.output_path = storage.OutputPath(spec.session_id, spec.output_id);
  if (request.contact_sheet()) {
    // A second output beside the MP4, downloadable like it.
    spec.contact_sheet_id = NewRandomId();
    spec.contact_sheet_path =
        std::filesystem::path(storage.OutputPath(spec.session_id, spec.contact_sheet_id)).replace_extension(".png").string();
  }
  spec.prompt = request.prompt();
  spec.aspect = aspect;
  spec.resolution = resolution;
  spec.media_paths = std::move(media_paths);
  // The video is as long as the track: hold what that costs until it is done.
  spec.credits = CreditsForDuration(soundtrack_s);
  BF_RETURN_IF_ERROR(AddTextToSpec(storage, request, spec));
  return spec;
}

grpc::ServerWriteReactor<v1::JobEvent>* StartGenerate(Storage& storage, JobManager& jobs,
                                                     const v1::GenerateRequest& request, const std::string& owner) {
  absl::StatusOr<JobSpec> spec = BuildJobSpec(storage, request, owner);
  absl::StatusOr<std::shared_ptr<Job>> job = spec.ok() ? jobs.Start(*std::move(spec)) : spec.status();
  if (!job.ok()) return JobStreamReactor::Fail(ToGrpcStatus(job.status()));
  return JobStreamReactor::Follow(*std::move(job), 0);
}

}  // namespace beatframe::service
