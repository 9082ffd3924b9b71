"""What the benchmark scripts share: bad-usage exits, the choice of a subset on the command
line, number formatting and the end of a run (the failures, between !!! lines, and the exit
status)."""
import math
import os
import sys


def die(msg):
    """A usage or set-up error: the message on stderr, exit status 2."""
    print(f"{os.path.basename(sys.argv[0])}: {msg}", file=sys.stderr)
    sys.exit(2)


def subset(csv, known, what):
    """The names of a comma-separated option value, each one of `known`, else die naming it."""
    names = [n for n in csv.split(",") if n]
    for n in names:
        if n not in known:
            die(f"unknown {what} '{n}'")
    return names


def fmt(x, spec="%.1f"):
    """A figure, or '-' when there is none."""
    return "-" if x is None or (isinstance(x, float) and math.isnan(x)) else spec % x


def finish(failures):
    """Prints the failures, if any, and returns the exit status: 1 if any, else 0."""
    if not failures:
        return 0
    print()
    print("!" * 78)
    for f in failures:
        print("!! " + f)
    print("!" * 78)
    return 1
