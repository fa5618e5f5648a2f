#!/usr/bin/env python3
# Runs every code block of README.md and docs/*.md that says it runs.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The convention: a fenced block preceded by the line `<!-- runs -->` is a
# complete program that runs as written and ends by itself with status 0
# (an HTML comment, so neither GitHub nor gi-docgen shows it). Its
# language says how it runs:
#
#   python   /usr/bin/python3, with the Python binding of the source tree
#   js       gjs -m, as a module file (imports of 'gi://…' and of the gjs
#            binding by the path docs/javascript.md gives work as written)
#   c        compiled with the build tree's libbgrun-1 (its uninstalled
#            pkg-config file), then run
#
# Every block runs with the environment meson gives tests (GI_TYPELIB_PATH,
# LD_LIBRARY_PATH, PYTHONPATH), inside tests/isolate. A block that fails
# fails the test, which prints the block and its output; so does a README
# without its three examples (Python, JavaScript and C) marked.
#
#   check-doc-snippets.py BUILD_ROOT SOURCE_ROOT

import os
import re
import subprocess
import sys
import tempfile

MARKER = '<!-- runs -->'
FENCE = re.compile(r'^(```+)\s*([A-Za-z0-9_+-]*)\s*$')
TIMEOUT = 60


def blocks(path):
    '''(line number, language, code) of every marked block of @path.'''
    lines = open(path, encoding='utf-8').read().split('\n')
    found = []
    i = 0
    while i < len(lines):
        if lines[i].strip() == MARKER and i + 1 < len(lines):
            opening = FENCE.match(lines[i + 1])
            if opening is None:
                raise SystemExit(f'{path}:{i + 1}: {MARKER} is not followed by a fenced block')
            end = i + 2
            while end < len(lines) and lines[end].rstrip() != opening.group(1):
                end += 1
            found.append((i + 2, opening.group(2), '\n'.join(lines[i + 2:end]) + '\n'))
            i = end
        i += 1
    return found


def run(command, env=None, **kwargs):
    return subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=TIMEOUT, env=env or os.environ, **kwargs)


def isolate(directory):
    '''Each block starts as an app run for the first time: XDG directories
    of its own, so no block finds the store (and the spent budgets) of
    another.'''
    for name in ('STATE', 'DATA', 'CACHE', 'CONFIG'):
        path = os.path.join(directory, name.lower())
        os.makedirs(path)
        os.environ[f'XDG_{name}_HOME'] = path


def run_block(language, code, directory, build_root):
    if language == 'python':
        return run(['/usr/bin/python3', '-c', code])
    if language in ('js', 'javascript'):
        path = os.path.join(directory, 'snippet.js')
        open(path, 'w', encoding='utf-8').write(code)
        return run(['gjs', '-m', path], cwd=directory)
    if language == 'c':
        source = os.path.join(directory, 'snippet.c')
        program = os.path.join(directory, 'snippet')
        open(source, 'w', encoding='utf-8').write(code)
        env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(build_root, 'meson-uninstalled'))
        flags = run(['pkg-config', '--cflags', '--libs', 'libbgrun-1-uninstalled'], env=env)
        if flags.returncode != 0:
            return flags
        # The headers are installed flat, but live in the tree's layer
        # folders, which the uninstalled .pc file does not name.
        layers = [f'-I{os.path.join(root, "libbgrun", name)}'
                  for root in (build_root, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
                  for name in sorted(os.listdir(os.path.join(root, 'libbgrun')))
                  if os.path.isdir(os.path.join(root, 'libbgrun', name))]
        built = run(['cc', '-o', program, source] + layers + flags.stdout.split())
        if built.returncode != 0:
            return built
        return run([program])
    raise SystemExit(f'no way to run a block of “{language}”: mark only python, js or c blocks')


def main():
    build_root, source_root = sys.argv[1], sys.argv[2]
    docs = os.path.join(source_root, 'docs')
    paths = [os.path.join(source_root, 'README.md')] + sorted(
        os.path.join(docs, name) for name in os.listdir(docs) if name.endswith('.md'))
    failures = 0
    count = 0
    for path in paths:
        found = blocks(path)
        if path.endswith('README.md') and sorted(l for _n, l, _c in found) != ['c', 'js', 'python']:
            print(f'FAIL {path}: its Python, JavaScript and C examples must be marked {MARKER}')
            failures += 1
        for line, language, code in found:
            count += 1
            with tempfile.TemporaryDirectory() as directory:
                isolate(directory)
                try:
                    result = run_block(language, code, directory, build_root)
                    status, output = result.returncode, result.stdout
                except subprocess.TimeoutExpired as error:
                    status, output = 'timeout', error.output or ''
            name = f'{os.path.relpath(path, source_root)}:{line} ({language})'
            if status == 0:
                print(f'ok {name}')
                continue
            failures += 1
            print(f'FAIL {name}: exit status {status}')
            for text in (code, output if isinstance(output, str) else output.decode()):
                print('\n'.join('    ' + l for l in text.rstrip().split('\n')))
    print(f'{count} blocks run, {failures} failures')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
