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

"""nova's [libvirt] virt_type for this machine: kvm where a guest boots
under KVM, else qemu (TCG).
"""

import contextlib
import fcntl
import os
import subprocess
import tempfile

from minicloud import processes

KVM_DEVICE = '/dev/kvm'
KVM_GET_API_VERSION = 0xAE00
KVM_API_VERSION = 12
QEMU = '/usr/bin/qemu-system-x86_64'
# A boot sector guest beats within a second or two under working KVM.
KVM_PROBE_SECONDS = 15


def kvm_works(device=KVM_DEVICE):
    """Whether KVM answers its API version ioctl.

    Nested KVM may work although /proc/cpuinfo shows no vmx or svm.
    """
    try:
        fd = os.open(device, os.O_RDWR | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        return fcntl.ioctl(fd, KVM_GET_API_VERSION) == KVM_API_VERSION
    except OSError:
        return False
    finally:
        os.close(fd)


def kvm_boots(image, console_prefix, timeout=KVM_PROBE_SECONDS):
    """Whether ``image`` boots under KVM with the host's CPU.

    Nested KVM may answer its ioctls yet fail to run a guest: on an AMD
    machine QEMU aborted on the IA32_ARCH_CAPABILITIES MSR with the host's
    CPU model, and with any other model SeaBIOS never reached the boot
    sector. Success is a line starting ``console_prefix`` on COM1.
    """
    with tempfile.TemporaryDirectory() as work:
        console = os.path.join(work, 'console')
        proc = subprocess.Popen(
            [QEMU, '-machine', 'pc,accel=kvm', '-cpu', 'host', '-m', '64',
             '-nodefaults', '-display', 'none', '-snapshot',
             '-serial', 'file:' + console,
             '-drive', 'file=%s,format=raw,if=ide' % image],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)

        def booted():
            if proc.poll() is not None:
                return 'exited'
            with contextlib.suppress(FileNotFoundError):
                with open(console, 'rb') as f:
                    if console_prefix.encode() in f.read():
                        return 'booted'
            return None

        try:
            return processes.wait_for('a guest under KVM', booted, timeout,
                                      interval=0.2) == 'booted'
        finally:
            proc.kill()
            proc.wait()


def choose_virt_type(image, console_prefix):
    """nova's [libvirt] virt_type: kvm where a guest boots, else qemu."""
    if kvm_works() and kvm_boots(image, console_prefix):
        return 'kvm'
    return 'qemu'
