// grpc.health.v1 and server reflection on the real server in-process, called
// over loopback: Check and Watch for the server, the API and liveness before
// and after draining starts; list_services and file_containing_symbol.
#include <chrono>
#include <set>

#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/ops/ops_test_util.h"
#include "tests/service/service_test_util.h"

namespace beatframe::ops::testing {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using service::testing::TempDir;
using service::testing::TestServer;
using service::testing::TestServerOptions;

constexpr char kApi[] = "beatframe.v1.Beatframe";

// Check(`service`): the status, or -(gRPC code) when the call fails.
int Check(Health::Stub& health, const std::string& service) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  const grpc::Status status = health.Check(&context, request, &response);
  return status.ok() ? response.status() : -status.error_code();
}

class HealthReflectionTest : public ::testing::Test {
 protected:
  HealthReflectionTest() : server_(TestServerOptions(dir_.path())) {
    health_ = Health::NewStub(server_.channel);
  }
  TempDir dir_;
  TestServer server_;
  std::unique_ptr<Health::Stub> health_;
};

TEST_F(HealthReflectionTest, CheckReportsServingForServerApiAndLiveness) {
  EXPECT_EQ(Check(*health_, ""), HealthCheckResponse::SERVING);
  EXPECT_EQ(Check(*health_, kApi), HealthCheckResponse::SERVING);
  EXPECT_EQ(Check(*health_, service::BeatframeServer::kLivenessServiceName), HealthCheckResponse::SERVING);
  EXPECT_EQ(Check(*health_, "no.such.Service"), -grpc::StatusCode::NOT_FOUND);
}

TEST_F(HealthReflectionTest, DrainTurnsReadinessNotServingAndWatchSeesIt) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  HealthCheckRequest request;
  request.set_service(kApi);
  std::unique_ptr<grpc::ClientReader<HealthCheckResponse>> watch = health_->Watch(&context, request);
  HealthCheckResponse response;
  ASSERT_TRUE(watch->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);

  // No jobs: the drain returns at once, with nothing left running.
  EXPECT_EQ(server_.server->Drain(), 0);
  ASSERT_TRUE(watch->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING);
  context.TryCancel();

  EXPECT_EQ(Check(*health_, ""), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(Check(*health_, kApi), HealthCheckResponse::NOT_SERVING);
  // Liveness holds while the drain waits, so Kubernetes does not kill the pod early.
  EXPECT_EQ(Check(*health_, service::BeatframeServer::kLivenessServiceName), HealthCheckResponse::SERVING);
}

TEST_F(HealthReflectionTest, ReflectionListsTheServices) {
  absl::StatusOr<std::vector<std::string>> services = ReflectionListServices(server_.channel);
  ASSERT_TRUE(services.ok()) << services.status();
  EXPECT_THAT(*services, ::testing::IsSupersetOf({std::string(kApi), std::string("grpc.health.v1.Health"),
                                                  std::string("grpc.reflection.v1alpha.ServerReflection")}));
}

TEST_F(HealthReflectionTest, ReflectionDescribesTheApi) {
  absl::StatusOr<google::protobuf::FileDescriptorProto> file = ReflectionFileContainingSymbol(server_.channel, kApi);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->package(), "beatframe.v1");
  ASSERT_EQ(file->service_size(), 1);
  std::set<std::string> methods;
  for (const auto& method : file->service(0).method()) methods.insert(method.name());
  EXPECT_THAT(methods, ::testing::IsSupersetOf({"CreateSession", "UploadMedia", "Generate", "Download", "GetJob"}));

  absl::StatusOr<google::protobuf::FileDescriptorProto> missing =
      ReflectionFileContainingSymbol(server_.channel, "beatframe.v1.NoSuchThing");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound) << missing.status();
}

}  // namespace
}  // namespace beatframe::ops::testing
