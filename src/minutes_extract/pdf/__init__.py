"""PDF input (issue 3, in progress): engines that turn PDF pages into positioned lines.

Not yet wired into `extract`; see engines.py for what each engine sees and DEVELOPERS.md.
"""
