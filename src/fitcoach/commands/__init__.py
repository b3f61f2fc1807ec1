"""Bodies of the CLI commands, one module per area; cli.py registers them."""
