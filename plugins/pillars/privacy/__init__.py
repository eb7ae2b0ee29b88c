"""Privacy at the door: identifier normalisation, keyed HMAC tokens and masking of echoed values.

Direct identifiers never reach the warehouse; this package is the only place that sees them in clear.
"""
