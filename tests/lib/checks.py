"""Host-side checks of the test scripts: each (ok, what) prints as PASS:/FAIL:, then a summary;
the script's exit status says whether all passed."""
import sys


def finish(checks):
    bad = 0
    for ok, what in checks:
        print(("PASS: " if ok else "FAIL: ") + what)
        bad += not ok
    print(f"{len(checks) - bad} passed, {bad} failed")
    sys.exit(1 if bad else 0)
