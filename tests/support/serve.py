"""Runs the simulator as a process for tools that are not pytest (molecule, manual use).

    python -m tests.support.serve --env-file FILE
writes `export NAME=value` lines (offline guard included) to FILE once it is up, then serves until
it receives SIGTERM or SIGINT.
"""

import argparse
import shlex
import signal
import threading

from .simulator import Simulator


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--env-file", required=True)
    args = parser.parse_args()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with Simulator() as sim:
        lines = [
            "export %s=%s" % (k, shlex.quote(v))
            for k, v in sorted(sim.env().items())
            if k.startswith(("AWS_", "HTTP", "http", "NO_", "no_"))
        ]
        with open(args.env_file, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        stop.wait()


if __name__ == "__main__":
    main()
