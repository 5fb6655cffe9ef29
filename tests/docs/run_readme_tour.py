#!/usr/bin/env python3
"""Runs the README's five-minute tour against a built event-engine and checks what it shows.

    python3 tests/docs/run_readme_tour.py --readme README.md \
        --program build/bin/event-engine --plugin-dir build/plugins

Python 3 standard library only; the tour's commands need bash and curl.

How the tour is marked in the README
------------------------------------
An HTML comment on the line right before a fenced ```sh block marks it (GitHub does not show it):

    <!-- tour: engine -->   the block holds exactly one command: the one that starts the engine.
                            It is run directly (no shell), in the background, and stopped by pid.
    <!-- tour -->           a block of commands, run in order once the engine is ready.
    <!-- tour: background -->  commands a reader starts in another terminal and leaves running (a
                            redis-server, a `redis-cli SUBSCRIBE`). Each is started with bash in the
                            background at its place in the README: a block before the engine's
                            starts before the engine, one after it once the engine is ready. The
                            tour goes on once the command has printed its first line (a server's
                            banner, a subscriber's confirmation). Its `# ->` is checked on all it
                            printed at the end, after the engine's restart (waiting up to
                            --settle-timeout). Each is stopped by its pid at the end.

Every ```sh block of the README section (## heading) that holds the markers must be marked, so a
command added to the tour without a marker fails the run instead of going unchecked.

In a command block:
- A line ending in `\\` continues on the next line. Every other line that is not a comment is one
  command, run with `bash --noprofile --norc -c` in the scratch directory (below); commands do not
  share shell variables.
- `# -> TEXT`, at the end of a command's line or on a comment line of its own after it, is what the
  command must print on stdout. TEXT is split at `...` (anything in between); each piece must occur
  in the output, in any order. A piece ending in `(xN)` must occur exactly N times. A piece that
  starts or ends with a digit must not continue a number (`"n":9` does not match `"n":90`).
- Other comments are for readers and are not checked. Every command must exit with status 0.
- Events reach the model asynchronously, so a command that sends nothing (no `update_model/`,
  `POST`, `--data`, `-d`, `publish` or `simulate_experiment`) is run again, every 0.2 s until --settle-timeout, while its
  output does not match yet. A command that sends events runs exactly once.

What the script changes, and nothing else
-----------------------------------------
- It works in a scratch directory (a new temporary one, removed at the end unless --keep or
  --work-dir is given) holding `build/bin/event-engine` -> --program, `build/plugins` ->
  --plugin-dir and `scripts/` -> the checkout's (symlinks) and a copy of the checkout's `config/` (from --repo, by default the
  README's directory). So `./build/bin/event-engine`, `config/default.json`, `graphs/` and `state/`
  in the commands mean the same as in a checkout, with no state left from an earlier run.
- Ports: the README's `127.0.0.1:8000` (HTTP) and `127.0.0.1:5555` (ZeroMQ tcp) are replaced, in
  the copied configs and in the commands, by free loopback ports (or --http-port / --zmq-port), and
  Redis's `6379` in the commands by another, so the run does not clash with an engine or a Redis
  already running.

With --section HEADING only the `## HEADING` section of the file is read, so one file may hold
several tours (the README's five-minute tour and its keys tour), each run by its own test.

Beyond the commands, it checks what the tour says about stopping: SIGTERM to the engine's pid ends
it with exit code 0 and leaves its checkpoint (--checkpoint, `state/model.json` by default); the
engine started again on that state reports
the same n on /model?compact=1; and SIGTERM ends that one with 0 too.

Output: `ok   ...` or `FAIL ...: reason` per check, then `N passed, M failed`. Exit status 0 when
every check passed, 1 when one failed, 2 when the README's tour or the arguments are unusable.
"""

import argparse
import fcntl
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

