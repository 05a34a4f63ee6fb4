// The FFmpeg handle types the encoders use, from engine/common/av_handles.h.
#pragma once

#include "engine/common/av_handles.h"

namespace beatframe::encode_internal {

using av::AudioFifoPtr;
using av::CodecContextPtr;
using av::FramePtr;
using av::OutputFormatPtr;
using av::PacketPtr;

}  // namespace beatframe::encode_internal
