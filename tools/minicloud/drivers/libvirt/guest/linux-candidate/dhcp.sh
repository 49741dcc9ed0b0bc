#!/bin/sh
case "$1" in
bound|renew)
    ip addr flush dev "$interface"
    ip addr add "$ip/${mask:-24}" dev "$interface"
    [ -n "$mtu" ] && ip link set "$interface" mtu "$mtu"
    [ -n "$router" ] && ip route replace default via "${router%% *}"
    echo "MTPNET $ip" > /dev/ttyS0 ;;
deconfig)
    ip addr flush dev "$interface" ;;
esac
