"""The course's scripts (run as `python tools/NAME.py`, or imported by the tests as `from tools import NAME`)."""
