#include "tcp_options.h"

#include <string.h>

enum { OPT_END = 0, OPT_NOP = 1, OPT_MSS = 2, OPT_WSCALE = 3, OPT_SACK_PERM = 4, OPT_TIMESTAMPS = 8,
       OPT_TFO = 34, OPT_EXPERIMENT = 254 };

/* The experimental option's identifier (RFC 6994) Fast Open used before kind 34 existed
 * (RFC 7413 4.1.1), as Linux sent it for years. */
#define EXID_TFO 0xF989

static guint32 be32(const guint8 *p)
{
    return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

/* The length each kind the parser reads must have; other kinds: at least 2. */
static gboolean length_ok(guint8 kind, guint8 optlen)
{
    switch (kind) {
    case OPT_MSS: return optlen == 4;
    case OPT_WSCALE: return optlen == 3;
    case OPT_SACK_PERM: return optlen == 2;
    case OPT_TIMESTAMPS: return optlen == 10;
    case OPT_TFO: return optlen == 2 || (optlen >= 6 && optlen <= 18); /* request, or a cookie of 4-16 */
    case OPT_EXPERIMENT: return optlen >= 4;
    default: return optlen >= 2;
    }
}

void ts_tcp_options_parse(const guint8 *bytes, gsize captured, gsize len, ts_tcp_options *out)
{
    memset(out, 0, sizeof *out);
    if (captured < len)
        out->bits |= TS_OPT_CUT;
    gsize n = MIN(captured, len);
    for (gsize i = 0; i < n;) {
        guint8 kind = bytes[i];
        if (kind == OPT_END)
            return;
        if (kind == OPT_NOP) {
            i++;
            continue;
        }
        /* A kind without its length, a length below 2 or past the bytes there are: the
         * snapshot length cut it, or it is malformed. */
        if (i + 2 > n || bytes[i + 1] < 2 || i + bytes[i + 1] > n || !length_ok(kind, bytes[i + 1])) {
            out->bits |= TS_OPT_CUT;
            return;
        }
        guint8 optlen = bytes[i + 1];
        const guint8 *v = bytes + i + 2;
        switch (kind) {
        case OPT_MSS:
            out->mss = (guint16)(v[0] << 8 | v[1]);
            break;
        case OPT_WSCALE:
            out->wscale = (guint8)(MIN(v[0], 14) + 1); /* RFC 7323 2.3: more than 14 is 14 */
            break;
        case OPT_SACK_PERM:
            out->bits |= TS_OPT_SACK_PERM;
            break;
        case OPT_TIMESTAMPS:
            out->bits |= TS_OPT_TIMESTAMPS;
            out->tsval = be32(v);
            out->tsecr = be32(v + 4);
            break;
        case OPT_TFO:
            out->bits |= TS_OPT_TFO;
            break;
        case OPT_EXPERIMENT:
            if ((v[0] << 8 | v[1]) == EXID_TFO && (optlen == 4 || (optlen >= 8 && optlen <= 20)))
                out->bits |= TS_OPT_TFO;
            break;
        }
        i += optlen;
    }
}
