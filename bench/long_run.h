// bench/beats --long: speed on a whole 3-minute MP3 and peak memory on a
// 20-minute WAV, ours beside aubio's, measured in the same run. The inputs
// are made from a real song (looped to length) with the ffmpeg command-line
// tool into a temporary directory, so nothing large lives in the repository.
#pragma once

#include <string>

namespace beatframe::bench {

// Prints the figures to stdout; returns a process exit code (0 on success).
// `song` is any audio file ffmpeg can read; `runs` timed repetitions per
// speed figure (the median is printed).
int RunLongBenchmark(const std::string& song, int runs);

}  // namespace beatframe::bench
