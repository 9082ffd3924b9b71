"""What the benchmark scripts share: number formatting and the end of a run (the failures,
between !!! lines, and the exit status)."""
import math


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
