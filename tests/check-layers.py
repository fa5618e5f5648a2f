#!/usr/bin/env python3
"""Checks that libbgrun's folders depend on each other in one direction.

Reads the #include "…" lines of every C file and header under libbgrun/,
daemon/ and bgrunctl/, finds the folder that owns each included header,
and fails, naming the files, when:

- a file includes a header of a higher layer than its own;
- folders of one layer include each other in a circle.

Headers at the top of libbgrun/ (the umbrella header, bgrun-version.h,
bgrun-features-private.h) and generated ones (bgrun-enum-types.h,
bgrun-dbus-resources.h, config.h) are what every layer shares. The files
at the top of libbgrun/ are above every folder of it.

Usage: check-layers.py [SOURCE_ROOT]   (default: the tree this script is in)
"""

import os
import re
import sys

# The layers, lowest first. A folder may include its own headers and those
# of lower layers; folders of one layer may include each other, without a
# circle. This is the one table of the order: docs/overview.md explains it.
LAYERS = [
    ('libbgrun/base',),
    ('libbgrun/platform',),
    ('libbgrun/model',),
    ('libbgrun/store',),
    ('libbgrun/engine',),
    ('libbgrun/broker',),
    ('libbgrun/scheduler',),
    ('libbgrun/transfers', 'libbgrun/sessions', 'libbgrun/audio',
     'libbgrun/location', 'libbgrun/workout', 'libbgrun/tasks'),
    ('libbgrun/admin',),
    ('libbgrun/testing',),
    ('libbgrun',),
    ('daemon', 'bgrunctl'),
]

SHARED = {'config.h', 'bgrun-enum-types.h', 'bgrun-dbus-resources.h',
          'bgrun-version.h'}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def rank_of(folder):
    for rank, folders in enumerate(LAYERS):
        if folder in folders:
            return rank
    return None


def collect(root):
    """Every C file and header of the checked folders, by folder."""
    files = {}
    for folders in LAYERS:
        for folder in folders:
            path = os.path.join(root, folder)
            if not os.path.isdir(path):
                continue
            for name in sorted(os.listdir(path)):
                if name.endswith(('.c', '.h')):
                    files.setdefault(folder, []).append(name)
    return files


def find_circle(edges):
    """A circle in the graph @edges (folder → set of folders), or None."""
    state = {}

    def visit(node, path):
        state[node] = 'open'
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 'open':
                return path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt]
            if nxt not in state:
                found = visit(nxt, path + [nxt])
                if found:
                    return found
        state[node] = 'done'
        return None

    for node in sorted(edges):
        if node not in state:
            found = visit(node, [node])
            if found:
                return found
    return None


def check(root):
    files = collect(root)
    owner = {}
    for folder, names in files.items():
        for name in names:
            if name.endswith('.h'):
                owner.setdefault(name, folder)

    problems = []
    edges = {}
    witnesses = {}
    for folder, names in files.items():
        for name in names:
            with open(os.path.join(root, folder, name), encoding='utf-8') as f:
                text = f.read()
            for header in INCLUDE.findall(text):
                if header in SHARED or header not in owner:
                    continue
                target = owner[header]
                if target == folder or (target == 'libbgrun' and header.endswith('.h')
                                        and folder.startswith('libbgrun/')
                                        and header != 'bgrun.h'):
                    continue
                mine, theirs = rank_of(folder), rank_of(target)
                where = '%s/%s' % (folder, name)
                if theirs > mine:
                    problems.append('%s includes %s/%s: %s is a higher layer than %s'
                                    % (where, target, header, target, folder))
                elif theirs == mine:
                    edges.setdefault(folder, set()).add(target)
                    witnesses[(folder, target)] = '%s includes %s/%s' % (where, target, header)

    circle = find_circle(edges)
    if circle:
        steps = [witnesses[(a, b)] for a, b in zip(circle, circle[1:])]
        problems.append('a circle between folders of one layer: %s (%s)'
                        % (' → '.join(circle), '; '.join(steps)))
    return problems


def main():
    if len(sys.argv) > 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    root = sys.argv[1] if len(sys.argv) == 2 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    problems = check(root)
    for problem in problems:
        print(problem)
    if problems:
        print('check-layers: %d problem(s); the layer order is the LAYERS table in %s'
              % (len(problems), os.path.basename(__file__)))
        return 1
    print('check-layers: every include points down a layer or stays in its folder')
    return 0


if __name__ == '__main__':
    sys.exit(main())
