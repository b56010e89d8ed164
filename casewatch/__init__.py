"""CaseWatch: IP-litigation monitoring for a cross-border e-commerce association."""

__version__ = "0.1.0"
