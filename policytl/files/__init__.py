"""Writing files as the shell's ``>`` would: atomically, and never onto an input."""
