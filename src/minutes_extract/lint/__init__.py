"""Lint: `check` (findings from the parser's diagnostics, configuration, output formats),
`check --fix` (safe fixes) and the rules' documentation, whose examples are run as tests."""
