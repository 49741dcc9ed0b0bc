#!/bin/bash
# Live migration of the candidate between two TCG QEMUs on this machine, no
# nova: SPEED=1M (minicloud's live_migration_bandwidth) makes it last about
# 85 s and the destination crashed at switchover (QEMU 7.2, 1 of 1); with
# no limit it went on beating (1 of 1). Run ./build.sh first; needs socat.
# WAIT: seconds to wait for completion; AFTER: seconds to watch after.
cd "$(dirname "$0")"
APPEND="console=ttyS0 quiet $1"
rm -f a.log b.log a.mon b.mon
Q=(qemu-system-x86_64 -machine pc,accel=tcg -m 128 -nodefaults -display none -kernel out/vmlinuz -initrd out/initrd.gz -append "$APPEND")
"${Q[@]}" -serial file:a.log -monitor unix:a.mon,server,nowait &
A=$!
sleep 12
"${Q[@]}" -serial file:b.log -monitor unix:b.mon,server,nowait -incoming tcp:127.0.0.1:28499 &
B=$!
sleep 2
grep -a MTPHB1 a.log | tail -1
[ -n "$SPEED" ] && echo "migrate_set_parameter max-bandwidth $SPEED" | socat - unix-connect:a.mon >/dev/null
echo "migrate -d tcp:127.0.0.1:28499" | socat - unix-connect:a.mon >/dev/null
for i in $(seq 1 ${WAIT:-25}); do sleep 1; echo "info migrate" | socat - unix-connect:a.mon | grep -a -q "status: completed" && { echo "completed after $i s"; break; }; done; sleep ${AFTER:-20}
echo "info migrate" | socat - unix-connect:a.mon | grep -a "Migration status"
grep -a MTPHB1 b.log | head -1; grep -a MTPHB1 b.log | tail -1; grep -a -c MTPHB1 b.log; grep -a -m2 -E "BUG|fault|panic|Oops" b.log
kill $A $B
