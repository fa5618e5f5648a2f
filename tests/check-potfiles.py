#!/usr/bin/env python3
"""Checks po/POTFILES.in: sorted, every listed file exists, and every C file
under libbgrun/, daemon/, bgrunctl/ and demos/ with a translatable string (_("…")) is listed.

Prints one line per problem and exits 1 when there is any."""

import pathlib
import re
import sys

MARKED = re.compile(r'\b_\(\s*"')


def main() -> int:
    top = pathlib.Path(sys.argv[1])
    lines = (top / 'po' / 'POTFILES.in').read_text().splitlines()
    listed = [line for line in lines if line and not line.startswith('#')]
    problems = []
    if listed != sorted(listed):
        problems.append('po/POTFILES.in is not sorted')
    for name in listed:
        if not (top / name).is_file():
            problems.append(f'po/POTFILES.in lists {name}, which does not exist')
    for folder in ('libbgrun', 'daemon', 'bgrunctl', 'demos'):
        for path in sorted((top / folder).rglob('*.c')):
            name = str(path.relative_to(top))
            if MARKED.search(path.read_text()) and name not in listed:
                problems.append(f'{name} has translatable strings but is not in po/POTFILES.in')
    for problem in problems:
        print(problem)
    print(f'checked po/POTFILES.in: {len(problems)} problem(s)')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
