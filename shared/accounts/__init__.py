"""People who sign in to the pages: usernames, Argon2 password hashes and roles (schema `accounts`)."""
