#!/usr/bin/python3
"""beatframe's command-line client in Python, on the beatframe_client library.

    beatframe_cli.py render IN -o OUT [--prompt TEXT] [--aspect 16:9|9:16|1:1]
                     [--resolution 1080p|720p] [--title TEXT] [--server HOST:PORT]
    beatframe_cli.py download SESSION_ID OUTPUT_ID -o OUT [--server HOST:PORT]

The server defaults to $BEATFRAME_SERVER, else 127.0.0.1:50051. A token comes
from --token or $BEATFRAME_TOKEN, else a new anonymous one (CreateToken).
Exit status: 0 done, 1 the call or the render failed, 2 bad usage, 130 interrupted.

The shebang names Debian's interpreter on purpose: python3-grpcio and
python3-protobuf are installed for it, not for a python3 from pyenv or a venv.
"""

import argparse
import math
import os
import sys
import time

# No __pycache__ beside the sources in the repository.
sys.dont_write_bytecode = True
import beatframe_client as bf  # noqa: E402

BAR_WIDTH = 30
# When stdout is not a terminal (a log, CI), one line per stage and at most
# one per this many seconds within a stage.
PLAIN_INTERVAL_S = 1.0


def format_bytes(count):
    if count < 1000:
        return f"{max(count, 0)} B"
    value = count / 1000.0
    for unit in ("KB", "MB", "GB"):
        if value < 999.95:
            return f"{value:.1f} {unit}" if value < 9.95 else f"{value:.0f} {unit}"
        value /= 1000.0
    return f"{value:.0f} TB"


def format_eta(seconds):
    if seconds < 0 or not math.isfinite(seconds) or seconds >= 100 * 3600:
        return "--:--"
    total = round(seconds)
    hours, minutes, secs = total // 3600, (total // 60) % 60, total % 60
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class ProgressBar:
    """A one-line text bar: redrawn in place on a terminal, printed as lines otherwise."""

    def __init__(self, out=sys.stdout):
        self._out = out
        self._tty = out.isatty()
        self._stage = None
        self._last_emit = 0.0
        self._pending = None  # the latest line not yet shown (plain mode)

    def update(self, stage, fraction, counter="", eta_s=-1.0):
        fraction = min(max(fraction, 0.0), 1.0) if math.isfinite(fraction) else 0.0
        # 100 % only when the step has really ended.
        percent = min(round(fraction * 100), 100 if fraction >= 1.0 else 99)
        filled = min(round(fraction * BAR_WIDTH), BAR_WIDTH if fraction >= 1.0 else BAR_WIDTH - 1)
        line = f"[{stage:<9} {'#' * filled}{'.' * (BAR_WIDTH - filled)} {percent:3d}%"
        if counter:
            line += f"  {counter}"
        if eta_s >= 0:
            line += f"  ETA {format_eta(eta_s)}"
        line += "]"
        now = time.monotonic()
        interval = 0.1 if self._tty else PLAIN_INTERVAL_S
        if stage != self._stage or now - self._last_emit >= interval:
            if self._tty and self._stage is not None and stage != self._stage:
                self._out.write("\n")
            self._stage, self._last_emit, self._pending = stage, now, None
            self._emit(line)
        else:
            self._pending = line

    def finish(self):
        if self._pending:
            self._emit(self._pending)
            self._pending = None
        if self._tty and self._stage is not None:
            self._out.write("\n")
            self._out.flush()
        self._stage = None

    def _emit(self, line):
        if self._tty:
            self._out.write("\r\x1b[K" + line)
        else:
            self._out.write(line + "\n")
        self._out.flush()


def bytes_progress(bar, stage):
    return lambda done, total: bar.update(stage, done / total if total else 1.0,
                                          f"{format_bytes(done)}/{format_bytes(total)}")


