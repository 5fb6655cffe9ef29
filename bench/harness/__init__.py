"""The end-to-end benchmark harness behind `make bench` (entry point: bench/run_all.py)."""
