// Plain-language edit requests, English and Chinese, turned into DraftEdits.
// Deterministic word and phrase tables, no model: the same message and
// context always give the same edits. Each clause of a message is read on
// its own, so "make it vertical, add the title 'Urban Dreams' for 3 seconds"
// gives two edits.
//
// Understood (examples; Chinese alongside):
//   aspect      vertical, portrait, 9:16, TikTok, Reels, Shorts, story; square, 1:1,
//               Instagram; landscape, 16:9, YouTube; 4:5 (refused by ApplyEdit with
//               the closest); 竖屏, 横屏, 方形, 抖音
//   resolution  720p, 1080p, full HD (4K/2160p parse and are refused)
//   style       bars, spectrum, waveform, wave, particles, stars, tunnel, kaleidoscope,
//               gradient, pulse, orb; 脉冲, 频谱, 波形, 粒子, 星空, 隧道, 渐变
//   palette     neon, cyberpunk, pastel, dark, moody, warm, sunset, mono, black and
//               white, cover colours; 霓虹, 粉彩, 暗色, 暖色, 黑白, 封面
//   title       add/change/remove, quoted or after the word, with a time range;
//               标题, 片名
//   captions    add (with a range; "at 0:12" alone shows 4 s, no time at all the
//               whole video) / remove (by text, time or all); caption, subtitle,
//               text; 字幕, 文字
//   trim        only/just/keep the first 30 seconds, from 1:00 to 1:30, the last
//               20 s, make it 30 seconds long, only the chorus (needs sections),
//               the whole song; 只要前30秒, 截取1:00到1:30, 只要副歌, 整首
//   fades       fade in/out [N s], no fade; 淡入, 淡出, 淡入淡出
//   background  add/remove background music (a second upload) at N%, its volume;
//               背景音乐
//   volume      music volume N%, louder, quieter, mute; 音量, 大声, 小声
//   cut rate    on every beat, every bar, every 2 bars, on section changes, auto;
//               每拍, 卡点, 每小节, 每两小节, 每段
//   intensity   calmer, chill, less intense / more energetic, livelier, more
//               intense ("much" doubles); 平静, 舒缓 / 更有活力, 激烈, 动感
// Note: "calm" means calmer here (in a first prompt, render_plan reads it as
// the gradient style).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "engine/audio/analysis.h"
#include "engine/timeline/draft.h"
#include "engine/timeline/draft_edit.h"
#include "engine/timeline/reply_language.h"

namespace beatframe {

// What the parser needs to know about the session to resolve a message.
struct ParseContext {
  bool has_draft = false;
  int64_t song_duration_ms = 0;   // the music asset ("the last 20 seconds")
  int64_t video_duration_ms = 0;  // the current output
  bool has_title = false;
  int64_t title_start_ms = 0;     // "the title for 5 seconds" keeps its start
  bool has_background_music = false;
  // Sections of the music (engine/audio/analysis.h), for "only the chorus";
  // empty when unknown.
  std::vector<Section> sections;
  // The session's other uploaded track, for "add background music"; empty
  // when there is none.
  std::string background_asset_id;
  std::string background_name;
};

// The draft's part of the context; the caller adds sections and the background candidate.
ParseContext ContextForDraft(const Draft& draft);

struct ParsedEdits {
  std::vector<DraftEdit> edits;  // in the order asked
  // Requests understood but impossible here ("I don't know where the chorus
  // is"), in the message's language.
  std::vector<std::string> problems;
  // Clauses (as written) from which nothing was read, fillers like "please" left out.
  std::vector<std::string> unrecognized;
};

ParsedEdits ParseEdits(absl::string_view message, const ParseContext& context, ReplyLanguage language);

}  // namespace beatframe
