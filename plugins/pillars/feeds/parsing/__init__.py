"""Reading and parsing: partner files in, validated COPY-ready rows or quarantined rejections out.

Streaming readers (CSV, JSON Lines, XLSX), the value converters, the per-row function generated from a
contract, its column-at-a-time and Arrow fast paths, and schema-drift tallies of unknown columns.
"""
