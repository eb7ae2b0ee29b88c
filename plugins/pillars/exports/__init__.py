"""Files Pillars writes for people to open in a spreadsheet: cells neutralised, owner-only on disk."""
