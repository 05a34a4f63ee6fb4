// The remote service talks as if its user had a GUI ("click the Export
// button", "open the Media panel", "preview in timeline", "drag the clip").
// beatframe's users have none, so RemoteSession carries these out through the
// API instead of showing them. This file finds them, sentence by sentence.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace beatframe::remote {

enum class GuiAction {
  kNone,           // an ordinary sentence: shown as is
  kExport,         // "click the Export button": run the export calls
  kOpenPanel,      // "open the … panel": read the session state, show it
  kPreview,        // "preview in timeline": show the track summary
  kSendAsMessage,  // "drag/drop …", "click <another button>": ask the service to do it
};

// What `sentence` asks the user to do in the GUI (case-insensitive).
GuiAction ClassifySentence(absl::string_view sentence);

// Cuts streamed text into sentences: a piece ends after '.', '!' or '?'
// (also the CJK full-width forms) followed by whitespace, or at a newline; the
// whitespace stays with the sentence, so the pieces concatenate to the input.
class SentenceSplitter {
 public:
  // Adds text; returns the sentences it completed.
  std::vector<std::string> Add(absl::string_view text);
  // The unfinished rest (the stream ended).
  std::string Flush();

 private:
  std::string buffer_;
};

}  // namespace beatframe::remote
