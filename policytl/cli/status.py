"""Exit codes of the policytl command."""

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    #: invalid data, a failed check, or (for `diff`) a difference found
    ERROR = 1
    #: the command line asks for something that cannot be done as asked: a usage
    #: error, a bad setting, or a named file that cannot be opened at all
    USAGE = 2
    #: interrupted by Ctrl-C
    INTERRUPTED = 130
    #: stopped by SIGTERM while writing a file (128 + 15, as a shell reports a kill)
    TERMINATED = 143
