#include "segment.h"
#include "fixed_format.h"

#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

void ts_addr_set(ts_addr *a, int family, const void *bytes)
{
    memset(a, 0, sizeof *a);
    a->family = (guint8)family;
    memcpy(a->bytes, bytes, family == 6 ? 16 : 4);
}

gboolean ts_addr_equal(const ts_addr *a, const ts_addr *b)
{
    return a->family == b->family && memcmp(a->bytes, b->bytes, sizeof a->bytes) == 0;
}

const char *ts_addr_to_str(const ts_addr *a, char *buf, gsize len)
{
    if (a->family == 4 && len >= 16) {
        /* inet_ntop's IPv4 form, without its sprintf: reports print two per connection. */
        gsize n = 0;
        for (int i = 0; i < 4; i++) {
            n += ts_format_uint(buf + n, a->bytes[i]);
            buf[n++] = i < 3 ? '.' : '\0';
        }
        return buf;
    }
    int af = a->family == 6 ? AF_INET6 : AF_INET;
    if (a->family == 0 || !inet_ntop(af, a->bytes, buf, (socklen_t)len))
        g_strlcpy(buf, "?", len);
    return buf;
}
