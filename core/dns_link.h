/* Links a connection to the DNS exchange that resolved its server's address shortly
 * before its first SYN: the "dns" stage of a connection. */
#ifndef TCPSTATE_DNS_LINK_H
#define TCPSTATE_DNS_LINK_H

#include "segment.h"

/* How long before the first SYN an answer may come and still count as the lookup. */
#define TS_DNS_WINDOW 5.0

typedef struct ts_dns_exchange {
    guint32 query_frame, response_frame;
    double response_time; /* seconds since the first packet of the capture */
    double dns_time;      /* query to response, seconds */
} ts_dns_exchange;

typedef struct ts_dns_link ts_dns_link;

ts_dns_link *ts_dns_link_new(void);
void ts_dns_link_free(ts_dns_link *d);

/* A DNS response that answered addr (one call per A/AAAA record). */
void ts_dns_answer(ts_dns_link *d, const ts_addr *addr, const ts_dns_exchange *x);

/* The first SYN of stream to server at time: links the newest answer for server given
 * within TS_DNS_WINDOW before it. Returns the exchange, or NULL. */
const ts_dns_exchange *ts_dns_connect(ts_dns_link *d, guint32 stream, const ts_addr *server, double time);

/* The exchange linked to a stream, and the stream a DNS frame served (G_MAXUINT32: none). */
const ts_dns_exchange *ts_dns_for_stream(const ts_dns_link *d, guint32 stream);
guint32 ts_dns_stream_of_frame(const ts_dns_link *d, guint32 frame);

#endif
