"""Rich renderers: each returns renderables; only policytl.cli prints them."""
