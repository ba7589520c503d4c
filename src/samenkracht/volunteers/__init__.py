"""Volunteer pools, volunteers, matching to referrals and hours."""
