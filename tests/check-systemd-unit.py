#!/usr/bin/env python3
"""Checks the systemd user unit bgrund.service as built: systemd-analyze
verify accepts it (with ExecStart pointing at the bgrund just built), its
offline security review stays at or below the exposure the hardening
reached, and the directives the hardening rests on are there.

Usage: check-systemd-unit.py UNIT BGRUND"""

import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

# systemd-analyze's exposure, times ten (1.7 is 17): what the unit reaches
# today. A change that loosens the sandbox fails here and must say why.
EXPOSURE_THRESHOLD = 17

REQUIRED = {
    'ProtectSystem': 'strict',
    'ProtectHome': 'read-only',
    'StateDirectory': 'bgrun',
    'PrivateTmp': 'yes',
    'NoNewPrivileges': 'yes',
    'PrivateDevices': 'yes',
    'RestrictAddressFamilies': 'AF_UNIX AF_INET AF_INET6 AF_NETLINK',
}


def directives(text: str) -> dict:
    found = {}
    for line in text.splitlines():
        match = re.match(r'^([A-Za-z]+)=(.*)$', line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def analyze(runtime: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, XDG_RUNTIME_DIR=runtime, SYSTEMD_LOG_LEVEL='warning')
    return subprocess.run(['systemd-analyze', '--user', *args], env=env,
                          capture_output=True, text=True, check=False)


def main() -> int:
    unit, bgrund = pathlib.Path(sys.argv[1]), os.path.abspath(sys.argv[2])
    if shutil.which('systemd-analyze') is None:
        print('SKIP: systemd-analyze is not installed')
        return 77
    text = unit.read_text()
    problems = []
    found = directives(text)
    for key, value in REQUIRED.items():
        if found.get(key) != value:
            problems.append(f'{unit.name}: expected {key}={value}, found {found.get(key)!r}')
    with tempfile.TemporaryDirectory() as tmp:
        runtime = os.path.join(tmp, 'runtime')
        os.mkdir(runtime, 0o700)
        copy = pathlib.Path(tmp) / unit.name
        copy.write_text(re.sub(r'^ExecStart=\S+', f'ExecStart={bgrund}', text, flags=re.M))
        verify = analyze(runtime, 'verify', str(copy))
        if verify.returncode != 0 or verify.stderr.strip():
            problems.append(f'systemd-analyze verify: {verify.stderr.strip() or verify.returncode}')
        security = analyze(runtime, 'security', '--offline=yes',
                           f'--threshold={EXPOSURE_THRESHOLD}', str(copy))
        summary = security.stdout.strip().splitlines()[-1:] or ['no output']
        print(summary[0])
        if security.returncode != 0:
            problems.append(f'systemd-analyze security: exposure over {EXPOSURE_THRESHOLD / 10}: {summary[0]}')
    for problem in problems:
        print(problem)
    print(f'checked {unit.name}: {len(problems)} problem(s)')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
