// BeatframeService's token and credit RPCs: CreateToken (the one call without
// a token) and GetCredits.
#include "service/beatframe_service.h"
#include "service/status_mapping.h"

namespace beatframe::service {

grpc::ServerUnaryReactor* BeatframeService::CreateToken(grpc::CallbackServerContext* context,
                                                        const v1::CreateTokenRequest* request,
                                                        v1::CreateTokenResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<v1::CreateTokenResponse> token = auth_.CreateToken(context->peer());
  if (token.ok()) *response = *std::move(token);
  reactor->Finish(ToGrpcStatus(token.status()));
  return reactor;
}

grpc::ServerUnaryReactor* BeatframeService::GetCredits(grpc::CallbackServerContext* context,
                                                       const v1::GetCreditsRequest* request, v1::Credits* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<std::string> owner = auth_.Authenticate(*context);
  absl::StatusOr<CreditBalance> balance = owner.ok() ? storage_.GetCredits(*owner) : owner.status();
  if (balance.ok()) {
    response->set_total(balance->total);
    response->set_frozen(balance->frozen);
    response->set_available(balance->available());
  }
  reactor->Finish(ToGrpcStatus(balance.status()));
  return reactor;
}

}  // namespace beatframe::service
