"""Pure text preparation shared by every format: normalising lines, removing page furniture,
joining broken paragraphs, people's names and roles, dates. Imports no format."""
