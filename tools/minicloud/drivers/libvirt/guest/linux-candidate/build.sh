#!/bin/bash
# Builds the stage-1 Linux guest candidate into ./out (not wired into the
# tool; see README.rst): Debian's cloud kernel and busybox-static, a static
# heartbeat/TCP program, an initramfs. Needs apt-get, gcc, libc6-dev, cpio.
set -e
here=$(cd "$(dirname "$0")" && pwd)
out=$here/out
rm -rf "$out" && mkdir -p "$out/debs" "$out/initrd"/{bin,dev,proc,sys,lib,etc}
cd "$out/debs"
kernel=$(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-/{print $2}')
apt-get download "$kernel" busybox-static
dpkg-deb -x linux-image-*.deb k
dpkg-deb -x busybox-static_*.deb bb
version=${kernel#linux-image-}
# nova's image safety check reads a bzImage's legacy boot sector as an MBR
# with invalid partition entries: zero its unused bytes 446-496.
python3 -c "
import sys
d = bytearray(open(sys.argv[1], 'rb').read()); d[446:497] = bytes(51)
open(sys.argv[2], 'wb').write(d)" "k/boot/vmlinuz-$version" "$out/vmlinuz"
cp bb/bin/busybox "$out/initrd/bin/"
gcc -static -Os -o "$out/initrd/bin/mtphb" "$here/mtphb.c" && strip "$out/initrd/bin/mtphb"
for m in virtio/virtio_ring virtio/virtio virtio/virtio_pci_modern_dev virtio/virtio_pci_legacy_dev virtio/virtio_pci; do
    cp "k/lib/modules/$version/kernel/drivers/$m.ko" "$out/initrd/lib/"
done
cp "k/lib/modules/$version/kernel/net/core/failover.ko" "k/lib/modules/$version/kernel/drivers/net/net_failover.ko" \
   "k/lib/modules/$version/kernel/drivers/net/virtio_net.ko" "$out/initrd/lib/"
install -m 0755 "$here/init" "$out/initrd/init"
install -m 0755 "$here/dhcp.sh" "$out/initrd/etc/dhcp.sh"
(cd "$out/initrd" && find . | cpio -o -H newc 2>/dev/null | gzip -9) > "$out/initrd.gz"
ls -la "$out/vmlinuz" "$out/initrd.gz"