def render(client, args):
    bar = ProgressBar()
    started = time.monotonic()
    session_id = client.create_session(label=os.path.basename(args.input))
    asset = client.upload(session_id, args.input, on_progress=bytes_progress(bar, "uploading"))
    bar.finish()
    print(f"uploaded {asset.file_name}: {asset.format}/{asset.codec}, {asset.duration_s:.1f} s "
          f"(asset {asset.asset_id}, session {session_id})")

    events = 0

    def on_event(event):
        nonlocal events
        events += 1
        progress = event.progress
        counter = ""
        if progress.frames_total > 0:
            counter = f"{progress.frames_done}/{progress.frames_total} frames"
        elif progress.queue_position > 0:
            counter = f"queue position {progress.queue_position}"
        bar.update(bf.stage_name(progress.stage), progress.fraction, counter, progress.eta_s)

    try:
        result = client.generate(session_id, [asset.asset_id], args.prompt, on_event=on_event,
                                 aspect=args.aspect, resolution=args.resolution, title=args.title)
    finally:
        bar.finish()
    print(f"rendered {result.duration_s:.1f} s at {result.width}x{result.height}, "
          f"{result.fps_num}/{result.fps_den} fps, style {result.style}, palette {result.palette}, "
          f"{result.tempo_bpm:.1f} BPM, {result.beat_count} beats ({events} progress events)")

    client.download(session_id, result.output_id, args.output, expected_sha256=result.sha256,
                    on_progress=bytes_progress(bar, "download"))
    bar.finish()
    print(f"wrote {args.output} ({format_bytes(result.size_bytes)}, sha256 {result.sha256}) "
          f"in {time.monotonic() - started:.1f} s")


def download(client, args):
    bar = ProgressBar()
    try:
        header = client.download(args.session_id, args.output_id, args.output,
                                 on_progress=bytes_progress(bar, "download"))
    finally:
        bar.finish()
    print(f"wrote {args.output} ({header.content_type}, {format_bytes(header.size_bytes)}, "
          f"sha256 {header.sha256})")


def parse_args(argv):
    default_server = os.environ.get("BEATFRAME_SERVER", "127.0.0.1:50051")
    # --server and --token are accepted before or after the command; the
    # copies on the commands must not overwrite the global ones with defaults.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--server", default=argparse.SUPPRESS,
                        help=f"HOST:PORT of beatframed (default {default_server})")
    common.add_argument("--token", default=argparse.SUPPRESS,
                        help="bearer token to use (default $BEATFRAME_TOKEN, else a new one)")

    parser = argparse.ArgumentParser(prog="beatframe_cli.py", parents=[common],
                                     description="Turn a music track into a beat-synced MP4.")
    commands = parser.add_subparsers(dest="command", required=True)

    render_cmd = commands.add_parser("render", parents=[common],
                                     help="upload a track, render it, download the MP4")
    render_cmd.add_argument("input", help="the music track (MP3, WAV, AAC/M4A, FLAC, OGG)")
    render_cmd.add_argument("-o", "--output", required=True, help="where to write the MP4")
    render_cmd.add_argument("--prompt", default="create a video with visuals synced to this music track",
                            help="what you want, in plain words")
    render_cmd.add_argument("--aspect", choices=sorted(bf.ASPECTS), help="frame shape (default: from the prompt)")
    render_cmd.add_argument("--resolution", choices=sorted(bf.RESOLUTIONS),
                            help="output size (default: from the prompt, else 1080p)")
    render_cmd.add_argument("--title", default="", help="title shown at the start")

    download_cmd = commands.add_parser("download", parents=[common],
                                       help="download an output of an earlier render again")
    download_cmd.add_argument("session_id")
    download_cmd.add_argument("output_id")
    download_cmd.add_argument("-o", "--output", required=True, help="where to write it")

    args = parser.parse_args(argv)
    args.server = getattr(args, "server", default_server)
    args.token = getattr(args, "token", None) or os.environ.get("BEATFRAME_TOKEN")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.command == "render" and not os.path.isfile(args.input):
        print(f"beatframe: cannot read '{args.input}'", file=sys.stderr)
        return 2
    # Found out now rather than after a render.
    if not os.path.isdir(os.path.dirname(os.path.abspath(args.output))):
        print(f"beatframe: cannot write '{args.output}': no such directory", file=sys.stderr)
        return 2
    try:
        with bf.connect(args.server, token=args.token) as client:
            if not client.token:
                client.create_token()
            {"render": render, "download": download}[args.command](client, args)
    except bf.BeatframeError as e:
        print(f"beatframe: {e}", file=sys.stderr)
        return 1
    except (OSError, RuntimeError) as e:  # Local files, or protoc for the stubs.
        print(f"beatframe: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("beatframe: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
