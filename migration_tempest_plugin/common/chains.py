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

"""Sequences of moves of one server that cover ordered pairs of kinds.

Nova bugs 1669054, 1797580 and 1718512 show only when the server one move
left state behind in (its RequestSpec) is moved again: each pair (first
kind, next kind) is a case of its own.
"""

# Move kinds, named as the timing report names them.
LIVE = 'live-migrate'
COLD = 'cold-migrate+confirm'
RESIZE = 'resize+confirm'
UNSHELVE = 'unshelve'
EVACUATE = 'evacuate'
KINDS = (LIVE, COLD, RESIZE, UNSHELVE, EVACUATE)
# Moves that end back on the source host.
COLD_REVERT = 'cold-migrate+revert'
RESIZE_REVERT = 'resize+revert'
REVERTS = (COLD_REVERT, RESIZE_REVERT)
# Moves whose request can name the destination host (a resize cannot).
HOST_REQUESTING_KINDS = (LIVE, COLD, COLD_REVERT, UNSHELVE, EVACUATE)


def every_ordered_pair(kinds):
    """Every (first, next) of two different kinds."""
    return [(first, then) for first in kinds for then in kinds
            if first != then]


def pairs_with(hub, others):
    """Every ordered pair of ``hub`` and one of ``others``, both ways."""
    return [pair for other in others for pair in ((hub, other),
                                                  (other, hub))]


def path_covering(pairs):
    """A sequence of kinds in which each pair occurs exactly once.

    Consecutive kinds in the result make the pairs. Each kind must start
    as many pairs as it ends (an Eulerian circuit exists), which holds for
    the two builders above; the path starts with the first pair's kind.
    """
    if not pairs:
        return []
    unused = {}
    for first, then in pairs:
        unused.setdefault(first, []).append(then)
        unused.setdefault(then, [])
    for first in unused:
        starts = len(unused[first])
        ends = sum(1 for _first, then in pairs if then == first)
        if starts != ends:
            raise ValueError('%s starts %d pairs and ends %d: no path uses '
                             'each pair once' % (first, starts, ends))
        # Popped from the end: the first listed is used first.
        unused[first].reverse()
    # Hierholzer's algorithm.
    stack, path = [pairs[0][0]], []
    while stack:
        kind = stack[-1]
        if unused[kind]:
            stack.append(unused[kind].pop())
        else:
            path.append(stack.pop())
    path.reverse()
    if len(path) != len(pairs) + 1:
        raise ValueError('the pairs %s are not connected' % pairs)
    return path


def pairs_of(path):
    return list(zip(path, path[1:]))
