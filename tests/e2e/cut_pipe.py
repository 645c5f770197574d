"""Run a command with our standard input and output passed through, and cut it all after N
bytes (both directions counted): the ssh of a sync killed part-way, as a closed laptop lid does.

    python cut_pipe.py N COMMAND...
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading


def main() -> None:
    limit = int(sys.argv[1])
    child = subprocess.Popen(sys.argv[2:], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert child.stdin is not None and child.stdout is not None
    lock = threading.Lock()
    count = [0]

    def pump(source: int, target: int) -> None:
        while True:
            chunk = os.read(source, 4096)
            if not chunk:
                break
            with lock:
                room = limit - count[0]
                count[0] += len(chunk)
                if room < len(chunk):
                    os.write(target, chunk[: max(room, 0)])
                    child.kill()
                    os._exit(1)
            os.write(target, chunk)
        if target != 1:
            os.close(target)

    outbound = threading.Thread(target=pump, args=(0, child.stdin.fileno()), daemon=True)
    outbound.start()
    pump(child.stdout.fileno(), 1)
    os._exit(child.wait())


if __name__ == "__main__":
    main()
