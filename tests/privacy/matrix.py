"""Authorization rows for the privacy officer's pages."""

ANON, OK, FORBIDDEN, TO_LOGIN = "anonymous", 200, 403, 302

WEB_MATRIX = [
    ("privacy:access_log", "privacy officer of Gemeente Zwolle", lambda o: {},
     {ANON: TO_LOGIN, "outsider": FORBIDDEN, "admin": FORBIDDEN, "privacy": OK, "policy": FORBIDDEN,
      "coordinator": FORBIDDEN, "mee_coordinator": FORBIDDEN, "professional": FORBIDDEN}),
]
