"""Indicators computed from registered work, accountability reports, dashboards, exports."""
