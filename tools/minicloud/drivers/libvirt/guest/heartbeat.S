# Heartbeat guest: a real-mode program that writes to COM1, about 9 times a
# second, "MTPHB1 <boot id> <beat> <ticks> <HH:MM:SS>": a boot id from the
# TSC at boot, a beat counter, the guest's own BIOS timer ticks since boot
# (18.2 Hz, paused with the guest) and the RTC time (the host's clock).
#
# On an RTL8139 NIC (image property hw_vif_model = rtl8139) it is also a
# network responder: it takes an address by DHCP, answers ARP and ICMP echo
# requests, and answers a TCP connection to port 13 (daytime) with one
# heartbeat line, then closes it. It writes "MTPNET1 <address>" once its
# address is bound. It computes every checksum itself: the NIC offloads
# nothing, so no partial checksum ever reaches Open vSwitch's userspace
# datapath. Without such a NIC it only beats.
#
# The boot sector (the first 446 bytes) loads the rest from the following
# sectors. Built by guest_image.py with binutils. Assembled with DIRTY
# defined, it also rewrites 512 KiB of memory every beat: a live migration
# copying less than about 5 MiB/s never converges (BUSY_IMAGE_NAME).
#
# Memory: this code from 0x7c00, its stack below; the NIC's receive ring at
# RXBUF, its four transmit buffers at TXBUF; 0x10000-0x8ffff is the busy
# variant's. DS = ES = SS = 0 throughout.

        .code16
        .set RXBUF, 0xa000
        .set RXSIZE, 8192           # RCR RBLEN 0: 8 KiB + 16 (+ WRAP slack)
        .set TXBUF, 0xc800
        .set TXSLOT, 0x600
        .set DAYTIME_PORT, 0x0d00   # port 13, as read from a packet
        .set LINE_LEN, 44           # one heartbeat line with its CR LF
        .set DHCP_RETRY, 36         # ticks (2 s) between DHCP attempts
        .set BOUND, 3               # dhcp_state: 1 discovering, 2 requested
        .set RTL_VENDOR_DEVICE, 0x813910ec

        .globl _start
_start:
        ljmp $0, $boot
boot:
        cli
        xorw %ax, %ax
        movw %ax, %ds
        movw %ax, %es
        movw %ax, %ss
        movw $0x7c00, %sp
        sti
        cld
        movw $dap, %si              # the rest, from the BIOS's boot drive
        movb $0x42, %ah
        int $0x13
        jnc stage2
1:      hlt
        jmp 1b

        .balign 4
dap:    .byte 0x10, 0
        .word (code_end - stage2 + 511) / 512
        .word stage2, 0
        .quad 1

        .org 446                    # the partition table follows
        .org 512
stage2:
        movw $0x3f8+1, %dx          # COM1: no interrupts
        xorb %al, %al
        outb %al, %dx
        rdtsc
        movl %eax, bootid
        movl 0x46c, %eax
        movl %eax, lastbios
        call nic_init
main_loop:
        cli
        call rx_pending
        jc 1f
        sti                         # hlt runs before any interrupt
        hlt
1:      sti
        call rx_all
        call update_ticks
        call dhcp_timer
        movl ticks, %eax
        cmpl next_beat, %eax
        jb main_loop
        addl $2, %eax
        movl %eax, next_beat
        incl beat
        call put_beat_line
.ifdef DIRTY
        # 0x10000-0x8ffff: clear of the IVT, the BIOS data, this code, its
        # stack and buffers and the EBDA; the beat makes every page new.
        movw $0x1000, %bx
5:      movw %bx, %es
        xorw %di, %di
        movl beat, %eax
        movw $0x4000, %cx           # 64 KiB as dwords
        rep stosl
        addw $0x1000, %bx
        cmpw $0x9000, %bx
        jb 5b
        xorw %ax, %ax
        movw %ax, %es
        # TCG marks a page dirty for migration only through a fresh TLB
        # entry: toggling CR0.WP (no effect in real mode) flushes them.
        movl %cr0, %eax
        xorl $0x10000, %eax
        movl %eax, %cr0
