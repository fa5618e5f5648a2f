# bgrunctl and the library speak the user's language: with LANGUAGE=de or
# fr, bgrunctl's own messages and the GErrors libbgrun makes come out of
# the German and French catalogues, compiled by the build into po/ in the
# build tree (BGRUN_LOCALEDIR points the gettext domain there).
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import subprocess
import sys

import pytest

from conftest import TIMEOUT

BGRUNCTL = os.environ.get('BGRUNCTL')
LOCALEDIR = os.path.join(os.environ['G_TEST_BUILDDIR'], '..', 'po')
NNBSP = '\u202f'

# A GError of the library, made in a process of its own so that the
# language is the one of its environment from the start. Like any app
# (gtk_init() does it for GTK apps), it takes its locale from the
# environment first.
REGISTER_BAD_IDENTIFIER = '''
import locale
locale.setlocale(locale.LC_ALL, '')
import gi
gi.require_version('Bgrun', '1.0')
from gi.repository import Bgrun, GLib
driver = Bgrun.TestDriver.new('org.example.Lang')
try:
    driver.get_scheduler().register('refresh', lambda *args: None)
except GLib.Error as error:
    print(error.message)
'''

MESSAGES = {
    'de': {
        'state-dir': 'Das Zustandsverzeichnis „/nowhere/state“ existiert nicht.',
        'usage': 'bgrunctl: kein Befehl angegeben',
        'library': 'Die Aufgabenkennung „refresh“ ist ungültig: Sie hat ein Element',
    },
    'fr': {
        'state-dir': f'Le dossier d’état «{NNBSP}/nowhere/state{NNBSP}» n’existe pas.',
        'usage': 'bgrunctl: aucune commande indiquée',
        'library': f'L’identifiant de tâche «{NNBSP}refresh{NNBSP}» n’est pas valide{NNBSP}: '
                   'il n’a qu’un élément',
    },
    'en': {
        'state-dir': 'The state directory “/nowhere/state” does not exist.',
        'usage': 'bgrunctl: no command given',
        'library': 'Task identifier “refresh” is not valid: it has one element',
    },
}


def environment(language):
    return dict(os.environ, LANGUAGE=language, LC_ALL='C.UTF-8', BGRUN_LOCALEDIR=LOCALEDIR)


def run(command, language):
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                          env=environment(language))


def test_the_catalogues_are_built():
    for language in ('de', 'fr'):
        assert os.path.isfile(os.path.join(LOCALEDIR, language, 'LC_MESSAGES', 'libbgrun-1.mo'))


@pytest.mark.parametrize('language', ['de', 'fr', 'en'])
def test_bgrunctl_says_what_failed_in_the_users_language(language):
    assert BGRUNCTL, 'BGRUNCTL is not set: run this test through meson'
    result = run([BGRUNCTL, 'list', '--state-dir', '/nowhere/state'], language)
    assert result.returncode == 1
    assert MESSAGES[language]['state-dir'] in result.stderr


@pytest.mark.parametrize('language', ['de', 'fr', 'en'])
def test_bgrunctl_usage_errors_in_the_users_language(language):
    result = run([BGRUNCTL], language)
    assert result.returncode == 2
    assert MESSAGES[language]['usage'] in result.stderr


@pytest.mark.parametrize('language', ['de', 'fr', 'en'])
def test_library_errors_in_the_users_language(language):
    result = run([sys.executable, '-c', REGISTER_BAD_IDENTIFIER], language)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(MESSAGES[language]['library']), result.stdout
