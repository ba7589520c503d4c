"""Closed-loop referrals with warm handover, and the legal basis or consent for sharing data."""
