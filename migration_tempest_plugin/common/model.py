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

"""The plugin's data: settings, siblings, requests and expected moves.

Plain dataclasses, with no behaviour and no API call, shared by the checks,
the waits, the timing report and the tests.
"""

import dataclasses


@dataclasses.dataclass(frozen=True)
class MoveSettings:
    """Effective values of the options the move tests use."""

    # A whole number, or config.AUTO_SIBLING_COUNT (see sibling_count_for).
    sibling_count: object
    # 'auto', True or False: the value of the API's block_migration field.
    block_migration: object
    # 'none', 'auto' or the name or ID of a network.
    network: str
    # The option ``network`` came from, to name it in errors.
    network_option: str
    move_timeout: int
    settle_timeout: int
    poll_interval: float
    image_ref: str
    flavor_ref: str
    # [compute] flavor_ref_alt, the flavor of resizes (None: not set).
    flavor_ref_alt: str = None
    report_file: str = None
    compute_stop_command: str = None
    compute_start_command: str = None
    # [migration] fault_command and heal_command, and the faults they know.
    fault_command: str = None
    heal_command: str = None
    faults: tuple = ()
    max_sibling_count: int = 5
    # One of config.HEARTBEAT_FORMATS, or None: no guest check.
    guest_heartbeat: str = None
    # [migration] busy_image_ref: guests whose live migration stays in
    # flight (None: not set).
    busy_image_ref: str = None
    # Seconds the final state of a failed, aborted or refused move holds
    # before it is judged ([migration] settle_period).
    settle_period: float = 5
    # [migration] reachability_command as words (None: no packet probe)
    # and reachability_interval, seconds between two echo requests.
    reachability_command: tuple = None
    reachability_interval: float = 0.02


@dataclasses.dataclass
class SiblingRequest:
    """One multi-create request: its first server, then its reservation."""

    first_server_id: str
    reservation_id: str = None


@dataclasses.dataclass(frozen=True)
class Sibling:
    """One server of a multi-create request, as it was when recorded."""

    id: str
    name: str
    status: str
    host: str
    node: str
    availability_zone: str
    # The name of its flavor (microversion 2.47+ embeds it in the server).
    flavor: str
    # Its request's (admin-only): the siblings are read in one request.
    reservation_id: str = None


@dataclasses.dataclass(frozen=True)
class ExpectedMove:
    """How a move ends, for one kind of move.

    :param migration_type: type of nova's migration record
        ('live-migration', 'migration', 'resize', 'evacuation'); None for a
        move without a record (unshelve).
    :param migration_status: status the record ends in ('completed' for a
        live migration, 'confirmed' after a confirmed resize or cold
        migration, 'done' for an evacuation...), or a tuple of those it may
        end in.
    :param server_status: status the server ends in.
    :param target_host: the host asked for, or None if the scheduler picks.
    :param flavor_name: the flavor the server must have after the move
        (a resize's new one), or None for the flavor it had before.
    :param host_must_change: False for a move that may stay on its host
        (a resize on a cloud that allows resizing to the same host).
    :param allocations_on_destination_only: False for a move that holds the
        source's allocation until the source compute comes back
        (evacuation): the server then holds its flavor's resources on both.
    :param returns_to_source: True for a reverted move, which ends back on
        its source host; the migration record keeps the host it went to.
    :param allocated_resources: {resource class: amount} the server's
        allocation on its final host must hold, or None for the resources
        of the flavor the server has after the move.
    :param refused: nova must not carry the move out: a record reaching
        the move's landing status fails at once, naming where it went.
    :param settles: True for a move that failed, was aborted or refused:
        nova may still change the server after it looks ended, so its
        state must hold for [migration] settle_period before it is judged.
    :param failure: an ExpectedFailure: the failed event of the move's
        request, or None.
    :param offloaded: the server ends shelved-offloaded (an unshelve that
        failed): with no host and nothing allocated.
    """

    migration_type: str = 'live-migration'
    migration_status: str = 'completed'
    server_status: str = 'ACTIVE'
    target_host: str = None
    flavor_name: str = None
    host_must_change: bool = True
    allocations_on_destination_only: bool = True
    returns_to_source: bool = False
    allocated_resources: dict = None
    refused: bool = False
    settles: bool = False
    failure: object = None
    offloaded: bool = False


@dataclasses.dataclass(frozen=True)
class ExpectedFailure:
    """How nova records a move that failed half-way.

    :param event: the instance action event that failed
        ('compute_finish_resize', 'compute_unshelve_instance'...).
    :param says: text its details or traceback must hold: the fault
        ('VirtualInterfaceCreateException', 'No space left on device').
    """

    event: str
    says: str


@dataclasses.dataclass
class ActionRequest:
    """A server action request as the client sent it."""

    server_id: str
    action: str
    # time.monotonic() when sent; the log's request count before it.
    sent: float
    requests_before: int
    request_id: str = None
