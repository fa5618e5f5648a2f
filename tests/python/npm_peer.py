# Test peers written for Node.js (tests/tus-server, tests/web-push): each
# folder's pinned packages installed with `npm ci` into a directory of the
# build, the first time and again whenever its lock file changed; npm's
# cache is there too, so nothing outside the build directory is touched.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import shutil
import subprocess

# npm ci fetches from the registry the first time.
INSTALL_TIMEOUT = 300


def install(source, install_dir, files):
    '''Copies @files from @source into @install_dir and installs the
    packages of its lock file there unless they are.'''
    os.makedirs(install_dir, exist_ok=True)
    for name in files + ('package.json', 'package-lock.json'):
        shutil.copyfile(os.path.join(source, name), os.path.join(install_dir, name))
    with open(os.path.join(source, 'package-lock.json'), 'rb') as f:
        lock = f.read()
    stamp = os.path.join(install_dir, 'installed-lock.json')
    if os.path.exists(stamp):
        with open(stamp, 'rb') as f:
            if f.read() == lock:
                return
    npm = shutil.which('npm')
    if npm is None:
        raise RuntimeError('npm is missing: tools/install-deps installs Node.js and npm')
    result = subprocess.run(
        [npm, 'ci', '--no-audit', '--no-fund', '--cache', os.path.join(install_dir, '.npm-cache')],
        cwd=install_dir, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
    if result.returncode != 0:
        raise RuntimeError(f'npm ci failed in {install_dir}:\n{result.stdout}\n{result.stderr}')
    with open(stamp, 'wb') as f:
        f.write(lock)