.endif
        jmp main_loop

update_ticks:
        movl 0x46c, %eax
        movl %eax, %ecx
        subl lastbios, %eax
        jns 1f
        addl $0x1800b0, %eax        # the BIOS count wraps at midnight
1:      movl %ecx, lastbios
        addl %eax, ticks
        ret

# ------------------------------------------------------------ output
# putc writes to COM1, or to memory at out_ptr when it is not 0.

put_beat_line:
        movw $prefix, %si
        call puts
        movl bootid, %eax
        call puthex
        movl beat, %eax
        call puthex
        movl ticks, %eax
        call puthex
        call putrtc
        movw $crlf, %si
        jmp puts

# RTC time as HH:MM:SS (BCD registers print as decimal digits).
putrtc:
        movb $0x0a, %al
        outb %al, $0x70
        inb $0x71, %al
        testb $0x80, %al            # update in progress: registers unstable
        jnz putrtc
        movb $4, %al
        call putbcd
        movb $':', %al
        call putc
        movb $2, %al
        call putbcd
        movb $':', %al
        call putc
        xorb %al, %al
putbcd:
        outb %al, $0x70
        inb $0x71, %al
        movb %al, %ah
        shrb $4, %al
        call putnibble
        movb %ah, %al
        jmp putnibble

# %eax as 8 hex digits and a space.
puthex:
        movw $8, %cx
        movl %eax, %edi
2:      roll $4, %edi
        movl %edi, %eax
        call putnibble
        loop 2b
        movb $' ', %al
        jmp putc

putnibble:
        andb $0x0f, %al
        addb $'0', %al
        cmpb $'9', %al
        jbe putc
        addb $'a'-'9'-1, %al
putc:
        pushw %dx
        pushw %di
        movw out_ptr, %di
        testw %di, %di
        jz 3f
        movb %al, (%di)
        incw out_ptr
        jmp 4f
3:      pushw %ax
        movw $0x3f8+5, %dx
6:      inb %dx, %al
        testb $0x20, %al
        jz 6b
        popw %ax
        movw $0x3f8, %dx
        outb %al, %dx
4:      popw %di
        popw %dx
        ret

puts:
        lodsb
        testb %al, %al
        jz 4f
        call putc
        jmp puts
4:      ret

# ------------------------------------------------------------ the NIC

# Config dword %bl of the PCI device at pci_addr, into %eax.
pci_read:
        movl pci_addr, %eax
        movb %bl, %al
        movw $0xcf8, %dx
        outl %eax, %dx
        movw $0xcfc, %dx
        inl %dx, %eax
        ret

# %dx = the NIC's register %dx.
nic_reg:
        addw nic_io, %dx
        ret

nic_init:
        movl $0x80000000, %eax      # bus 0, device 0
1:      movl %eax, pci_addr
        xorb %bl, %bl
        call pci_read
        cmpl $RTL_VENDOR_DEVICE, %eax
        je 2f
        movl pci_addr, %eax
        addl $0x800, %eax
        cmpl $0x80010000, %eax
        jb 1b
        ret                         # no NIC: the heartbeat alone
2:      movb $0x10, %bl             # BAR0: I/O ports
        call pci_read
        andw $0xfffc, %ax
        movw %ax, nic_io
        movb $0x3c, %bl             # interrupt line, as the BIOS routed it
        call pci_read
        movb %al, nic_irq
        movb $0x04, %bl             # command: I/O space and bus master
        call pci_read
        orw $0x0005, %ax
        outw %ax, %dx
        movw $0x52, %dx             # CONFIG1: powered on
        call nic_reg
        xorb %al, %al
        outb %al, %dx
        movw $0x37, %dx             # CR: reset
        call nic_reg
        movb $0x10, %al
        outb %al, %dx
3:      inb %dx, %al
        testb $0x10, %al
        jnz 3b
        xorw %dx, %dx               # IDR0-5: the MAC address
        call nic_reg
        movw $mac, %di
        movw $6, %cx
