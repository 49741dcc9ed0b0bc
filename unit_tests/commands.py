# Copyright 2026 The migration-tempest-plugin Authors.
#
#    Licensed under the Apache License, Version 2.0 (the "License"); you may
#    not use this file except in compliance with the License. You may obtain
#    a copy of the License at
#
#         http://www.apache.org/licenses/LICENSE-2.0
#
#    Unless required by applicable law or agreed to in writing, software
#    distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
#    WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
#    License for the specific language governing permissions and limitations
#    under the License.

"""The help of a tool's command, as a user asks for it."""

import subprocess
import sys


def help_text(test, package):
    """What ``python -m <package> --help`` prints; it must exit 0.

    The help must come without starting anything: a run that ignored its
    arguments would start here and time out.
    """
    done = subprocess.run([sys.executable, '-m', package, '--help'],
                          stdout=subprocess.PIPE, text=True, timeout=60)
    test.assertEqual(0, done.returncode)
    return done.stdout
