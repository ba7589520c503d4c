"""Rows of the authorization matrix (tests/test_authorization_matrix.py) for the social map search.

The search is public: no token or any token, the same answer (200). It only shows what residents may
see (tested in tests/socialmap_search/test_api.py). The matrix module imports this file while it is itself
being imported, so its helpers are not imported here.
"""

PUBLIC = {"none": 200, "read": 200, "write_own": 200, "admin": 200}

API_MATRIX = [
    ("GET", "/socialmap/search", lambda o: "/socialmap/search?text=schulden&postcode=8011AA", None, PUBLIC),
]
