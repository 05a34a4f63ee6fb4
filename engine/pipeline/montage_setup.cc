#include "engine/pipeline/montage_setup.h"

#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/common/status_macros.h"
#include "engine/media/clip_reader.h"
#include "engine/media/media_probe.h"
#include "engine/media/still_image.h"
#include "engine/render/montage_layer.h"
#include "engine/timeline/montage_plan.h"

namespace beatframe::pipeline_internal {
namespace {

absl::StatusOr<MontageMedia> LoadMedia(const std::string& path, const RenderPlan& plan) {
  BF_ASSIGN_OR_RETURN(const MediaInfo info, ProbeMediaFile(path));
  MontageMedia media;
  switch (info.kind) {
    case MediaKind::kImage: {
      StillImageOptions options;
      MontageLayer::StillCoverSize(plan.width, plan.height, &options.cover_width, &options.cover_height);
      BF_ASSIGN_OR_RETURN(media.still, DecodeStillImage(path, options));
      return media;
    }
    case MediaKind::kVideo: {
      ClipReaderOptions options;
      options.width = plan.width;
      options.height = plan.height;
      options.fps_num = plan.fps_num;
      options.fps_den = plan.fps_den;
      BF_ASSIGN_OR_RETURN(media.clip, ClipReader::Open(path, options));
      return media;
    }
    case MediaKind::kAudio:
      break;
  }
  return absl::InvalidArgumentError(absl::StrCat("'", path, "' is not an image or a video clip; accepted: ",
                                                 AcceptedVisualFormatsText()));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Style>> AddMontage(const std::vector<std::string>& media_paths,
                                                  const std::string& prompt, const Analysis& analysis,
                                                  const RenderPlan& plan, std::unique_ptr<Style> style) {
  if (media_paths.size() > static_cast<size_t>(kMaxMontageItems)) {
    return absl::InvalidArgumentError(absl::StrCat("a montage takes at most ", kMaxMontageItems,
                                                   " images and clips; got ", media_paths.size()));
  }
  // Decoding and scaling 12-megapixel photos takes a fifth of a second
  // each: a second thread loads every other item. Errors are reported for
  // the first failing item in order, as a sequential load would.
  std::vector<absl::StatusOr<MontageMedia>> loaded;
  loaded.reserve(media_paths.size());
  for (size_t i = 0; i < media_paths.size(); ++i) loaded.emplace_back(absl::UnknownError("not loaded"));
  auto load_every_other = [&](size_t first) {
    for (size_t i = first; i < media_paths.size(); i += 2) loaded[i] = LoadMedia(media_paths[i], plan);
  };
  {
    std::thread helper(load_every_other, 1);
    load_every_other(0);
    helper.join();
  }
  std::vector<MontageMedia> media;
  media.reserve(media_paths.size());
  for (absl::StatusOr<MontageMedia>& item : loaded) {
    if (!item.ok()) return item.status();
    media.push_back(std::move(*item));
  }
  MontagePlanOptions options;
  options.media_count = static_cast<int>(media.size());
  options.fps_num = plan.fps_num;
  options.fps_den = plan.fps_den;
  options.prompt = prompt;
  options.seed = plan.seed;
  BF_ASSIGN_OR_RETURN(MontagePlan shots, PlanMontage(analysis, options));
  BF_ASSIGN_OR_RETURN(std::unique_ptr<MontageLayer> layer,
                      MontageLayer::Create(plan.width, plan.height, std::move(shots), std::move(media)));
  if (PromptWantsMontageOnly(prompt)) style.reset();
  return std::unique_ptr<Style>(std::make_unique<MontageStyle>(std::move(layer), std::move(style), plan.width,
                                                               plan.height));
}

}  // namespace beatframe::pipeline_internal
