"""Samenkracht: the collaboration platform of a municipality's social domain."""