4:      inb %dx, %al
        stosb
        incw %dx
        loop 4b
        movw $0x30, %dx             # RBSTART
        call nic_reg
        movl $RXBUF, %eax
        outl %eax, %dx
        movw $0x3c, %dx             # IMR: receive OK, receive overflow
        call nic_reg
        movw $0x0011, %ax
        outw %ax, %dx
        movw $0x44, %dx             # RCR: WRAP, broadcast, multicast, mine
        call nic_reg
        movl $0x8e, %eax
        outl %eax, %dx
        movw $0x37, %dx             # CR: receiver and transmitter on
        call nic_reg
        movb $0x0c, %al
        outb %al, %dx
        movb $1, nic_up
        # Its interrupt wakes the hlt of the main loop.
        movzbw nic_irq, %cx
        cmpw $15, %cx
        ja 9f
        movw $1, %bx
        shlw %cl, %bx               # its bit in the PICs' masks
        movw %cx, %di
        addw $0x08, %di             # master PIC: vectors 8-15
        cmpw $8, %cx
        jb 5f
        addw $0x70-0x08-8, %di      # slave PIC: vectors 0x70-0x77
5:      shlw $2, %di
        cli
        movw $nic_isr, (%di)
        movw $0, 2(%di)
        inb $0x21, %al
        andb $0xfb, %al             # the cascade
        notw %bx
        andb %bl, %al
        outb %al, $0x21
        inb $0xa1, %al
        andb %bh, %al
        outb %al, $0xa1
        sti
9:      ret

nic_isr:
        pushw %ax
        pushw %dx
        movw %cs:nic_io, %dx
        addw $0x3e, %dx             # ISR: acknowledged by writing it back
        inw %dx, %ax
        outw %ax, %dx
        movb $0x20, %al
        cmpb $8, %cs:nic_irq
        jb 1f
        outb %al, $0xa0
1:      outb %al, $0x20
        popw %dx
        popw %ax
        iret

# CF set when a received frame waits in the ring.
rx_pending:
        cmpb $0, nic_up
        je 1f
        movw $0x37, %dx
        call nic_reg
        inb %dx, %al
        testb $1, %al               # BUFE
        jnz 1f
        stc
        ret
1:      clc
        ret

rx_all:
        call rx_pending
        jnc 9f
        movw rx_off, %si
        addw $RXBUF, %si
        movw 2(%si), %cx            # length, with the CRC
        pushw %cx
        testb $1, (%si)             # ROK
        jz 1f
        subw $4, %cx
        jbe 1f
        cmpw $1514, %cx
        ja 1f
        addw $4, %si
        movw %si, frame
        movw %cx, frame_len
        call handle_frame
1:      popw %cx
        addw rx_off, %cx
        addw $4+3, %cx
        andw $RXSIZE-4, %cx         # dword-aligned, in the ring
        movw %cx, rx_off
        subw $16, %cx
        movw $0x38, %dx             # CAPR
        call nic_reg
        movw %cx, %ax
        outw %ax, %dx
        jmp rx_all
9:      ret

# %di = the next transmit buffer.
tx_begin:
        movzbw tx_index, %di
        imulw $TXSLOT, %di
        addw $TXBUF, %di
        ret

# Send %cx bytes of the buffer tx_begin gave; short frames padded.
tx_send:
        call tx_begin
        cmpw $60, %cx
        jae 1f
        pushw %cx
        pushw %di
        addw %cx, %di
        negw %cx
        addw $60, %cx
        xorb %al, %al
        rep stosb
        popw %di
        popw %cx
        movw $60, %cx
1:      movzbw tx_index, %bx
        shlw $2, %bx
        movw $0x20, %dx             # TSADn: the buffer
        addw %bx, %dx
        call nic_reg
        movzwl %di, %eax
        outl %eax, %dx
        movw $0x10, %dx             # TSDn: the length; sends
        addw %bx, %dx
        call nic_reg
        movzwl %cx, %eax
        outl %eax, %dx
        incb tx_index
        andb $3, tx_index
        ret

# ------------------------------------------------------------ checksums

