"""Shared kernel: base models, errors, the API envelope, logging, embedded dev services."""
