#!/usr/bin/env python3
"""Checks po/POTFILES.in: sorted, every listed file exists, and every C file
under libbgrun/, daemon/, bgrunctl/ and demos/ with a translatable string (_("…")) is listed.
Also checks that the messages users read are marked: under libbgrun/,
daemon/ and bgrunctl/, a GError's message or what bgrunctl and bgrund print
is never a bare string literal with words in it (wrap it in _()).

Prints one line per problem and exits 1 when there is any."""

import pathlib
import re
import sys

MARKED = re.compile(r'\b_\(\s*"')
# GError constructors and the CLI's output: the index of the argument that
# is the message the user reads.
MESSAGE_ARGUMENT = {
    'g_set_error': 3,
    'g_set_error_literal': 3,
    'g_task_return_new_error': 3,
    'g_dbus_method_invocation_return_error': 3,
    'g_dbus_method_invocation_return_error_literal': 3,
    'g_error_new': 2,
    'g_error_new_literal': 2,
    'g_prefix_error': 1,
    'g_propagate_prefixed_error': 2,
    'g_print': 0,
    'g_printerr': 0,
}
CALL = re.compile(r'\b(' + '|'.join(sorted(MESSAGE_ARGUMENT, key=len, reverse=True)) + r')\s*\(')
# What a format string may hold besides words: conversions, the program's
# own name as a prefix, punctuation and spaces.
NOT_WORDS = re.compile(r'%[-+ #0-9.*lhzjtL]*[a-zA-Z%]|\\[nt"]|\bbgrun(ctl|d)\b')


def arguments(text: str, start: int) -> list:
    """The top-level arguments of the call whose '(' is at start."""
    args, depth, current, i = [], 0, [], start + 1
    while i < len(text):
        c = text[i]
        if c == '"':
            end = i + 1
            while text[end] != '"':
                end += 2 if text[end] == '\\' else 1
            current.append(text[i:end + 1])
            i = end + 1
            continue
        if c in '([{':
            depth += 1
        elif c in ')]}':
            if depth == 0:
                args.append(''.join(current).strip())
                return args
            depth -= 1
        elif c == ',' and depth == 0:
            args.append(''.join(current).strip())
            current = []
            i += 1
            continue
        current.append(c)
        i += 1
    return args


TRANSLATED = re.compile(r'(?<![A-Za-z0-9_])N?_\(')


def untranslatable_formats(source: str) -> list:
    """(line, macro) of every _() or N_() whose string is cut by a GLib
    format macro: xgettext stops at G_GINT64_FORMAT, so the catalogue gets
    half a message that never matches. PRId64, PRIu64 and %zu work."""
    found = []
    for match in TRANSLATED.finditer(source):
        args = arguments(source, match.end() - 1)
        if not args or not args[0].startswith('"'):
            continue
        outside = re.sub(r'"(?:[^"\\]|\\.)*"', '', args[0])
        for macro in re.findall(r'\bG_\w+_FORMAT\b', outside):
            found.append((source.count('\n', 0, match.start()) + 1, macro))
    return found


def unmarked_messages(source: str) -> list:
    """(line, message) of every message given as a bare string literal."""
    code = re.sub(r'/\*.*?\*/', lambda m: re.sub(r'[^\n]', ' ', m.group()), source, flags=re.S)
    found = []
    for match in CALL.finditer(code):
        args = arguments(code, match.end() - 1)
        index = MESSAGE_ARGUMENT[match.group(1)]
        if index >= len(args) or not args[index].startswith('"'):
            continue
        literal = ''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', args[index]))
        if re.search(r'[A-Za-z]{2,}', NOT_WORDS.sub('', literal)):
            found.append((code.count('\n', 0, match.start()) + 1, literal))
    return found


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
    for folder in ('libbgrun', 'daemon', 'bgrunctl'):
        for path in sorted((top / folder).rglob('*.c')):
            for line, macro in untranslatable_formats(path.read_text()):
                problems.append(f'{path.relative_to(top)}:{line}: {macro} in a translatable string '
                                'cuts it short for xgettext; use PRId64, PRIu64 or %zu')
            for line, literal in unmarked_messages(path.read_text()):
                problems.append(f'{path.relative_to(top)}:{line}: "{literal}" is shown to users '
                                'but not marked for translation')
    for problem in problems:
        print(problem)
    print(f'checked po/POTFILES.in: {len(problems)} problem(s)')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
