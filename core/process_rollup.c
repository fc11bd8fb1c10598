#include "process_rollup.h"

#include "loss.h"

struct ts_process_rollup {
    GArray *rows;         /* ts_process_row */
    GHashTable *by_owner; /* "pid comm" -> row index + 1; "" for the unknown owner */
    GArray *streams;      /* guint32 per stream end (Wireshark numbers streams densely): the
                           * end's row + 1; 0 until seen, when its connection and kernel counts
                           * go in */
    GStringChunk *names;
};

ts_process_rollup *ts_process_rollup_new(void)
{
    ts_process_rollup *p = g_new(ts_process_rollup, 1);
    p->rows = g_array_new(FALSE, TRUE, sizeof(ts_process_row));
    p->by_owner = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    p->streams = g_array_new(FALSE, TRUE, sizeof(guint32));
    p->names = g_string_chunk_new(256);
    return p;
}

void ts_process_rollup_reset(ts_process_rollup *p)
{
    g_array_set_size(p->rows, 0);
    g_hash_table_remove_all(p->by_owner);
    g_array_set_size(p->streams, 0);
    g_string_chunk_clear(p->names);
}

void ts_process_rollup_free(ts_process_rollup *p)
{
    if (!p)
        return;
    g_array_free(p->rows, TRUE);
    g_hash_table_destroy(p->by_owner);
    g_array_free(p->streams, TRUE);
    g_string_chunk_free(p->names);
    g_free(p);
}

/* The row of the process owning end e (NULL: no facts), made when new. */
static guint row_of(ts_process_rollup *p, const ts_kernel_end *e)
{
    const char *comm = e && e->comm ? e->comm : NULL;
    char *key = comm ? g_strdup_printf("%d %s", e->pid, comm) : g_strdup("");
    gpointer found = g_hash_table_lookup(p->by_owner, key);
    if (found) {
        g_free(key);
        return GPOINTER_TO_UINT(found) - 1;
    }
    ts_process_row row = {.comm = comm ? g_string_chunk_insert_const(p->names, comm) : NULL,
                          .pid = comm ? e->pid : -1};
    g_array_append_val(p->rows, row);
    g_hash_table_insert(p->by_owner, key, GUINT_TO_POINTER(p->rows->len));
    return p->rows->len - 1;
}

static ts_process_row *nth(ts_process_rollup *p, guint i)
{
    return &g_array_index(p->rows, ts_process_row, i);
}

void ts_process_rollup_add(ts_process_rollup *p, const ts_segment *s, const ts_seg_result *r,
                           const ts_kernel_conn *kc, gint touched[2])
{
    if (2 * r->stream + 1 >= p->streams->len)
        g_array_set_size(p->streams, MAX(2 * r->stream + 2, 2 * p->streams->len));
    guint32 *seen = &g_array_index(p->streams, guint32, 2 * r->stream);
    guint row[2];
    if (seen[0]) {
        row[0] = seen[0] - 1;
        row[1] = seen[1] - 1;
    } else {
        for (int d = 0; d < 2; d++) {
            row[d] = row_of(p, kc ? &kc->end[d] : NULL);
            seen[d] = row[d] + 1;
        }
        for (int d = 0; d < 2; d++) {
            ts_process_row *x = nth(p, row[d]);
            if (d == 0 || row[1] != row[0])
                x->connections++; /* a process talking to itself: one connection */
            if (kc) {
                const ts_kernel_end *e = &kc->end[d];
                guint kernel_only, wire_only;
                x->retransmits_kernel += e->retransmits - e->retransmits_failed;
                if (ts_kernel_end_resend_gaps(e, &kernel_only, &wire_only))
                    x->kernel_only += kernel_only;
            }
        }
    }
    int d = r->dir;
    nth(p, row[d])->bytes_sent += s->seglen;
    nth(p, row[!d])->bytes_received += s->seglen;
    if (r->loss.resend && r->loss.resend != TS_RESEND_OUT_OF_ORDER)
        nth(p, row[d])->resent_wire++;
    if (r->has_rtt)
        ts_acc_add(&nth(p, row[!d])->rtt, r->rtt); /* an ACK: the sample is of the data coming to it */
    touched[0] = (gint)row[0];
    touched[1] = row[1] != row[0] ? (gint)row[1] : -1;
}

guint ts_process_rollup_count(const ts_process_rollup *p)
{
    return p->rows->len;
}

const ts_process_row *ts_process_rollup_nth(const ts_process_rollup *p, guint i)
{
    return i < p->rows->len ? &g_array_index(p->rows, ts_process_row, i) : NULL;
}
