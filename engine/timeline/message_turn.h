// One chat turn on a draft: a routed message applied to the draft's history,
// with the reply text. The service calls RouteMessage, then RunTurn, then
// does what only it can (render for kGenerate/kExport, the balance for
// kCredits) and sends `reply` first.
#pragma once

#include <string>

#include "engine/timeline/draft_history.h"
#include "engine/timeline/intent_router.h"

namespace beatframe {

struct TurnOutcome {
  // Never empty, except for kCredits, where the caller answers with the balance.
  std::string reply;
  bool draft_changed = false;  // a new revision was committed
  // The caller should render the current draft now: kGenerate and kExport
  // always, kEdit when the draft changed.
  bool render = false;
};

// `history` is the session's draft, or null when there is none yet: then
// kGenerate gets an empty reply and render=true (the caller creates the
// draft with NewDraft, makes a DraftHistory and calls RunTurn again so the
// message's edits apply), and the other intents that need a draft answer
// that a track must be uploaded first.
TurnOutcome RunTurn(const RoutedMessage& routed, DraftHistory* history);

}  // namespace beatframe
