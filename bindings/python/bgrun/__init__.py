# libbgrun's Python helpers beside the PyGObject overrides: bgrun.testing,
# the pytest plugin for apps' own test suites.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
