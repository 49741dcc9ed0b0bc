/* Heartbeat and TCP answer of the Linux guest: MTPHB1 lines on the serial
 * console, ~9 a second; a TCP listener on port 22 that answers each
 * connection with one line "MTPHB1 <boot id>" and closes. */
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static unsigned read_boot_id(void) {
    char text[64] = {0};
    unsigned id = 0;
    int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY);
    if (fd >= 0) { read(fd, text, sizeof text - 1); close(fd); }
    sscanf(text, "%8x", &id);
    return id;
}

static void rtc_time(char *out) {
    /* Read the CMOS clock each time: it follows the host's clock. */
    int fd = open("/sys/class/rtc/rtc0/time", O_RDONLY);
    ssize_t n = fd >= 0 ? read(fd, out, 8) : -1;
    if (fd >= 0) close(fd);
    if (n != 8) memcpy(out, "00:00:00", 8);
    out[8] = 0;
}

/* Checksums in full on transmit: OVS's userspace datapath forwards a
 * partial checksum as it is, and the guest's TCP would arrive broken. */
static void tx_checksums_in_full(void) {
    char cmdline[512] = {0};
    int fd = open("/proc/cmdline", O_RDONLY);
    if (fd >= 0) { read(fd, cmdline, sizeof cmdline - 1); close(fd); }
    if (strstr(cmdline, "mtp_csum=keep")) return;
    struct ethtool_value value = {.cmd = ETHTOOL_STXCSUM, .data = 0};
    struct ifreq request = {0};
    int sock = socket(AF_INET, SOCK_DGRAM, 0);
    strcpy(request.ifr_name, "eth0");
    request.ifr_data = (void *)&value;
    ioctl(sock, SIOCETHTOOL, &request);
    close(sock);
}

int main(void) {
    tx_checksums_in_full();
    unsigned boot_id = read_boot_id(), beat = 0;
    int console = open("/dev/ttyS0", O_WRONLY | O_NOCTTY);
    int listener = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(22)};
    struct timespec next, now;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    bind(listener, (struct sockaddr *)&address, sizeof address);
    listen(listener, 16);
    clock_gettime(CLOCK_MONOTONIC, &next);
    for (;;) {
        struct pollfd fds = {.fd = listener, .events = POLLIN};
        long wait;
        clock_gettime(CLOCK_MONOTONIC, &now);
        wait = (next.tv_sec - now.tv_sec) * 1000 + (next.tv_nsec - now.tv_nsec) / 1000000;
        if (wait <= 0) {
            char line[80], rtc[9];
            /* The BIOS timer's rate: 1193182/65536 Hz since boot. */
            unsigned long long ns = now.tv_sec * 1000000000ULL + now.tv_nsec;
            unsigned ticks = (unsigned)(ns / 1000 * 1193182ULL / 65536ULL / 1000000ULL);
            rtc_time(rtc);
            int len = snprintf(line, sizeof line, "MTPHB1 %08x %08x %08x %s\r\n",
                               boot_id, ++beat, ticks, rtc);
            write(console, line, len);
            next.tv_nsec += 110000000;
            if (next.tv_nsec >= 1000000000) { next.tv_sec++; next.tv_nsec -= 1000000000; }
            continue;
        }
        if (poll(&fds, 1, wait) > 0) {
            int peer = accept(listener, NULL, NULL);
            if (peer >= 0) {
                char line[32];
                int len = snprintf(line, sizeof line, "MTPHB1 %08x\r\n", boot_id);
                write(peer, line, len);
                close(peer);
            }
        }
    }
}
