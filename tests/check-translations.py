#!/usr/bin/env python3
"""Checks the translations: every language in po/LINGUAS has a catalogue
that msgfmt --check accepts without a warning, and that translates every
message of a .pot freshly extracted from the files in po/POTFILES.in, with
no fuzzy entry. Prints one line per problem (the messages that lack a
translation are named, so whoever translates knows what to do: see
po/README.md) and exits 1 when there is any.

Usage: check-translations.py SOURCE-ROOT"""

import pathlib
import re
import subprocess
import sys
import tempfile

# Languages that must stay complete: their catalogues ship with libbgrun.
REQUIRED = ('de', 'fr')

# The keywords of meson's i18n.gettext(preset: 'glib'), which makes the
# catalogue template, so this check sees the messages the build sees.
XGETTEXT = ['xgettext', '--from-code=UTF-8', '--add-comments', '--keyword=_', '--keyword=N_',
            '--keyword=C_:1c,2', '--keyword=NC_:1c,2', '--keyword=g_dcgettext:2',
            '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
            '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format',
            '--flag=NC_:2:pass-c-format', '--flag=g_dngettext:2:pass-c-format',
            '--flag=g_strdup_printf:1:c-format', '--flag=g_set_error:4:c-format']


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, check=False)


def msgids(po: pathlib.Path) -> list:
    """The msgids of a catalogue but its header, for the problem report."""
    found = []
    for block in re.findall(r'^msgid ((?:".*"\n)+)', po.read_text(), re.M):
        text = ''.join(re.findall(r'"(.*)"', block))
        if text:
            found.append(text)
    return found


def main() -> int:
    top = pathlib.Path(sys.argv[1])
    po_dir = top / 'po'
    languages = (po_dir / 'LINGUAS').read_text().split()
    problems = [f'po/LINGUAS lacks {lang}' for lang in REQUIRED if lang not in languages]
    with tempfile.TemporaryDirectory() as tmp:
        pot = pathlib.Path(tmp) / 'libbgrun-1.pot'
        made = run(*XGETTEXT, '--directory', str(top), '--files-from',
                   str(po_dir / 'POTFILES.in'), '--output', str(pot))
        if made.returncode != 0 or not pot.is_file():
            print(f'xgettext failed: {made.stderr.strip()}')
            return 1
        for warning in made.stderr.strip().splitlines():
            problems.append(f'xgettext: {warning}')
        for lang in languages:
            po = po_dir / f'{lang}.po'
            checked = run('msgfmt', '--check', '--output-file=/dev/null', str(po))
            if checked.returncode != 0 or checked.stderr.strip():
                problems.append(f'po/{lang}.po: msgfmt --check: {checked.stderr.strip()}')
            merged = pathlib.Path(tmp) / f'{lang}.po'
            run('msgmerge', '--quiet', '--no-fuzzy-matching', '--output-file', str(merged),
                str(po), str(pot))
            for kind, option in (('untranslated', '--untranslated'), ('fuzzy', '--only-fuzzy')):
                left = pathlib.Path(tmp) / f'{lang}-{kind}.po'
                run('msgattrib', option, '--no-obsolete', '--output-file', str(left), str(merged))
                for msgid in msgids(left) if left.is_file() else []:
                    problems.append(f'po/{lang}.po: {kind}: {msgid}')
    for problem in problems:
        print(problem)
    print(f'checked the catalogues of {", ".join(languages)}: {len(problems)} problem(s)')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
