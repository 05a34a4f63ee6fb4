"""A Python client library for beatframe's gRPC API (proto/beatframe/v1/beatframe.proto).

Runs on Debian's python3-grpcio and python3-protobuf. The generated stubs are
not checked in: they are made from the repository's .proto files with protoc
and grpc_python_plugin (Debian's protobuf-compiler-grpc) the first time they
are needed, into $BEATFRAME_PYTHON_STUBS or a per-user cache directory keyed by
the protos' content (see load_stubs).

    client = connect("127.0.0.1:50051")
    client.create_token()
    session = client.create_session("my render")
    asset = client.upload(session, "song.mp3")
    result = client.generate(session, [asset.asset_id], "neon, title 'Urban Dreams'",
                             on_event=print)
    client.download(session, result.output_id, "song.mp4", expected_sha256=result.sha256)

Every failed call raises a BeatframeError (a subclass per common gRPC code)
carrying the code, the server's message and, when the server sent one in the
`grpc-status-details-bin` trailer, the google.rpc.ErrorInfo reason.
"""

import fcntl
import hashlib
import importlib
import os
import shutil
import subprocess
import sys
import tempfile

try:
    import grpc
except ImportError as e:
    raise ImportError("beatframe_client needs Debian's python3-grpcio and python3-protobuf "
                      "(apt-get install python3-grpcio python3-protobuf) and their interpreter, "
                      "/usr/bin/python3") from e

# The API caps upload and download chunks at 1 MiB.
CHUNK_SIZE = 1 << 20
# Unary calls answer at once; a minute covers a busy server.
UNARY_TIMEOUT_S = 60.0
# The trailer holding a serialised google.rpc.Status with typed details.
STATUS_DETAILS_KEY = "grpc-status-details-bin"

_HERE = os.path.dirname(os.path.abspath(__file__))
_PROTO_FILES = (
    "beatframe/v1/beatframe.proto",
    "google/rpc/status.proto",
    "google/rpc/error_details.proto",
)

# Filled by load_stubs(): the generated modules.
pb = None  # beatframe.v1.beatframe_pb2
pb_grpc = None  # beatframe.v1.beatframe_pb2_grpc
_status_pb = None  # google.rpc.status_pb2
_details_pb = None  # google.rpc.error_details_pb2


# --------------------------------------------------------------------------
# Errors


class BeatframeError(Exception):
    """A failed call or job.

    code: the gRPC status code name, e.g. "NOT_FOUND".
    message: the server's message, written for people.
    reason: the google.rpc.ErrorInfo reason (e.g. "SESSION_NOT_FOUND"), or None.
    metadata: the ErrorInfo's metadata (e.g. {"needed": "3", "available": "1"}).
    retry_after_s: the google.rpc.RetryInfo delay in seconds, or None.
    """

    def __init__(self, code, message, reason=None, metadata=None, retry_after_s=None):
        self.code = code
        self.message = message
        self.reason = reason
        self.metadata = dict(metadata or {})
        self.retry_after_s = retry_after_s
        super().__init__(self._describe())

    def _describe(self):
        text = f"{self.code}: {self.message}"
        if self.reason:
            text += f" [{self.reason}]"
        if self.retry_after_s is not None:
            text += f" (retry in {self.retry_after_s:g} s)"
        return text


class InvalidArgumentError(BeatframeError):
    """Bad input, e.g. a file that is not audio beatframe accepts."""


class NotFoundError(BeatframeError):
    """An unknown session, asset, output or job."""


class UnauthenticatedError(BeatframeError):
    """A missing, unknown or expired token."""


class ResourceExhaustedError(BeatframeError):
    """Too large an upload, too few credits, or too many calls."""


class FailedPreconditionError(BeatframeError):
    """A call out of order or one the current state does not allow."""


class DataLossError(BeatframeError):
    """Bytes that do not match their declared size or SHA-256."""


class UnavailableError(BeatframeError):
    """The server cannot be reached."""


class CancelledError(BeatframeError):
    """The call or the job was cancelled."""


class JobFailedError(BeatframeError):
    """A render job that ended with an error event (see JobError)."""


