"""The workflow engine: pure Python, no Django; persistence and providers come in through ports."""
