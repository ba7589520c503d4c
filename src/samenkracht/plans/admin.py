"""Households and plans are deliberately not in the Django admin.

The admin reads and writes rows directly: it would bypass the access policy (privacy.policy) and the access
log, and show resident data to functional administrators, who by design see none. Plans are kept through
the pages under /plannen/ and the API under /api/v1/plans/ only, which check every relation and log every
read and write. Functional administrators of a municipality see its breakthroughs without personal data at
/plannen/doorbraken/; organisation coordinators arrange a coordinator hand-over at /plannen/regie/.
"""
