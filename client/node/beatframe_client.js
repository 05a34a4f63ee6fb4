'use strict';
// A Node.js client library for beatframe's gRPC API, on @grpc/grpc-js. The
// .proto files are loaded at run time (@grpc/proto-loader) from the
// repository's proto/ folder, or $BEATFRAME_PROTO_DIR.
//
//   const bf = require('./beatframe_client');
//   const client = bf.connect('127.0.0.1:50051');
//   await client.createToken();
//   const sessionId = await client.createSession('my render');
//   const asset = await client.upload(sessionId, 'song.mp3');
//   const result = await client.generate(sessionId, [asset.asset_id], "neon, title 'Urban Dreams'",
//                                        { onEvent: (event) => console.log(event.progress) });
//   await client.download(sessionId, result.output_id, 'song.mp4', { expectedSha256: result.sha256 });
//   client.close();
//
// Messages use the .proto's field names (session_id, not sessionId), enums
// their names ('JOB_STAGE_RENDERING'), int64 fields plain numbers, and a oneof
// its name as a field that says which member is set (event.kind === 'result').
// Every failed call rejects with a BeatframeError (a subclass per common gRPC
// code) carrying the code, the server's message and, when the server sent one
// in the `grpc-status-details-bin` trailer, the google.rpc.ErrorInfo reason.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');

// The API caps upload and download chunks at 1 MiB.
const CHUNK_SIZE = 1 << 20;
// Unary calls answer at once; a minute covers a busy server.
const UNARY_TIMEOUT_MS = 60 * 1000;
// The trailer holding a serialised google.rpc.Status with typed details.
const STATUS_DETAILS_KEY = 'grpc-status-details-bin';

const ASPECTS = { '16:9': 'ASPECT_RATIO_16_9', '9:16': 'ASPECT_RATIO_9_16', '1:1': 'ASPECT_RATIO_1_1' };
const RESOLUTIONS = { '1080p': 'RESOLUTION_1080P', '720p': 'RESOLUTION_720P' };

function defaultProtoDir() {
  return process.env.BEATFRAME_PROTO_DIR || path.resolve(__dirname, '..', '..', 'proto');
}

// ---------------------------------------------------------------------------
// Errors

class BeatframeError extends Error {
  // code: the gRPC status code name, e.g. 'NOT_FOUND'; message: the server's,
  // for people; reason: the ErrorInfo reason (e.g. 'SESSION_NOT_FOUND') or
  // null; metadata: the ErrorInfo's metadata; retryAfterS: the RetryInfo
  // delay in seconds or null.
  constructor(code, message, { reason = null, metadata = {}, retryAfterS = null } = {}) {
    let text = `${code}: ${message}`;
    if (reason) text += ` [${reason}]`;
    if (retryAfterS !== null) text += ` (retry in ${retryAfterS} s)`;
    super(text);
    this.name = this.constructor.name;
    this.code = code;
    this.serverMessage = message;
    this.reason = reason;
    this.metadata = metadata;
    this.retryAfterS = retryAfterS;
  }
}
class InvalidArgumentError extends BeatframeError {}
class NotFoundError extends BeatframeError {}
class UnauthenticatedError extends BeatframeError {}
class ResourceExhaustedError extends BeatframeError {}
class FailedPreconditionError extends BeatframeError {}
class DataLossError extends BeatframeError {}
class UnavailableError extends BeatframeError {}
class CancelledError extends BeatframeError {}
// A render job that ended with an error event (a JobError).
class JobFailedError extends BeatframeError {}

const ERROR_CLASSES = {
  INVALID_ARGUMENT: InvalidArgumentError,
  OUT_OF_RANGE: InvalidArgumentError,
  NOT_FOUND: NotFoundError,
  UNAUTHENTICATED: UnauthenticatedError,
  RESOURCE_EXHAUSTED: ResourceExhaustedError,
  FAILED_PRECONDITION: FailedPreconditionError,
  DATA_LOSS: DataLossError,
  UNAVAILABLE: UnavailableError,
  CANCELLED: CancelledError,
};

function codeName(numericCode) {
  return Object.keys(grpc.status).find((name) => grpc.status[name] === numericCode) || `CODE_${numericCode}`;
}

// google.rpc.Status, ErrorInfo and RetryInfo, decoded with protobufjs.
let rpcTypes = null;
function loadRpcTypes(protoDir) {
  const root = new protobuf.Root();
  // Imports resolve against proto/; google/protobuf/* come bundled with protobufjs.
  root.resolvePath = (origin, target) => (path.isAbsolute(target) ? target : path.join(protoDir, target));
  root.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto'], { keepCase: true });
  return {
    Status: root.lookupType('google.rpc.Status'),
    ErrorInfo: root.lookupType('google.rpc.ErrorInfo'),
    RetryInfo: root.lookupType('google.rpc.RetryInfo'),
  };
}

