"""Subject access, correction, restriction and erasure requests, retention and purge."""
