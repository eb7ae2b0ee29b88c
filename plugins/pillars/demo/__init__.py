"""The end-to-end demo: a week of synthetic partner data through the real pipeline, then where to look."""
