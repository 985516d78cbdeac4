"""The soak with scheduled faults: ``python -m bench.soak --minutes N`` (see ``__main__``)."""