_ERROR_CLASSES = {
    "INVALID_ARGUMENT": InvalidArgumentError,
    "OUT_OF_RANGE": InvalidArgumentError,
    "NOT_FOUND": NotFoundError,
    "UNAUTHENTICATED": UnauthenticatedError,
    "RESOURCE_EXHAUSTED": ResourceExhaustedError,
    "FAILED_PRECONDITION": FailedPreconditionError,
    "DATA_LOSS": DataLossError,
    "UNAVAILABLE": UnavailableError,
    "CANCELLED": CancelledError,
}


def _code_name(numeric_code):
    for code in grpc.StatusCode:
        if code.value[0] == numeric_code:
            return code.name
    return f"CODE_{numeric_code}"


def _error_details(trailing_metadata):
    """(reason, metadata, retry_after_s) from the status-details trailer."""
    for key, value in trailing_metadata or ():
        if key != STATUS_DETAILS_KEY:
            continue
        try:
            status = _status_pb.Status.FromString(value)
        except Exception:  # A malformed trailer must not hide the real error.
            return None, {}, None
        reason, metadata, retry_after_s = None, {}, None
        for detail in status.details:
            if detail.Is(_details_pb.ErrorInfo.DESCRIPTOR):
                info = _details_pb.ErrorInfo()
                detail.Unpack(info)
                reason, metadata = info.reason or None, dict(info.metadata)
            elif detail.Is(_details_pb.RetryInfo.DESCRIPTOR):
                retry = _details_pb.RetryInfo()
                detail.Unpack(retry)
                retry_after_s = retry.retry_delay.seconds + retry.retry_delay.nanos / 1e9
        return reason, metadata, retry_after_s
    return None, {}, None


def error_from_rpc(rpc_error):
    """The BeatframeError subclass for a grpc.RpcError raised by a stub."""
    code = rpc_error.code() if hasattr(rpc_error, "code") else grpc.StatusCode.UNKNOWN
    message = rpc_error.details() if hasattr(rpc_error, "details") else str(rpc_error)
    trailers = rpc_error.trailing_metadata() if hasattr(rpc_error, "trailing_metadata") else None
    reason, metadata, retry_after_s = _error_details(trailers)
    if code == grpc.StatusCode.UNAVAILABLE and not reason:
        message = f"cannot reach the beatframe server ({message})"
    cls = _ERROR_CLASSES.get(code.name, BeatframeError)
    return cls(code.name, message or "(no message)", reason, metadata, retry_after_s)


# --------------------------------------------------------------------------
# Generated stubs


def default_proto_dir():
    """The repository's proto/ folder: $BEATFRAME_PROTO_DIR, else ../../proto from here."""
    return os.environ.get("BEATFRAME_PROTO_DIR") or os.path.normpath(os.path.join(_HERE, "..", "..", "proto"))


def _protos_digest(proto_dir):
    digest = hashlib.sha256()
    for name in _PROTO_FILES:
        digest.update(name.encode())
        with open(os.path.join(proto_dir, name), "rb") as f:
            digest.update(f.read())
    return digest.hexdigest()[:16]


def _default_stubs_dir(proto_dir):
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(cache, "beatframe", "python-stubs", _protos_digest(proto_dir))


