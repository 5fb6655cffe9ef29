"""Where a run finds its programs and puts its scratch files."""

import os
from dataclasses import dataclass


@dataclass
class Context:
    repo_root: str
    build_dir: str
    scratch_dir: str
    repetitions: int

    @property
    def plugin_dir(self):
        return os.path.join(self.build_dir, "plugins")

    @property
    def default_config(self):
        return os.path.join(self.repo_root, "config", "default.json")

    def binary(self, name):
        path = os.path.join(self.build_dir, "bin", name)
        if not os.access(path, os.X_OK):
            raise RuntimeError(f"{path} is missing: build the bench_harness target first")
        return path

    def events_file(self, count):
        """A file of `count` events, one per line, about 70% `w` (written once per run)."""
        path = os.path.join(self.scratch_dir, f"events-{count}.txt")
        if not os.path.exists(path):
            pattern = b"w\nl\nw\nw\nl\nw\nw\nl\nw\nw\n"
            whole, rest = divmod(count, 10)
            with open(path, "wb") as out:
                out.write(pattern * whole + pattern[: 2 * rest])
        return path