# %edx += the 16-bit words of %cx bytes at %si (little-endian reads give
# the checksum in network order once stored the same way).
csum_add:
        xorl %eax, %eax
1:      cmpw $2, %cx
        jb 2f
        lodsw
        addl %eax, %edx
        subw $2, %cx
        jmp 1b
2:      jcxz 3f
        xorw %ax, %ax
        lodsb
        addl %eax, %edx
3:      ret

# %ax = the Internet checksum of the sum in %edx.
csum_fold:
        movl %edx, %eax
        shrl $16, %eax
        jz 1f
        andl $0xffff, %edx
        addl %eax, %edx
        jmp csum_fold
1:      movw %dx, %ax
        notw %ax
        ret

# The IPv4 header at %di+14 gets its checksum.
ip_checksum:
        movw $0, 24(%di)
        leaw 14(%di), %si
        movw $20, %cx
        xorl %edx, %edx
        call csum_add
        call csum_fold
        movw %ax, 24(%di)
        ret

# ------------------------------------------------------------ protocols
# handle_frame: the frame at `frame`, `frame_len` bytes.

handle_frame:
        movw frame, %si
        movw 12(%si), %ax
        cmpw $0x0608, %ax
        je arp
        cmpw $0x0008, %ax
        jne 9f
        cmpb $0x45, 14(%si)         # IPv4 without options
        jne 9f
        cmpb $17, 23(%si)
        je udp
        cmpb $BOUND, dhcp_state
        jne 9f
        movl 30(%si), %eax
        cmpl my_ip, %eax
        jne 9f
        cmpb $1, 23(%si)
        je icmp
        cmpb $6, 23(%si)
        je tcp
9:      ret

arp:
        cmpb $BOUND, dhcp_state
        jne 9f
        cmpw $0x0100, 20(%si)       # a request
        jne 9f
        movl 38(%si), %eax
        cmpl my_ip, %eax
        jne 9f
        call tx_begin
        pushw %di
        call eth_reply
        addw $12, %di
        movw $0x0608, %ax
        stosw
        movw $0x0100, %ax           # Ethernet, IPv4, 6, 4, reply
        stosw
        movw $0x0008, %ax
        stosw
        movw $0x0406, %ax
        stosw
        movw $0x0200, %ax
        stosw
        call put_mac
        movl my_ip, %eax
        stosl
        movw frame, %si             # target: its sender's MAC and address
        addw $22, %si
        movw $10, %cx
        rep movsb
        popw %di
        movw $42, %cx
        jmp tx_send
9:      ret

# The Ethernet addresses at %di: to the sender of the frame at %si, from
# us.
eth_reply:
        movl 6(%si), %eax
        movl %eax, (%di)
        movw 10(%si), %ax
        movw %ax, 4(%di)
        pushw %di
        addw $6, %di
        call put_mac
        popw %di
        ret

put_mac:
        pushw %si
        movw $mac, %si
        movw $6, %cx
        rep movsb
        popw %si
        ret

icmp:
        cmpb $8, 34(%si)            # echo request
        jne 9f
        movw frame_len, %cx
        call tx_begin
        pushw %di
        rep movsb                   # the reply is the request, turned round
        popw %di
        movw frame, %si
        call eth_reply
        movl 26(%di), %eax
        movl %eax, 30(%di)
        movl my_ip, %eax
        movl %eax, 26(%di)
        movb $64, 22(%di)
        call ip_checksum
        movb $0, 34(%di)            # echo reply
        movw $0, 36(%di)
        movw 16(%di), %cx           # IP total length
        xchgb %cl, %ch
        subw $20, %cx
        leaw 34(%di), %si
        xorl %edx, %edx
        call csum_add
        call csum_fold
        movw %ax, 36(%di)
        movw 16(%di), %cx
        xchgb %cl, %ch
        addw $14, %cx
        jmp tx_send
9:      ret

