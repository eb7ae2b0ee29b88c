"""COPY encoding: PostgreSQL's COPY text and binary formats, each written once for every parsing path."""
