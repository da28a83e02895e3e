"""Lint: `check` (findings from the parser's diagnostics, configuration, output formats),
`check --fix` (safe fixes) and the rules' documentation, whose examples are run as tests."""

# The names of `check --output-format` (formatters.FORMATS, kept in step by a test): here so
# that building the CLI does not import the linter (a tenth of the start-up of `extract`).
REPORT_FORMATS = ("concise", "json", "github", "sarif", "junit")
