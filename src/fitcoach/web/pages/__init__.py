"""HTML pages: one router module per area; every unsafe method is CSRF-checked by create_app."""
