#include "engine/common/av_error.h"

extern "C" {
#include <libavutil/error.h>
}

#include <cerrno>

#include "absl/strings/str_cat.h"

namespace beatframe {

absl::Status AvErrorToStatus(int av_error, absl::string_view what) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {0};
  av_strerror(av_error, text, sizeof(text));
  std::string message = absl::StrCat(what, ": ", text);
  switch (av_error) {
    case AVERROR_INVALIDDATA:
    case AVERROR_DECODER_NOT_FOUND:
    case AVERROR_DEMUXER_NOT_FOUND:
    case AVERROR_STREAM_NOT_FOUND:
    case AVERROR_EOF:
      return absl::InvalidArgumentError(message);
    case AVERROR(ENOENT):
      return absl::NotFoundError(message);
    case AVERROR(ENOMEM):
    case AVERROR(ENOSPC):
      return absl::ResourceExhaustedError(message);
    case AVERROR(EACCES):
      return absl::PermissionDeniedError(message);
    default:
      return absl::InternalError(message);
  }
}

}  // namespace beatframe
