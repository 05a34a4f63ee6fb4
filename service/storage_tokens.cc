// Storage: the tokens table and credit balances. A balance's frozen part is
// not stored: it is the sum of the credits of the owner's queued and running
// jobs, so it can never drift from the jobs themselves (also across crashes).
#include "absl/strings/str_cat.h"
#include "engine/common/status_macros.h"
#include "service/storage.h"

namespace beatframe::service {

absl::Status Storage::InsertToken(const TokenRecord& t) {
  std::lock_guard<std::mutex> lock(mu_);
  return db_->Run("INSERT INTO tokens (token_hash, created_unix_ms, expires_unix_ms, credits) VALUES (?, ?, ?, ?)",
                  {t.token_hash, t.created_unix_ms, t.expires_unix_ms, t.credits})
      .status();
}

absl::StatusOr<TokenRecord> Storage::GetToken(const std::string& token_hash) {
  TokenRecord token;
  bool found = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    BF_RETURN_IF_ERROR(db_->Run("SELECT token_hash, created_unix_ms, expires_unix_ms, credits FROM tokens "
                                "WHERE token_hash = ?",
                                {token_hash},
                                [&](const SqlRow& row) {
                                  found = true;
                                  token = TokenRecord{row.Text(0), row.Int(1), row.Int(2), row.Int(3)};
                                })
                           .status());
  }
  if (!found) return absl::NotFoundError("unknown token");
  return token;
}

absl::StatusOr<CreditBalance> Storage::GetCredits(const std::string& token_hash) {
  std::lock_guard<std::mutex> lock(mu_);
  return CreditsLocked(token_hash);
}

absl::StatusOr<CreditBalance> Storage::CreditsLocked(const std::string& token_hash) {
  CreditBalance balance;
  BF_RETURN_IF_ERROR(db_->Run("SELECT credits FROM tokens WHERE token_hash = ?", {token_hash},
                              [&](const SqlRow& row) { balance.total = row.Int(0); })
                         .status());
  BF_RETURN_IF_ERROR(db_->Run("SELECT COALESCE(SUM(j.credits), 0) FROM jobs j "
                              "JOIN sessions s ON s.session_id = j.session_id "
                              "WHERE s.owner = ? AND j.state IN (?, ?)",
                              {token_hash, std::string(kJobQueued), std::string(kJobRunning)},
                              [&](const SqlRow& row) { balance.frozen = row.Int(0); })
                         .status());
  return balance;
}

}  // namespace beatframe::service
