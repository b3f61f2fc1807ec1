"""Repository functions: the queries, one module per area, keyword-only arguments after the session."""
