"""Partnership agreements, covenants, explorations, assignments with result agreements, decision logs."""