MARKER = re.compile(r"^\s*<!--\s*tour\s*(?::\s*(\w+)\s*)?-->\s*$")
SH_FENCE = re.compile(r"^\s{0,3}```\s*(sh|bash|shell|console)\s*$")
ANY_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
SECTION = re.compile(r"^##\s")
EXPECTATION = re.compile(r"(?:^|\s)#\s*->\s?(.*)$")
COUNT = re.compile(r"\s*\(x(\d+)\)$")
SENDS_EVENTS = re.compile(r"update_model/|-X\s*POST|--data|(?:^|\s)-d\s|\bpublish\b|simulate_experiment")
SHELL_SYNTAX = re.compile(r"[|&;<>$`]")

README_HTTP = "127.0.0.1:8000"
README_ZMQ = "127.0.0.1:5555"
README_REDIS_PORT = "6379"


class TourError(Exception):
    """The README's tour cannot be read or set up: nothing to check."""


class Command:
    def __init__(self, line_number, text):
        self.line_number = line_number
        self.text = text
        self.expectations = []


# ---------------------------------------------------------------------------------------------
# Reading the tour


def read_tour(readme_path, section=None):
    """Returns (engine command, [Command], [Command] started before the engine, [Command] started
    after it) from the marked blocks of the README (of one section)."""
    with open(readme_path, encoding="utf-8") as file:
        lines = file.read().splitlines()
    if section:
        # Lines outside the section are blanked, not removed, so line numbers stay the file's.
        starts = [i for i, line in enumerate(lines) if line.strip() == "## " + section]
        if len(starts) != 1:
            raise TourError(f"{readme_path}: expected one '## {section}' heading, found {len(starts)}")
        end = next((i for i in range(starts[0] + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        lines = ["" if not starts[0] <= i < end else line for i, line in enumerate(lines)]

    blocks = []  # (kind, first line number, [(line number, text)])
    marked_fences = set()
    index = 0
    while index < len(lines):
        marker = MARKER.match(lines[index])
        if not marker:
            index += 1
            continue
        kind = marker.group(1) or "commands"
        if kind not in ("engine", "commands", "background"):
            raise TourError(f"{readme_path}:{index + 1}: unknown tour marker '{kind}' (use <!-- tour -->, "
                            "<!-- tour: engine --> or <!-- tour: background -->)")
        fence = index + 1
        if fence >= len(lines) or not SH_FENCE.match(lines[fence]):
            raise TourError(f"{readme_path}:{index + 1}: a tour marker must be followed at once by a ```sh block")
        marked_fences.add(fence)
        body = []
        end = fence + 1
        while end < len(lines) and not ANY_FENCE.match(lines[end]):
            body.append((end + 1, lines[end]))
            end += 1
        if end >= len(lines):
            raise TourError(f"{readme_path}:{fence + 1}: the tour block is never closed")
        blocks.append((kind, fence + 1, body))
        index = end + 1

    if not blocks:
        raise TourError(f"{readme_path}: no tour blocks (<!-- tour --> before a ```sh block)")
    check_every_block_is_marked(readme_path, lines, marked_fences, blocks[0][1] - 1)

    engines = [block for block in blocks if block[0] == "engine"]
    if len(engines) != 1:
        raise TourError(f"{readme_path}: expected one <!-- tour: engine --> block, found {len(engines)}")
    engine_commands = parse_commands(readme_path, engines[0][2])
    if len(engine_commands) != 1 or engine_commands[0].expectations:
        raise TourError(f"{readme_path}:{engines[0][1]}: the engine block must hold exactly one command, with no '# ->'")
    commands, background_before, background_after = [], [], []
    engine_seen = False
    for kind, _, body in blocks:
        if kind == "commands":
            commands += parse_commands(readme_path, body)
        elif kind == "background":
            (background_after if engine_seen else background_before).extend(parse_commands(readme_path, body))
        engine_seen = engine_seen or kind == "engine"
    if not commands:
        raise TourError(f"{readme_path}: the tour has no commands besides the engine's")
    return engine_commands[0], commands, background_before, background_after


def check_every_block_is_marked(readme_path, lines, marked_fences, first_marked_fence):
    """Every shell block in the section of the first marked block must be marked too."""
    start = first_marked_fence
    while start > 0 and not SECTION.match(lines[start]):
        start -= 1
    end = first_marked_fence + 1
    while end < len(lines) and not SECTION.match(lines[end]):
        end += 1
    inside = False
    for number in range(start, end):
        if ANY_FENCE.match(lines[number]):
            if not inside and SH_FENCE.match(lines[number]) and number not in marked_fences:
                raise TourError(f"{readme_path}:{number + 1}: a ```sh block in the tour's section has no "
                                "<!-- tour --> marker: mark it (it is then run and checked) or move it")
            inside = not inside


def parse_commands(readme_path, body):
    commands = []
    pending = None  # (first line number, text so far) of a command continued with a backslash
    for number, line in body:
        stripped = line.strip()
        if pending is None and (not stripped or stripped.startswith("#")):
            expectation = EXPECTATION.match(stripped)
            if expectation:
                if not commands:
                    raise TourError(f"{readme_path}:{number}: '# ->' before any command")
                commands[-1].expectations.append(expectation.group(1).strip())
            continue
        if stripped.endswith("\\"):
            first, text = pending if pending else (number, "")
            pending = (first, text + stripped[:-1] + " ")
            continue
        first, text = pending if pending else (number, "")
        pending = None
        text += stripped
        command = Command(first, text)
        expectation = EXPECTATION.search(text)
        if expectation:
            command.expectations.append(expectation.group(1).strip())
        commands.append(command)
    if pending:
        raise TourError(f"{readme_path}:{pending[0]}: a command continued with '\\' never ends")
    return commands


# ---------------------------------------------------------------------------------------------
# Checking outputs


def pieces_of(expectation):
    return [piece.strip() for piece in expectation.split("...") if piece.strip()]


def piece_pattern(piece):
    pattern = re.escape(piece)
    if piece[0].isdigit():
        pattern = r"(?<![0-9.])" + pattern
    if piece[-1].isdigit():
        pattern += r"(?![0-9.])"
    return re.compile(pattern)


def mismatches(output, expectations):
    """What the output lacks, as readable lines; empty when every expectation holds."""
    problems = []
    for expectation in expectations:
        for piece in pieces_of(expectation):
            count = COUNT.search(piece)
            wanted = int(count.group(1)) if count else None
            text = piece[: count.start()].strip() if count else piece
            found = len(piece_pattern(text).findall(output))
            if wanted is None and found == 0:
                problems.append(f"expected {text!r} in the output")
            elif wanted is not None and found != wanted:
                problems.append(f"expected {text!r} {wanted} times, found it {found} times")
    return problems


def shortened(text, limit=1500):
    """The text cut to `limit` bytes, its lines indented under the FAIL line."""
    text = text.rstrip()
    if len(text) > limit:
        text = text[:limit] + f"... ({len(text) - limit} more bytes)"
    return text.replace("\n", "\n    ")


# ---------------------------------------------------------------------------------------------
# The engine and the scratch directory


# As tests/support/free_port.cpp: a port is given only once claimed with a flock on a file of its
# own, held for the life of this process, so that no test running at the same time is given it.
PORT_CLAIMS_DIRECTORY = "/tmp/event-engine-test-ports"
_claims = []


def claim_port(port):
    os.makedirs(PORT_CLAIMS_DIRECTORY, exist_ok=True)
    claim = os.open(os.path.join(PORT_CLAIMS_DIRECTORY, str(port)), os.O_RDONLY | os.O_CREAT, 0o666)
    try:
        fcntl.flock(claim, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(claim)
        return False
    _claims.append(claim)
    return True


def free_ports(count):
    ports = []
    for _ in range(1000):
        if len(ports) == count:
            return ports
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port not in ports and claim_port(port):
            ports.append(port)
    raise RuntimeError("cannot find free ports that no other test process has claimed")


def substitute(text, http_port, zmq_port, redis_port=None):
    text = text.replace(README_HTTP, f"127.0.0.1:{http_port}").replace(
        "localhost:8000", f"localhost:{http_port}").replace(README_ZMQ, f"127.0.0.1:{zmq_port}")
    return text if redis_port is None else re.sub(rf"\b{README_REDIS_PORT}\b", str(redis_port), text)


def prepare_work_dir(work, repo, program, plugin_dir, http_port, zmq_port):
    config_source = os.path.join(repo, "config")
    default_config = os.path.join(config_source, "default.json")
    if not os.path.isfile(default_config):
        raise TourError(f"no {default_config}: give --repo the checkout the README belongs to")
    with open(default_config, encoding="utf-8") as file:
        default_text = file.read()
    for address in (README_HTTP, README_ZMQ):
        if address not in default_text:
            raise TourError(f"{default_config} no longer holds {address}: update the port substitution "
                            "at the top of run_readme_tour.py")
    os.makedirs(os.path.join(work, "build", "bin"), exist_ok=True)
    os.symlink(program, os.path.join(work, "build", "bin", "event-engine"))
    os.symlink(plugin_dir, os.path.join(work, "build", "plugins"))
    os.symlink(os.path.join(repo, "scripts"), os.path.join(work, "scripts"))
    for directory, _, names in os.walk(config_source):
        target_directory = os.path.join(work, "config", os.path.relpath(directory, config_source))
        os.makedirs(target_directory, exist_ok=True)
        for name in names:
            source = os.path.join(directory, name)
            target = os.path.join(target_directory, name)
            if name.endswith(".json"):
                with open(source, encoding="utf-8") as file:
                    text = file.read()
                with open(target, "w", encoding="utf-8") as file:
                    file.write(substitute(text, http_port, zmq_port))
            else:
                shutil.copy2(source, target)


def http_get(url, timeout=2.0):
    """(status, body) or (None, reason) when nothing answered."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError) as error:
        return None, str(error)


class Engine:
    """The engine started from the README's command, stopped by its pid."""

    def __init__(self, argv, work, http_port, log_name):
        self.argv = argv
        self.work = work
        self.base_url = f"http://127.0.0.1:{http_port}"
        self.log_path = os.path.join(work, log_name)
        self.process = None

    def start(self, deadline_seconds):
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(self.argv, cwd=self.work, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + deadline_seconds
        last = "no answer yet"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return f"the engine exited with code {self.process.returncode} before it was ready\n{self.log_tail()}"
            status, body = http_get(self.base_url + "/readyz", timeout=1.0)
            if status == 200:
                return None
            last = f"{status} {body.strip()}" if status else body
            time.sleep(0.1)
        return f"/readyz not 200 after {deadline_seconds} s (last: {last})\n{self.log_tail()}"

    def stop(self, deadline_seconds):
        """The exit code after SIGTERM, or None when it had to be killed."""
        if self.process is None or self.process.poll() is not None:
            return None if self.process is None else self.process.returncode
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=deadline_seconds)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def log_tail(self, lines=30):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as file:
                tail = file.read().splitlines()[-lines:]
        except OSError:
            return "(no engine log)"
        return "engine log (last lines):\n" + "\n".join("  " + line for line in tail)


class Background:
    """A command the README leaves running in another terminal, started with bash, stopped by pid."""

    def __init__(self, command, shown, work, environment, index):
        self.command = command
        self.shown = shown
        self.output_path = os.path.join(work, f"background-{index}.log")
        with open(self.output_path, "wb") as output:
            # Its own process group, so that stopping it stops what bash started.
            self.process = subprocess.Popen(["bash", "--noprofile", "--norc", "-c", shown], cwd=work,
                                            stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            env=environment, start_new_session=True)

    def output(self):
        with open(self.output_path, encoding="utf-8", errors="replace") as file:
            return file.read()

    def wait_for_first_line(self, deadline_seconds):
        """None once it printed a line; otherwise why not."""
        deadline = time.monotonic() + deadline_seconds
        while time.monotonic() < deadline:
            if "\n" in self.output():
                return None
            if self.process.poll() is not None:
                return f"it exited with code {self.process.returncode} before printing a line"
            time.sleep(0.05)
        return f"no line after {deadline_seconds} s"

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def start_background(commands, ports, work, environment, options, results, started):
    for command in commands:
        shown = substitute(command.text, *ports)
        background = Background(command, shown, work, environment, len(started))
        started.append(background)
        problem = background.wait_for_first_line(options.start_timeout)
        what = f"README line {command.line_number}: {command.text} (in the background)"
        if problem:
            results.fail(what, f"{problem}\n  ran: {shown}\n  output: {shortened(background.output()) or '(empty)'}")
        else:
            results.ok(what)


def check_background(started, options, results):
    for background in started:
        if not background.command.expectations:
            continue
        deadline = time.monotonic() + options.settle_timeout
        problems = mismatches(background.output(), background.command.expectations)
        while problems and time.monotonic() < deadline:
            time.sleep(0.2)
            problems = mismatches(background.output(), background.command.expectations)
        what = f"README line {background.command.line_number}: {background.command.text} printed what it shows"
        if problems:
            results.fail(what, "; ".join(problems) + f"\n  output: {shortened(background.output()) or '(empty)'}")
        else:
            results.ok(what)


# ---------------------------------------------------------------------------------------------
# The run


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, what):
        self.passed += 1
        print(f"ok   {what}", flush=True)

    def fail(self, what, reason):
        self.failed += 1
        print(f"FAIL {what}: {reason}", flush=True)


def run_command(command, work, environment, timeout):
    try:
        result = subprocess.run(["bash", "--noprofile", "--norc", "-c", command], cwd=work, env=environment,
                                stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "", f"did not finish within {timeout} s"
    return result.returncode, result.stdout.decode("utf-8", "replace"), result.stderr.decode("utf-8", "replace")


def check_command(command, shown, work, environment, options, results):
    retried = not SENDS_EVENTS.search(command.text)
    deadline = time.monotonic() + options.settle_timeout
    while True:
        status, output, errors = run_command(shown, work, environment, options.command_timeout)
        problems = []
        if status != 0:
            problems.append(f"exit status {status}" if status is not None else errors)
        problems += mismatches(output, command.expectations)
        if not problems or not retried or time.monotonic() >= deadline:
            break
        time.sleep(0.2)
    what = f"README line {command.line_number}: {command.text}"
    if not problems:
        results.ok(what)
        return
    detail = "; ".join(problems)
    detail += f"\n  ran: {shown}\n  stdout: {shortened(output) or '(empty)'}"
    if errors.strip():
        detail += f"\n  stderr: {shortened(errors)}"
    results.fail(what, detail)


def model_n(base_url):
    status, body = http_get(base_url + "/model?compact=1")
    if status != 200:
        return None
    try:
        return json.loads(body).get("n")
    except ValueError:
        return None


def run_tour(options, results):
    readme = os.path.abspath(options.readme)
    repo = os.path.abspath(options.repo or os.path.dirname(readme))
    program = os.path.abspath(options.program)
    plugin_dir = os.path.abspath(options.plugin_dir)
    if not os.path.isfile(readme):
        raise TourError(f"no README at {readme}")
    if not (os.path.isfile(program) and os.access(program, os.X_OK)):
        raise TourError(f"no executable program at {program}")
    if not os.path.isdir(plugin_dir):
        raise TourError(f"no plugin directory at {plugin_dir}")
    if shutil.which("bash") is None:
        raise TourError("bash is not on PATH")

    engine_command, commands, background_before, background_after = read_tour(readme, options.section)
    if SHELL_SYNTAX.search(engine_command.text):
        raise TourError(f"README line {engine_command.line_number}: the engine's command is run without a shell "
                        f"and must be a plain command line: {engine_command.text}")
    ports = free_ports(3)
    http_port = options.http_port or ports[0]
    zmq_port = options.zmq_port or ports[1]
    redis_port = ports[2]

    work = options.work_dir or tempfile.mkdtemp(prefix="readme-tour-")
    keep = options.keep or options.work_dir is not None
    os.makedirs(work, exist_ok=True)
    if os.listdir(work):
        raise TourError(f"--work-dir {work} is not empty")
    print(f"tour: {len(commands)} commands from {readme}; scratch directory {work}; "
          f"HTTP on 127.0.0.1:{http_port}, ZeroMQ tcp on 127.0.0.1:{zmq_port}", flush=True)
    engines = []
    background = []
    try:
        prepare_work_dir(work, repo, program, plugin_dir, http_port, zmq_port)
        environment = dict(os.environ, LC_ALL="C")
        command_ports = (http_port, zmq_port, redis_port)
        start_background(background_before, command_ports, work, environment, options, results, background)
        argv = shlex.split(substitute(engine_command.text, *command_ports))

        engine = Engine(argv, work, http_port, "engine.log")
        engines.append(engine)
        problem = engine.start(options.start_timeout)
        what = f"README line {engine_command.line_number}: {engine_command.text} (ready on /readyz)"
        if problem:
            results.fail(what, problem)
            return
        results.ok(what)
        start_background(background_after, command_ports, work, environment, options, results, background)

        for command in commands:
            check_command(command, substitute(command.text, *command_ports), work, environment, options, results)

        n_before = model_n(engine.base_url)
        status = engine.stop(options.stop_timeout)
        what = "SIGTERM stops the engine with exit code 0"
        if status == 0:
            results.ok(what)
        else:
            results.fail(what, ("still running after %s s (killed)" % options.stop_timeout if status is None
                                else f"exit code {status}") + "\n" + engine.log_tail())
        what = f"the final checkpoint {options.checkpoint} is written"
        if os.path.isfile(os.path.join(work, options.checkpoint)):
            results.ok(what)
        else:
            results.fail(what, f"no {os.path.join(work, options.checkpoint)}")

        again = Engine(argv, work, http_port, "engine-restarted.log")
        engines.append(again)
        problem = again.start(options.start_timeout)
        what = f"started again, the model carries on from the checkpoint (n = {n_before})"
        if problem:
            results.fail(what, problem)
        else:
            n_after = model_n(again.base_url)
            if n_before is not None and n_after == n_before:
                results.ok(what)
            else:
                results.fail(what, f"/model?compact=1 said n = {n_before} before the stop and n = {n_after} after")
            status = again.stop(options.stop_timeout)
            what = "SIGTERM stops the restarted engine with exit code 0"
            if status == 0:
                results.ok(what)
            else:
                results.fail(what, f"exit code {status}\n{again.log_tail()}")
        # Last, so that what the background commands printed covers the restart too (a decision
        # published again by the restarted engine would show).
        check_background(background, options, results)
    finally:
        for engine in engines:
            engine.kill()
        for started in reversed(background):
            started.stop()
        if keep:
            print(f"tour: scratch directory kept: {work}", flush=True)
        else:
            shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description="Run the README's tour against a built event-engine.",
                                     epilog="How the README marks the tour: see the top of this script.")
    parser.add_argument("--readme", required=True, help="the README holding the tour")
    parser.add_argument("--program", required=True, help="the event-engine binary to run")
    parser.add_argument("--plugin-dir", required=True, help="the directory of the built plugins")
    parser.add_argument("--section", help="only the tour of the '## SECTION' section (default: the whole file)")
    parser.add_argument("--checkpoint", default="state/model.json",
                        help="the checkpoint file the engine leaves, relative to the checkout (default state/model.json)")
    parser.add_argument("--repo", help="the checkout whose config/ is copied (default: the README's directory)")
    parser.add_argument("--work-dir", help="an empty directory to run in, kept afterwards (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary scratch directory")
    parser.add_argument("--http-port", type=int, default=0, help="instead of a free port for the README's 8000")
    parser.add_argument("--zmq-port", type=int, default=0, help="instead of a free port for the README's 5555")
    parser.add_argument("--start-timeout", type=float, default=60.0, help="seconds for /readyz to answer 200")
    parser.add_argument("--settle-timeout", type=float, default=15.0,
                        help="seconds a command that sends nothing is retried until its output matches")
    parser.add_argument("--command-timeout", type=float, default=60.0, help="seconds one command may take")
    parser.add_argument("--stop-timeout", type=float, default=60.0, help="seconds the engine may take to stop")
    options = parser.parse_args()

    results = Results()
    code = 0
    try:
        run_tour(options, results)
    except TourError as error:
        results.fail("the README's tour", str(error))
        code = 2
    print(f"{results.passed} passed, {results.failed} failed", flush=True)
    if code == 0 and results.failed:
        code = 1
    return code


if __name__ == "__main__":
    sys.exit(main())
