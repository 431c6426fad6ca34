"""The course's tests: one test_<module>.py per utils module, test_tools_<tool>.py per tool; shared fixtures in ../conftest.py."""