# DHCP: answers to our requests (xid: the boot id).
udp:
        cmpw $0x4400, 36(%si)       # to port 68
        jne 9f
        cmpb $2, 42(%si)            # BOOTREPLY
        jne 9f
        movl 46(%si), %eax
        cmpl bootid, %eax
        jne 9f
        movb $0, %bl                # message type
        leaw 42+240(%si), %di       # the options
        movw %si, %dx
        addw frame_len, %dx
1:      cmpw %dx, %di
        jae 4f
        movb (%di), %al
        cmpb $255, %al
        je 4f
        incw %di
        cmpb $0, %al
        je 1b
        cmpb $53, %al
        jne 2f
        movb 1(%di), %bl
2:      cmpb $54, %al
        jne 3f
        movl 1(%di), %eax
        movl %eax, dhcp_server
3:      movzbw (%di), %ax
        incw %di
        addw %ax, %di
        jmp 1b
4:      movl 58(%si), %eax          # yiaddr
        cmpb $2, %bl                # OFFER
        jne 5f
        cmpb $1, dhcp_state
        jne 9f
        movl %eax, offered
        movb $2, dhcp_state
        movb $3, %bl                # REQUEST
        jmp dhcp_send
5:      cmpb $5, %bl                # ACK
        jne 6f
        cmpb $2, dhcp_state
        jne 9f
        movl %eax, my_ip
        movb $BOUND, dhcp_state
        movw $netline, %si
        call puts
        movl my_ip, %eax
        bswapl %eax
        call puthex
        movw $crlf, %si
        jmp puts
6:      cmpb $6, %bl                # NAK: from the start
        jne 9f
        movb $0, dhcp_state
        movl ticks, %eax
        movl %eax, dhcp_next
9:      ret

dhcp_timer:
        cmpb $0, nic_up
        je 9f
        cmpb $BOUND, dhcp_state
        je 9f
        movl ticks, %eax
        cmpl dhcp_next, %eax
        jb 9f
        addl $DHCP_RETRY, %eax
        movl %eax, dhcp_next
        movb $1, dhcp_state
        movb $1, %bl                # DISCOVER
        jmp dhcp_send
9:      ret

# A DHCP message of type %bl, broadcast: 342 bytes.
dhcp_send:
        call tx_begin
        pushw %di
        movw $342, %cx
        xorb %al, %al
        rep stosb
        popw %di
        movl $0xffffffff, (%di)
        movw $0xffff, 4(%di)
        pushw %di
        addw $6, %di
        call put_mac
        popw %di
        movw $0x0008, 12(%di)
        movb $0x45, 14(%di)
        movw $0x4801, 16(%di)       # total length 328
        movb $64, 22(%di)
        movb $17, 23(%di)
        movl $0xffffffff, 30(%di)
        call ip_checksum
        movw $0x4400, 34(%di)       # 68 -> 67, 308 bytes, no checksum
        movw $0x4300, 36(%di)
        movw $0x3401, 38(%di)
        movw $0x0101, 42(%di)       # BOOTREQUEST, Ethernet
        movb $6, 44(%di)
        movl bootid, %eax
        movl %eax, 46(%di)
        movw $0x0080, 52(%di)       # broadcast replies
        pushw %di
        addw $70, %di               # chaddr
        call put_mac
        popw %di
        movl $0x63538263, 278(%di)  # magic cookie
        movb $53, 282(%di)
        movb $1, 283(%di)
        movb %bl, 284(%di)
        movb $255, 285(%di)
        cmpb $3, %bl
        jne 1f
        movw $0x0432, 285(%di)      # requested address
        movl offered, %eax
        movl %eax, 287(%di)
        movw $0x0436, 291(%di)      # server identifier
        movl dhcp_server, %eax
        movl %eax, 293(%di)
        movb $255, 297(%di)
1:      movw $342, %cx
        jmp tx_send

