#include "tests/service/service_test_util.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/client_interceptor.h"
#include "gtest/gtest.h"
#include "service/sha256.h"
#include "tools/synth/audio_file_writer.h"
#include "tools/synth/synth.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/log.h>
}

namespace beatframe::service::testing {
namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "bf-service-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) std::abort();
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

ServerOptions TestServerOptions(const std::string& data_dir) {
  // Keep test logs readable: FFmpeg prints x264 statistics for every render.
  av_log_set_level(AV_LOG_ERROR);
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.data_dir = data_dir;
  options.shutdown_grace = absl::Seconds(2);
  return options;
}

namespace {

// Adds the bearer token to the initial metadata of every call.
class BearerInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit BearerInterceptor(std::string header) : header_(std::move(header)) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->insert({"authorization", header_});
    }
    methods->Proceed();
  }

 private:
  std::string header_;
};

class BearerInterceptorFactory : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit BearerInterceptorFactory(std::string token) : header_("Bearer " + std::move(token)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(grpc::experimental::ClientRpcInfo*) override {
    return new BearerInterceptor(header_);
  }

 private:
  std::string header_;
};

grpc::ChannelArguments TestChannelArguments() {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(4 << 20);
  return args;
}

}  // namespace

std::unique_ptr<v1::Beatframe::Stub> AuthorizedStub(const std::string& address, const std::string& token) {
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<BearerInterceptorFactory>(token));
  return v1::Beatframe::NewStub(grpc::experimental::CreateCustomChannelWithInterceptors(
      address, grpc::InsecureChannelCredentials(), TestChannelArguments(), std::move(interceptors)));
}

std::unique_ptr<v1::Beatframe::Stub> PlainStub(const std::string& address) {
  return v1::Beatframe::NewStub(
      grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), TestChannelArguments()));
}

std::string NewToken(v1::Beatframe::Stub& stub) {
  grpc::ClientContext context;
  v1::CreateTokenResponse response;
  const grpc::Status status = stub.CreateToken(&context, v1::CreateTokenRequest(), &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.token();
}

TestServer::TestServer(const ServerOptions& options, const std::string& reused_token) {
  auto created = BeatframeServer::Create(options);
  EXPECT_TRUE(created.ok()) << created.status();
  if (!created.ok()) return;
  server = *std::move(created);
  channel = grpc::CreateCustomChannel(server->address(), grpc::InsecureChannelCredentials(), TestChannelArguments());
  if (!reused_token.empty()) {
    token = reused_token;
    stub = AuthorizedStub(server->address(), token);
    return;
  }
  Client client = NewClient();
  token = std::move(client.token);
  stub = std::move(client.stub);
}

TestServer::Client TestServer::NewClient() {
  auto plain = v1::Beatframe::NewStub(channel);
  Client client;
  client.token = NewToken(*plain);
  client.stub = AuthorizedStub(server->address(), client.token);
  return client;
}

std::string ErrorReasonOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (status.error_details().empty() || !details.ParseFromString(status.error_details())) return "";
  for (const google::protobuf::Any& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info.reason() + (info.domain() == "beatframe.dev" ? "" : " (wrong domain)");
  }
  return "";
}

int64_t RetryDelayMsOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (status.error_details().empty() || !details.ParseFromString(status.error_details())) return -1;
  for (const google::protobuf::Any& any : details.details()) {
    google::rpc::RetryInfo info;
    if (any.UnpackTo(&info)) return info.retry_delay().seconds() * 1000 + info.retry_delay().nanos() / 1000000;
  }
  return -1;
}

std::string WriteDrumMp3(const std::string& dir, double seconds, double bpm, const std::string& name) {
  SynthOptions options;
  options.bpm = bpm;
  options.duration_s = seconds;
  options.style = SynthStyle::kDrums;
  const SynthesizedTrack track = SynthesizeBeatTrack(options);
  const std::string path = (fs::path(dir) / name).string();
  MediaTags tags;
  tags.title = "Test Groove";
  tags.artist = "Synth";
  const absl::Status status = WriteAudioFile(path, track.audio, AudioFileFormat::kMp3, 0, tags);
  EXPECT_TRUE(status.ok()) << status;
  return path;
}

std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string Sha256Hex(const std::string& bytes) {
  Sha256 hash;
  hash.Update(bytes.data(), bytes.size());
  return hash.HexDigest();
}

std::vector<std::string> MediaFilesUnder(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    if (absl::StartsWith(name, "beatframe.db")) continue;
    files.push_back(entry.path().string());
  }
  return files;
}

