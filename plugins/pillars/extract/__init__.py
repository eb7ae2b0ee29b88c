"""Getting partner deliveries into the landing folder: file drops, and REST APIs written as files."""