function errorDetails(trailers) {
  const details = { reason: null, metadata: {}, retryAfterS: null };
  const values = trailers && typeof trailers.get === 'function' ? trailers.get(STATUS_DETAILS_KEY) : [];
  if (!values.length || !rpcTypes) return details;
  try {
    const status = rpcTypes.Status.decode(values[0]);
    for (const any of status.details) {
      if (any.type_url.endsWith('/google.rpc.ErrorInfo')) {
        const info = rpcTypes.ErrorInfo.decode(any.value);
        details.reason = info.reason || null;
        details.metadata = { ...info.metadata };
      } else if (any.type_url.endsWith('/google.rpc.RetryInfo')) {
        const delay = rpcTypes.RetryInfo.decode(any.value).retry_delay || {};
        details.retryAfterS = Number(delay.seconds || 0) + (delay.nanos || 0) / 1e9;
      }
    }
  } catch (_) {
    // A malformed trailer must not hide the real error.
  }
  return details;
}

// The BeatframeError for an error a grpc-js call reported.
function errorFromRpc(error) {
  if (error instanceof BeatframeError || typeof error.code !== 'number') return error;
  const code = codeName(error.code);
  let message = error.details || error.message;
  const details = errorDetails(error.metadata);
  if (code === 'UNAVAILABLE' && !details.reason) message = `cannot reach the beatframe server (${message})`;
  const Cls = ERROR_CLASSES[code] || BeatframeError;
  return new Cls(code, message || '(no message)', details);
}

// ---------------------------------------------------------------------------
// Helpers

