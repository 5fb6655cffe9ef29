"""The http rows' peer with the engine's server design (bench/tools/beast_http_server.cpp: one I/O
thread, the engine's http.threads workers, nothing behind the handlers), started on a free port."""

import subprocess

from . import processes


class BeastHttpServer:
    def __init__(self, context):
        self.context = context

    def __enter__(self):
        self.process = processes.start(
            [self.context.binary("bench_beast_http_server")], stdout=subprocess.PIPE, text=True
        )
        self.port = int(self.process.stdout.readline())
        return self

    def __exit__(self, *_):
        processes.stop(self.process)
