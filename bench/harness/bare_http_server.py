"""The http rows' baseline server (bench/tools/bare_http_server.cpp), started on a free port."""

import subprocess

from . import processes


class BareHttpServer:
    def __init__(self, context):
        self.context = context

    def __enter__(self):
        self.process = processes.start(
            [self.context.binary("bench_bare_http_server")], stdout=subprocess.PIPE, text=True
        )
        self.port = int(self.process.stdout.readline())
        return self

    def __exit__(self, *_):
        processes.stop(self.process)