def generate_stubs(proto_dir, out_dir):
    """Runs protoc with grpc_python_plugin over the API's .proto files into out_dir.

    Generates into a temporary folder inside out_dir, then moves the packages
    it made (beatframe/ and google/rpc/, nothing else in out_dir is touched)
    into place, beatframe/ last: its presence means the stubs are complete.
    """
    protoc = shutil.which("protoc")
    plugin = os.environ.get("GRPC_PYTHON_PLUGIN") or shutil.which("grpc_python_plugin")
    if not protoc or not plugin:
        raise RuntimeError(
            "generating the Python stubs needs protoc and grpc_python_plugin "
            "(Debian packages protobuf-compiler and protobuf-compiler-grpc)")
    os.makedirs(out_dir, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".staging-", dir=out_dir)
    try:
        command = [protoc, f"--proto_path={proto_dir}", f"--python_out={staging}",
                   f"--grpc_python_out={staging}", f"--plugin=protoc-gen-grpc_python={plugin}",
                   *_PROTO_FILES]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"protoc failed: {result.stderr.strip()}")
        # google/ stays a namespace package (no __init__.py) so that it merges
        # with python3-protobuf's google.protobuf.
        for package in ("beatframe", "beatframe/v1", "google/rpc"):
            open(os.path.join(staging, package, "__init__.py"), "a").close()
        for package in ("google/rpc", "beatframe"):
            target = os.path.join(out_dir, package)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.rmtree(target, ignore_errors=True)
            os.rename(os.path.join(staging, package), target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _stubs_current(proto_dir, stubs_dir):
    generated = os.path.join(stubs_dir, "beatframe", "v1", "beatframe_pb2_grpc.py")
    if not os.path.exists(generated):
        return False
    built = os.path.getmtime(generated)
    return all(os.path.getmtime(os.path.join(proto_dir, name)) <= built for name in _PROTO_FILES)


def load_stubs(stubs_dir=None, proto_dir=None):
    """Imports the generated modules, generating them first when missing or stale.

    stubs_dir: where they live; default $BEATFRAME_PYTHON_STUBS, else
    ~/.cache/beatframe/python-stubs/<digest of the protos>.
    """
    global pb, pb_grpc, _status_pb, _details_pb
    if pb is not None:
        return
    proto_dir = proto_dir or default_proto_dir()
    stubs_dir = stubs_dir or os.environ.get("BEATFRAME_PYTHON_STUBS") or _default_stubs_dir(proto_dir)
    os.makedirs(stubs_dir, exist_ok=True)
    # One process generates while the others wait, then find them current.
    with open(os.path.join(stubs_dir, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _stubs_current(proto_dir, stubs_dir):
            generate_stubs(proto_dir, stubs_dir)
    if stubs_dir not in sys.path:
        sys.path.insert(0, stubs_dir)
    pb = importlib.import_module("beatframe.v1.beatframe_pb2")
    pb_grpc = importlib.import_module("beatframe.v1.beatframe_pb2_grpc")
    _status_pb = importlib.import_module("google.rpc.status_pb2")
    _details_pb = importlib.import_module("google.rpc.error_details_pb2")


# --------------------------------------------------------------------------
# Helpers


def file_sha256(path):
    """Lowercase hex SHA-256 of a file, read in CHUNK_SIZE blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(CHUNK_SIZE):
            digest.update(block)
    return digest.hexdigest()


def stage_name(stage):
    """"rendering" for JOB_STAGE_RENDERING."""
    return pb.JobStage.Name(stage).removeprefix("JOB_STAGE_").lower()


ASPECTS = {"16:9": "ASPECT_RATIO_16_9", "9:16": "ASPECT_RATIO_9_16", "1:1": "ASPECT_RATIO_1_1"}
RESOLUTIONS = {"1080p": "RESOLUTION_1080P", "720p": "RESOLUTION_720P"}


# --------------------------------------------------------------------------
# The client


class Client:
    """One connection to a beatframe server. Not thread-safe; cheap to create."""

    def __init__(self, channel, token=None):
        load_stubs()
        self._channel = channel
        self._stub = pb_grpc.BeatframeStub(channel)
        self.token = token

    def close(self):
        self._channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _metadata(self):
        if not self.token:
            self.create_token()
        return (("authorization", f"Bearer {self.token}"),)

    def create_token(self):
        """Gets an anonymous token (the only call without one) and uses it from now on."""
        try:
            response = self._stub.CreateToken(pb.CreateTokenRequest(), timeout=UNARY_TIMEOUT_S)
        except grpc.RpcError as e:
            raise error_from_rpc(e) from None
        self.token = response.token
        return response

    def get_credits(self):
        try:
            return self._stub.GetCredits(pb.GetCreditsRequest(), metadata=self._metadata(),
                                         timeout=UNARY_TIMEOUT_S)
        except grpc.RpcError as e:
            raise error_from_rpc(e) from None

    def create_session(self, label=""):
        """Opens a session and returns its id."""
        try:
            response = self._stub.CreateSession(pb.CreateSessionRequest(label=label),
                                                metadata=self._metadata(), timeout=UNARY_TIMEOUT_S)
        except grpc.RpcError as e:
            raise error_from_rpc(e) from None
        return response.session_id

    def upload(self, session_id, path, on_progress=None):
        """Uploads a file (streamed from disk in 1 MiB chunks, with its SHA-256); returns the Asset.

        on_progress(sent_bytes, total_bytes) is called after every chunk.
        """
        size = os.path.getsize(path)
        sha256 = file_sha256(path)
        metadata = self._metadata()

        def requests():
            header = pb.UploadHeader(session_id=session_id, file_name=os.path.basename(path),
                                     declared_size_bytes=size, sha256=sha256)
            yield pb.UploadMediaRequest(header=header)
            sent = 0
            with open(path, "rb") as f:
                while chunk := f.read(CHUNK_SIZE):
                    sent += len(chunk)
                    yield pb.UploadMediaRequest(chunk=chunk)
                    if on_progress:
                        on_progress(sent, size)

        try:
            return self._stub.UploadMedia(requests(), metadata=metadata)
        except grpc.RpcError as e:
            raise error_from_rpc(e) from None

    def generate_events(self, session_id, asset_ids, prompt, aspect=None, resolution=None,
                        title=""):
        """Starts a render and yields its JobEvents as they arrive, the final one last.

        aspect: "16:9", "9:16", "1:1" or None (the prompt decides);
        resolution: "1080p", "720p" or None.
        """
        request = pb.GenerateRequest(session_id=session_id, prompt=prompt,
                                     asset_ids=list(asset_ids), title=title)
        if aspect:
            request.aspect = pb.AspectRatio.Value(ASPECTS[aspect])
        if resolution:
            request.resolution = pb.Resolution.Value(RESOLUTIONS[resolution])
        try:
            for event in self._stub.Generate(request, metadata=self._metadata()):
                yield event
        except grpc.RpcError as e:
            raise error_from_rpc(e) from None

    def generate(self, session_id, asset_ids, prompt, on_event=None, **options):
        """Renders and returns the RenderResult; on_event(JobEvent) sees every event.

        Raises JobFailedError when the job ends with an error event.
        """
        for event in self.generate_events(session_id, asset_ids, prompt, **options):
            if on_event:
                on_event(event)
            kind = event.WhichOneof("kind")
            if kind == "result":
                return event.result
            if kind == "error":
                cls = _ERROR_CLASSES.get(_code_name(event.error.code), JobFailedError)
                raise cls(_code_name(event.error.code), f"render failed: {event.error.message}")
        raise UnavailableError("UNAVAILABLE", "the progress stream ended before the job finished")

    def download(self, session_id, output_id, path, expected_sha256=None, on_progress=None):
        """Streams an output to `path`, verifying its size and SHA-256; returns the DownloadHeader.

        Writes `path`.partial and renames it only once the bytes check out, so
        a failed download never leaves a file that looks complete.
        on_progress(received_bytes, total_bytes) is called after every chunk.
        """
        partial = path + ".partial"
        try:
            header = self._download_to(session_id, output_id, partial, on_progress)
            if expected_sha256 and header.sha256 != expected_sha256:
                raise DataLossError("DATA_LOSS", f"the server sent {header.sha256} for an output "
                                    f"whose result said {expected_sha256}")
            os.replace(partial, path)
            return header
        finally:
            if os.path.exists(partial):
                os.remove(partial)

    def _download_to(self, session_id, output_id, partial, on_progress):
        request = pb.DownloadRequest(session_id=session_id, output_id=output_id)
        header, received, digest = None, 0, hashlib.sha256()
        try:
            with open(partial, "wb") as f:
                for message in self._stub.Download(request, metadata=self._metadata()):
                    if message.WhichOneof("payload") == "header":
                        header = message.header
                        continue
                    if header is None:
                        raise DataLossError("DATA_LOSS", "the download sent bytes before its header")
                    received += len(message.chunk)
                    if received > header.size_bytes:
                        raise DataLossError("DATA_LOSS", f"the download is longer than the "
                                            f"declared {header.size_bytes} bytes")
                    digest.update(message.chunk)
                    f.write(message.chunk)
                    if on_progress:
                        on_progress(received, header.size_bytes)
        except grpc.RpcError as e:
            raise error_from_rpc(e) from None
        if header is None:
            raise DataLossError("DATA_LOSS", "the download ended without a header")
        if received != header.size_bytes:
            raise DataLossError("DATA_LOSS", f"the download ended after {received} of "
                                f"{header.size_bytes} bytes")
        if digest.hexdigest() != header.sha256:
            raise DataLossError("DATA_LOSS", f"SHA-256 mismatch: got {digest.hexdigest()}, "
                                f"expected {header.sha256}")
        return header


def connect(server="127.0.0.1:50051", token=None):
    """A Client for HOST:PORT (plaintext, as beatframed serves). No call is made yet."""
    load_stubs()
    return Client(grpc.insecure_channel(server), token=token)
