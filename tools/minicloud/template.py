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

"""A template of templates/ filled in: the one way the tools write
configuration text.
"""

import os
import string

from minicloud import config
from minicloud import errors


def render(template_name, values, directory=config.TEMPLATE_DIR):
    """The text of a template with ${name} references filled in.

    An unknown name is an error, so a typo cannot leave a literal ${...}
    in a config file. A line that starts with ``##`` is a comment of the
    template, left out of the text. ``directory``: where the template is
    (default: this package's templates/).
    """
    with open(os.path.join(directory, template_name)) as f:
        text = ''.join(line for line in f if not line.startswith('##'))
    try:
        return string.Template(text).substitute(values)
    except KeyError as e:
        raise errors.MinicloudError('template %s refers to unknown value %s'
                                    % (template_name, e))


def ini_text(sections):
    """{section: {option: value}} as the text of an ini file."""
    return '\n'.join('[%s]\n%s' % (section, ''.join(
        '%s = %s\n' % item for item in options.items()))
        for section, options in sections.items())
