#!/usr/bin/env python3
"""Checks that libbgrun-1.so holds none of what only bgrund runs.

Every function that daemon/'s static library defines (the broker service,
the app launcher, hosted transfers, test mode) must be absent from the
shared library's symbol table, exported or not: what an app links is what
an app runs.

Usage: check-app-library.py SHARED_LIBRARY DAEMON_SOURCE_DIR...
"""

import os
import re
import subprocess
import sys

# A function definition at the start of a line: its name, then " (".
DEFINITION = re.compile(r'^(bgrun_[a-z0-9_]+) \(', re.M)


def daemon_functions(directories):
    names = {}
    for directory in directories:
        for name in sorted(os.listdir(directory)):
            if name.startswith('bgrun-') and name.endswith('.c'):
                with open(os.path.join(directory, name), encoding='utf-8') as f:
                    for function in DEFINITION.findall(f.read()):
                        names[function] = os.path.join(os.path.basename(directory), name)
    return names


def library_symbols(library):
    out = subprocess.run(['nm', library], check=True, capture_output=True, text=True).stdout
    return {line.split()[-1] for line in out.splitlines() if line.strip()}


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    functions = daemon_functions(sys.argv[2:])
    if not functions:
        print('check-app-library: found no daemon-only functions to look for', file=sys.stderr)
        return 1
    symbols = library_symbols(sys.argv[1])
    leaked = sorted(name for name in functions if name in symbols)
    for name in leaked:
        print('%s (from %s) is in %s' % (name, functions[name], os.path.basename(sys.argv[1])))
    if leaked:
        print('check-app-library: %d daemon-only function(s) in the library apps link' % len(leaked))
        return 1
    print('check-app-library: none of the %d daemon-only functions is in %s'
          % (len(functions), os.path.basename(sys.argv[1])))
    return 0


if __name__ == '__main__':
    sys.exit(main())
