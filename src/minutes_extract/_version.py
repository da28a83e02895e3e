"""The version, in a module of its own so that commands and workers can name it without
importing the package face (and everything the face imports)."""

__version__ = "0.2.0"
