#!/usr/bin/env python3
"""Checks the header rules of libbgrun's CONVENTIONS.md.

- every public header (bgrun-*.h, not *-private.h) is included by bgrun.h;
- no public header includes a private one;
- every public header refuses inclusion except through bgrun.h;
- every private header refuses inclusion outside the build.

Prints one line per problem and exits 1 when there is any.
"""

import pathlib
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+[<"]([^>"]+)[>"]', re.M)
PUBLIC_GUARD = '#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)'
PRIVATE_GUARD = '#ifndef BGRUN_COMPILATION'


def check(libdir: pathlib.Path) -> list[str]:
    problems = []
    umbrella = (libdir / 'bgrun.h').read_text()
    umbrella_includes = set(INCLUDE.findall(umbrella))
    headers = sorted(libdir.rglob('bgrun-*.h')) + sorted(libdir.rglob('bgrun-*.h.in'))

    for header in headers:
        name = header.name.removesuffix('.in')
        text = header.read_text()
        if name.endswith('-private.h'):
            if PRIVATE_GUARD not in text:
                problems.append(f'{name}: private header lacks "{PRIVATE_GUARD}"')
            continue
        if name not in umbrella_includes:
            problems.append(f'{name}: public header missing from bgrun.h')
        if PUBLIC_GUARD not in text:
            problems.append(f'{name}: public header lacks "{PUBLIC_GUARD}"')
        for included in INCLUDE.findall(text):
            if included.endswith('-private.h'):
                problems.append(f'{name}: public header includes private {included}')

    for included in umbrella_includes:
        if included.endswith('-private.h'):
            problems.append(f'bgrun.h includes private {included}')
    return problems


def main() -> int:
    libdir = pathlib.Path(sys.argv[1])
    problems = check(libdir)
    for problem in problems:
        print(problem)
    print(f'checked the headers in {libdir}: {len(problems)} problem(s)')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