# TCP to port 13: one heartbeat line, then the connection is closed. No
# state: each answer follows from the segment it answers. Our sequence
# numbers start at the boot id.
tcp:
        cmpw $DAYTIME_PORT, 36(%si)
        jne 9f
        movb 47(%si), %bl           # flags
        testb $0x04, %bl            # RST
        jnz 9f
        movw 16(%si), %cx           # their end: seq + data (+ SYN, FIN)
        xchgb %cl, %ch
        subw $20, %cx
        movb 46(%si), %al
        shrb $4, %al
        movzbw %al, %ax
        shlw $2, %ax
        subw %ax, %cx
        movzwl %cx, %ecx
        movl 38(%si), %eax
        bswapl %eax
        addl %ecx, %eax
        testb $0x03, %bl
        jz 1f
        incl %eax
1:      movl %eax, their_end
        movl bootid, %edx
        testb $0x02, %bl            # SYN: SYN ACK
        jz 2f
        testb $0x10, %bl
        jnz 9f
        movb $0x12, %bh
        xorw %cx, %cx
        jmp tcp_send
2:      testb $0x10, %bl
        jz 9f
        movl 42(%si), %eax          # what they acknowledge
        bswapl %eax
        incl %edx
        cmpl %edx, %eax             # our SYN: the line, with FIN
        jne 3f
        movb $0x19, %bh
        movw $LINE_LEN, %cx
        jmp tcp_send
3:      addl $LINE_LEN+1, %edx      # our FIN: acknowledge theirs
        cmpl %edx, %eax
        jne 9f
        testb $0x01, %bl
        jz 9f
        movb $0x10, %bh
        xorw %cx, %cx
        jmp tcp_send
9:      ret

# A segment with flags %bh, our sequence number %edx and %cx bytes of
# data (the heartbeat line), to the sender of `frame`.
tcp_send:
        pushw %cx
        call tx_begin
        movw frame, %si
        call eth_reply
        movw $0x0008, 12(%di)
        movl $0x00000045, 14(%di)   # IPv4; total length below
        movl $0, 18(%di)
        movw $0x0640, 22(%di)       # TTL 64, TCP
        movl my_ip, %eax
        movl %eax, 26(%di)
        movl 26(%si), %eax
        movl %eax, 30(%di)
        movw 36(%si), %ax           # ports, turned round
        movw %ax, 34(%di)
        movw 34(%si), %ax
        movw %ax, 36(%di)
        bswapl %edx
        movl %edx, 38(%di)
        movl their_end, %eax
        bswapl %eax
        movl %eax, 42(%di)
        movb $0x50, 46(%di)         # 20-byte header
        movb %bh, 47(%di)
        movw $0x0004, 48(%di)       # window 1024
        movl $0, 50(%di)            # checksum, urgent pointer
        popw %cx
        jcxz 1f
        leaw 54(%di), %ax
        movw %ax, out_ptr
        pushw %cx
        pushw %di
        call put_beat_line
        popw %di
        popw %cx
        movw $0, out_ptr
1:      addw $20, %cx
        movw %cx, %ax
        addw $20, %ax
        xchgb %al, %ah
        movw %ax, 16(%di)
        pushw %cx
        call ip_checksum
        popw %cx
        pushw %cx
        movl $0x0600, %edx          # the pseudo-header, then the segment
        movw %cx, %ax
        xchgb %al, %ah
        movzwl %ax, %eax
        addl %eax, %edx
        leaw 26(%di), %si
        pushw %cx
        movw $8, %cx
        call csum_add
        popw %cx
        leaw 34(%di), %si
        call csum_add
        call csum_fold
        movw %ax, 50(%di)
        popw %cx
        addw $34, %cx
        jmp tx_send

prefix: .asciz "MTPHB1 "
netline: .asciz "MTPNET1 "
crlf:   .asciz "\r\n"
        .balign 4
bootid: .long 0
beat:   .long 0
ticks:  .long 0
lastbios: .long 0
next_beat: .long 0
pci_addr: .long 0
my_ip:  .long 0
offered: .long 0
dhcp_server: .long 0
dhcp_next: .long 0
their_end: .long 0
nic_io: .word 0
rx_off: .word 0
frame:  .word 0
frame_len: .word 0
out_ptr: .word 0
mac:    .space 6
nic_irq: .byte 0xff
nic_up: .byte 0
tx_index: .byte 0
dhcp_state: .byte 0
code_end:
