# Heartbeat guest: a boot sector that writes to COM1, about 9 times a
# second, "MTPHB1 <boot id> <beat> <ticks> <HH:MM:SS>": a boot id from the
# TSC at boot, a beat counter, the guest's own BIOS timer ticks since boot
# (18.2 Hz, paused with the guest) and the RTC time (the host's clock). Built
# by guest_image.py with binutils. Assembled with DIRTY defined, it also
# rewrites 512 KiB of memory every beat: a live migration copying less than
# about 5 MiB/s never converges (guest_image.BUSY_IMAGE_NAME).
        .code16
        .globl _start
_start:
        cli
        xorw %ax, %ax
        movw %ax, %ds
        movw %ax, %ss
        movw $0x7c00, %sp
        sti
        cld
        movw $0x3f8+1, %dx      # COM1: no interrupts
        xorb %al, %al
        outb %al, %dx
        rdtsc
        movl %eax, bootid
        movl 0x46c, %eax
        movl %eax, lastbios
next_beat:
        movl ticks, %ebx
        addl $2, %ebx
wait_tick:
        hlt
        movl 0x46c, %eax
        movl %eax, %ecx
        subl lastbios, %eax
        jns 1f
        addl $0x1800b0, %eax    # the BIOS count wraps at midnight
1:      movl %ecx, lastbios
        addl %eax, ticks
        cmpl %ebx, ticks
        jb wait_tick
        incl beat
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
        call puts
.ifdef DIRTY
        # 0x10000-0x8ffff: clear of the IVT, the BIOS data, this code, its
        # stack below 0x7c00 and the EBDA; the beat makes every page new.
        movw $0x1000, %bx
5:      movw %bx, %es
        xorw %di, %di
        movl beat, %eax
        movw $0x4000, %cx       # 64 KiB as dwords
        rep stosl
        addw $0x1000, %bx
        cmpw $0x9000, %bx
        jb 5b
        # TCG marks a page dirty for migration only through a fresh TLB
        # entry: toggling CR0.WP (no effect in real mode) flushes them.
        movl %cr0, %eax
        xorl $0x10000, %eax
        movl %eax, %cr0
.endif
        jmp next_beat

# RTC time as HH:MM:SS (BCD registers print as decimal digits).
putrtc:
        movb $0x0a, %al
        outb %al, $0x70
        inb $0x71, %al
        testb $0x80, %al        # update in progress: registers unstable
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
        call putbcd
        ret

putbcd:
        outb %al, $0x70
        inb $0x71, %al
        movb %al, %ah
        shrb $4, %al
        call putnibble
        movb %ah, %al
        call putnibble
        ret

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
        pushw %ax
        movw $0x3f8+5, %dx
3:      inb %dx, %al
        testb $0x20, %al
        jz 3b
        popw %ax
        movw $0x3f8, %dx
        outb %al, %dx
        popw %dx
        ret

puts:
        lodsb
        testb %al, %al
        jz 4f
        call putc
        jmp puts
4:      ret

prefix: .asciz "MTPHB1 "
crlf:   .asciz "\r\n"
        .balign 4
bootid: .long 0
beat:   .long 0
ticks:  .long 0
lastbios: .long 0
