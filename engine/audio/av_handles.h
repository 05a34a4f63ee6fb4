// The FFmpeg handle types the decoder uses, from engine/common/av_handles.h.
#pragma once

#include "engine/common/av_handles.h"

namespace beatframe::audio_internal {

using av::CodecContextPtr;
using av::FramePtr;
using av::InputFormatPtr;
using av::OutputFormatPtr;
using av::PacketPtr;
using av::SwrPtr;

}  // namespace beatframe::audio_internal