function fileSha256(filePath) {
  return new Promise((resolve, reject) => {
    const hash = crypto.createHash('sha256');
    fs.createReadStream(filePath, { highWaterMark: CHUNK_SIZE })
      .on('data', (block) => hash.update(block))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

// 'rendering' for 'JOB_STAGE_RENDERING'.
function stageName(stage) {
  return String(stage).replace(/^JOB_STAGE_/, '').toLowerCase();
}

// ---------------------------------------------------------------------------
// The client

class Client {
  constructor(stub, { token = null } = {}) {
    this._stub = stub;
    this.token = token;
  }

  close() {
    this._stub.close();
  }

  async _metadata() {
    if (!this.token) await this.createToken();
    const metadata = new grpc.Metadata();
    metadata.add('authorization', `Bearer ${this.token}`);
    return metadata;
  }

  _unary(method, request, metadata) {
    return new Promise((resolve, reject) => {
      const options = { deadline: Date.now() + UNARY_TIMEOUT_MS };
      this._stub[method](request, metadata || new grpc.Metadata(), options, (error, response) =>
        error ? reject(errorFromRpc(error)) : resolve(response));
    });
  }

  // Gets an anonymous token (the only call without one) and uses it from now on.
  async createToken() {
    const response = await this._unary('CreateToken', {});
    this.token = response.token;
    return response;
  }

  async getCredits() {
    return this._unary('GetCredits', {}, await this._metadata());
  }

  // Opens a session and resolves to its id.
  async createSession(label = '') {
    const response = await this._unary('CreateSession', { label }, await this._metadata());
    return response.session_id;
  }

  // Uploads a file, streamed from disk in 1 MiB chunks after a header with its
  // size and SHA-256; resolves to the Asset. onProgress(sentBytes, totalBytes)
  // is called after every chunk.
  async upload(sessionId, filePath, { onProgress } = {}) {
    const size = (await fs.promises.stat(filePath)).size;
    const sha256 = await fileSha256(filePath);
    const metadata = await this._metadata();
    return new Promise((resolve, reject) => {
      const file = fs.createReadStream(filePath, { highWaterMark: CHUNK_SIZE });
      const call = this._stub.UploadMedia(metadata, (error, asset) => {
        file.destroy();
        if (error) reject(errorFromRpc(error));
        else resolve(asset);
      });
      call.write({
        header: { session_id: sessionId, file_name: path.basename(filePath), declared_size_bytes: size, sha256 },
      });
      let sent = 0;
      file.on('data', (chunk) => {
        sent += chunk.length;
        // Wait for the gRPC buffer to drain rather than reading the whole file into it.
        if (!call.write({ chunk })) {
          file.pause();
          call.once('drain', () => file.resume());
        }
        if (onProgress) onProgress(sent, size);
      });
      file.on('end', () => call.end());
      file.on('error', (error) => {
        call.cancel();
        reject(error);
      });
    });
  }

  // Starts a render and yields its JobEvents as they arrive, the final one last.
  // aspect: '16:9', '9:16', '1:1' or undefined (the prompt decides);
  // resolution: '1080p', '720p' or undefined.
  async *generateEvents(sessionId, assetIds, prompt, { aspect, resolution, title = '' } = {}) {
    const request = { session_id: sessionId, prompt, asset_ids: assetIds, title };
    if (aspect) request.aspect = ASPECTS[aspect];
    if (resolution) request.resolution = RESOLUTIONS[resolution];
    const metadata = await this._metadata();
    // No await between starting the call and iterating it (see _downloadTo).
    const call = this._stub.Generate(request, metadata);
    try {
      for await (const event of call) yield event;
    } catch (error) {
      throw errorFromRpc(error);
    } finally {
      call.cancel(); // No-op once the stream has ended; stops it if the caller left early.
    }
  }

  // Renders and resolves to the RenderResult; onEvent(JobEvent) sees every
  // event. Rejects with a JobFailedError (or the subclass for its code) when
  // the job ends with an error event.
  async generate(sessionId, assetIds, prompt, { onEvent, ...options } = {}) {
    for await (const event of this.generateEvents(sessionId, assetIds, prompt, options)) {
      if (onEvent) onEvent(event);
      if (event.kind === 'result') return event.result;
      if (event.kind === 'error') {
        const code = codeName(event.error.code);
        const Cls = ERROR_CLASSES[code] || JobFailedError;
        throw new Cls(code, `render failed: ${event.error.message}`);
      }
    }
    throw new UnavailableError('UNAVAILABLE', 'the progress stream ended before the job finished');
  }

  // Streams an output to filePath, verifying its size and SHA-256; resolves to
  // the DownloadHeader. Writes filePath + '.partial' and renames it only once
  // the bytes check out, so a failed download never leaves a file that looks
  // complete. onProgress(receivedBytes, totalBytes) after every chunk.
  async download(sessionId, outputId, filePath, { expectedSha256, onProgress } = {}) {
    const partial = `${filePath}.partial`;
    try {
      const header = await this._downloadTo(sessionId, outputId, partial, onProgress);
      if (expectedSha256 && header.sha256 !== expectedSha256) {
        throw new DataLossError('DATA_LOSS',
          `the server sent ${header.sha256} for an output whose result said ${expectedSha256}`);
      }
      await fs.promises.rename(partial, filePath);
      return header;
    } finally {
      await fs.promises.rm(partial, { force: true });
    }
  }

  async _downloadTo(sessionId, outputId, partial, onProgress) {
    const metadata = await this._metadata();
    const file = await fs.promises.open(partial, 'w');
    // No await between starting the call and iterating it: an error the
    // stream emits before `for await` listens would be unhandled.
    const call = this._stub.Download({ session_id: sessionId, output_id: outputId }, metadata);
    const hash = crypto.createHash('sha256');
    let header = null;
    let received = 0;
    try {
      for await (const message of call) {
        if (message.payload === 'header') {
          header = message.header;
          continue;
        }
        if (!header) throw new DataLossError('DATA_LOSS', 'the download sent bytes before its header');
        received += message.chunk.length;
        if (received > header.size_bytes) {
          throw new DataLossError('DATA_LOSS', `the download is longer than the declared ${header.size_bytes} bytes`);
        }
        hash.update(message.chunk);
        await file.write(message.chunk);
        if (onProgress) onProgress(received, header.size_bytes);
      }
    } catch (error) {
      call.cancel();
      throw errorFromRpc(error);
    } finally {
      await file.close();
    }
    if (!header) throw new DataLossError('DATA_LOSS', 'the download ended without a header');
    if (received !== header.size_bytes) {
      throw new DataLossError('DATA_LOSS', `the download ended after ${received} of ${header.size_bytes} bytes`);
    }
    const digest = hash.digest('hex');
    if (digest !== header.sha256) {
      throw new DataLossError('DATA_LOSS', `SHA-256 mismatch: got ${digest}, expected ${header.sha256}`);
    }
    return header;
  }
}

// The generated service constructor, loaded once from the .proto.
let BeatframeService = null;
function loadService(protoDir = defaultProtoDir()) {
  if (BeatframeService) return BeatframeService;
  const definition = protoLoader.loadSync('beatframe/v1/beatframe.proto', {
    includeDirs: [protoDir],
    keepCase: true, // session_id as in the .proto
    longs: Number, // int64 sizes and counts stay far below 2^53
    enums: String,
    defaults: true,
    oneofs: true,
  });
  BeatframeService = grpc.loadPackageDefinition(definition).beatframe.v1.Beatframe;
  rpcTypes = loadRpcTypes(protoDir);
  return BeatframeService;
}

// A Client for HOST:PORT (plaintext, as beatframed serves). No call is made yet.
function connect(server = '127.0.0.1:50051', { token = null, protoDir } = {}) {
  const Service = loadService(protoDir);
  return new Client(new Service(server, grpc.credentials.createInsecure()), { token });
}

module.exports = {
  CHUNK_SIZE,
  ASPECTS,
  RESOLUTIONS,
  connect,
  loadService,
  fileSha256,
  stageName,
  errorFromRpc,
  Client,
  BeatframeError,
  InvalidArgumentError,
  NotFoundError,
  UnauthenticatedError,
  ResourceExhaustedError,
  FailedPreconditionError,
  DataLossError,
  UnavailableError,
  CancelledError,
  JobFailedError,
};