std::string CreateSession(v1::Beatframe::Stub& stub, const std::string& label) {
  grpc::ClientContext context;
  v1::CreateSessionRequest request;
  request.set_label(label);
  v1::CreateSessionResponse response;
  const grpc::Status status = stub.CreateSession(&context, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.session_id();
}

grpc::Status Upload(v1::Beatframe::Stub& stub, const std::string& session_id, const std::string& file_name,
                    const std::string& bytes, v1::Asset* asset, size_t chunk_bytes, const std::string& sha256,
                    int64_t declared_size) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  auto writer = stub.UploadMedia(&context, asset);
  v1::UploadMediaRequest request;
  request.mutable_header()->set_session_id(session_id);
  request.mutable_header()->set_file_name(file_name);
  request.mutable_header()->set_declared_size_bytes(declared_size < 0 ? static_cast<int64_t>(bytes.size())
                                                                      : declared_size);
  request.mutable_header()->set_sha256(sha256);
  bool ok = writer->Write(request);
  for (size_t offset = 0; ok && offset < bytes.size(); offset += chunk_bytes) {
    request.set_chunk(bytes.substr(offset, chunk_bytes));
    ok = writer->Write(request);
  }
  if (ok) writer->WritesDone();
  return writer->Finish();
}

grpc::Status GenerateAll(v1::Beatframe::Stub& stub, const v1::GenerateRequest& request,
                         std::vector<v1::JobEvent>* events) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(4));
  auto reader = stub.Generate(&context, request);
  v1::JobEvent event;
  while (reader->Read(&event)) events->push_back(event);
  return reader->Finish();
}

grpc::Status DownloadAll(v1::Beatframe::Stub& stub, const std::string& session_id, const std::string& output_id,
                         v1::DownloadHeader* header, std::string* bytes, int* chunk_count) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  v1::DownloadRequest request;
  request.set_session_id(session_id);
  request.set_output_id(output_id);
  auto reader = stub.Download(&context, request);
  v1::DownloadResponse response;
  int chunks = 0;
  while (reader->Read(&response)) {
    if (response.has_header()) {
      *header = response.header();
    } else {
      EXPECT_LE(response.chunk().size(), size_t{1} << 20);
      bytes->append(response.chunk());
      ++chunks;
    }
  }
  if (chunk_count != nullptr) *chunk_count = chunks;
  return reader->Finish();
}

namespace {

// Decodes every frame of the best video stream; returns how many there were.
int64_t DecodeVideoFrames(AVFormatContext* format) {
  const AVCodec* codec = nullptr;
  const int stream = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
  if (stream < 0 || codec == nullptr) return 0;
  AVCodecContext* decoder = avcodec_alloc_context3(codec);
  int64_t frames = 0;
  if (avcodec_parameters_to_context(decoder, format->streams[stream]->codecpar) >= 0 &&
      avcodec_open2(decoder, codec, nullptr) >= 0) {
    AVPacket* packet = av_packet_alloc();
    AVFrame* frame = av_frame_alloc();
    const auto drain = [&] {
      while (avcodec_receive_frame(decoder, frame) >= 0) ++frames;
    };
    while (av_read_frame(format, packet) >= 0) {
      if (packet->stream_index == stream && avcodec_send_packet(decoder, packet) >= 0) drain();
      av_packet_unref(packet);
    }
    avcodec_send_packet(decoder, nullptr);
    drain();
    av_frame_free(&frame);
    av_packet_free(&packet);
  }
  avcodec_free_context(&decoder);
  return frames;
}

}  // namespace

VideoInfo ProbeVideoFile(const std::string& path) {
  VideoInfo info;
  AVFormatContext* format = nullptr;
  if (avformat_open_input(&format, path.c_str(), nullptr, nullptr) < 0) return info;
  if (avformat_find_stream_info(format, nullptr) >= 0) {
    info.opened = true;
    info.format = format->iformat->name;
    if (format->duration > 0) info.duration_s = static_cast<double>(format->duration) / AV_TIME_BASE;
    for (unsigned i = 0; i < format->nb_streams; ++i) {
      const AVCodecParameters* par = format->streams[i]->codecpar;
      if (par->codec_type == AVMEDIA_TYPE_VIDEO && info.width == 0) {
        info.width = par->width;
        info.height = par->height;
      }
      if (par->codec_type == AVMEDIA_TYPE_AUDIO) info.has_audio = true;
    }
    info.decoded_frames = DecodeVideoFrames(format);
  }
  avformat_close_input(&format);
  return info;
}

}  // namespace beatframe::service::testing
