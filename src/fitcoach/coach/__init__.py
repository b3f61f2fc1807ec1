"""Generators behind one interface, the guard that checks their plans, and the coach chat."""
