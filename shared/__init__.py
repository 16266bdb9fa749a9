"""Code every Safer Brent Operations service shares: settings, database, errors, auth, events."""
