"""The http rows' reference peer: Debian's nginx (nginx-light), one worker process, answering every
GET with 201 and the engine's body, POST /events with 202 and the engine's answer to a 10,000-event
body (nginx reads the body and discards it). Started in the foreground on a free loopback port, with
its prefix, config, pid file, logs and temporary paths in a directory of its own; stopped by its pid
(SIGTERM to its process group: the master and its worker)."""

import os
import shutil
import socket
import tempfile
import time

from . import processes

NGINX = "/usr/sbin/nginx"

# As the engine answers: the same status lines, content types and bodies. No access log (the
# engine writes none per request); keep-alive connections as long-lived as the engine's.
_CONFIG = """worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{
    worker_connections 4096;
}}
http {{
    access_log off;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    client_max_body_size 64m;
    keepalive_requests 1000000;
    keepalive_timeout 60s;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            default_type "text/plain; charset=utf-8";
            return 201 "Model updated";
        }}
        location = /events {{
            default_type application/json;
            return 202 '{{"accepted":10000,"topic":"update_model"}}';
        }}
    }}
}}
"""


class NginxServer:
    def __init__(self, context):
        if not os.access(NGINX, os.X_OK):
            raise RuntimeError(f"{NGINX} is missing: install nginx-light (scripts/install-deps.sh)")
        self.dir = tempfile.mkdtemp(prefix="nginx-", dir=context.scratch_dir)
        self.port = processes.free_tcp_port()
        self.process = None

    def __enter__(self):
        config = os.path.join(self.dir, "nginx.conf")
        with open(config, "w") as out:
            out.write(_CONFIG.format(dir=self.dir, port=self.port))
        # -e: its start-up log goes to its own directory too, not to /var/log/nginx.
        arguments = [NGINX, "-p", self.dir, "-c", config, "-e", os.path.join(self.dir, "error.log")]
        self.process = processes.start([*arguments, "-g", "daemon off;"])
        self._wait_until_listening()
        return self

    def __exit__(self, *_):
        processes.stop(self.process)
        shutil.rmtree(self.dir, ignore_errors=True)

    def _wait_until_listening(self):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.02)
        with open(os.path.join(self.dir, "error.log")) as log:
            raise RuntimeError("nginx did not start listening:\n" + log.read()[-3000:])
