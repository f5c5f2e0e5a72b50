"""The editor's routes: each area of the editor in a module of its own."""
