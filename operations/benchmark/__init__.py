"""`make bench`: speed and memory at ten years of data, each figure beside a baseline measured in the
same run on the same database. The command (management/commands/bench.py) runs these in order."""
