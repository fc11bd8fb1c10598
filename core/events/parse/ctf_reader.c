/* A CTF trace directory (LTTng) read through libbabeltrace2: a graph with the `ctf` plugin's
 * src.ctf.fs and one simple sink per stream. There is no muxer: the events are put in time order
 * afterwards (tsb_finish), so a stream whose packets are not in time order (babeltrace2's muxer
 * stops on those) is read whole. A stream that cannot be decoded to its end is cut there: its
 * events so far are kept, the others streams are read on, and a message says where and why. */
#include "child_wait.h"
#include "ctf_salvage.h"
#include "parse.h"
#include "lttng_map.h"

#include <babeltrace2/babeltrace.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct ctf_read ctf_read;

/* One stream: the sink that reads it. */
typedef struct stream_sink {
    ctf_read *r;
    char *port;           /* src.ctf.fs's name of the stream ("UUID | ID | FILE") */
    guint64 n_events;
    gboolean cut;
} stream_sink;

struct ctf_read {
    ts_events_builder b;
    const char *dir;
    GString *value;       /* scratch for one value */
};

static void add_message(ctf_read *r, char *msg)
{
    if (r->b.evs->messages->len < TS_EVENTS_MAX_MESSAGES)
        g_ptr_array_add(r->b.evs->messages, msg);
    else
        g_free(msg);
}

/* The root cause of the current thread's error (the one that says what was wrong), taken. */
static char *take_error(void)
{
    const bt_error *e = bt_current_thread_take_error();
    if (!e)
        return g_strdup("unknown error");
    guint64 n = bt_error_get_cause_count(e);
    char *msg = g_strdup(n ? bt_error_cause_get_message(bt_error_borrow_cause_by_index(e, 0))
                           : "unknown error");
    bt_error_release(e);
    g_strdelimit(msg, "\n", ' ');
    return msg;
}

/* ---- values, as babeltrace2's text sink prints them (see lttng_map.h) ---- */

static void int_text(GString *out, const bt_field *f)
{
    const bt_field_class *fc = bt_field_borrow_class_const(f);
    bt_field_class_type t = bt_field_get_class_type(f);
    gboolean is_signed = bt_field_class_type_is(t, BT_FIELD_CLASS_TYPE_SIGNED_INTEGER);
    guint64 u = is_signed ? (guint64)bt_field_integer_signed_get_value(f)
                          : bt_field_integer_unsigned_get_value(f);
    guint64 len = bt_field_class_integer_get_field_value_range(fc);
    switch (bt_field_class_integer_get_preferred_display_base(fc)) {
    case BT_FIELD_CLASS_INTEGER_PREFERRED_DISPLAY_BASE_BINARY:
        g_string_append(out, "0b");
        for (guint64 bit = len; bit-- > 0;)
            g_string_append_c(out, (u >> bit) & 1 ? '1' : '0');
        break;
    case BT_FIELD_CLASS_INTEGER_PREFERRED_DISPLAY_BASE_OCTAL:
        if (is_signed && len < 64) {
            guint64 rounded = ((len - 1) / 3 + 1) * 3;
            if (rounded < 64)
                u &= (G_GUINT64_CONSTANT(1) << rounded) - 1;
        }
        g_string_append_printf(out, "0%" PRIo64, u);
        break;
    case BT_FIELD_CLASS_INTEGER_PREFERRED_DISPLAY_BASE_HEXADECIMAL:
        if (len < 64) {
            guint64 rounded = (len + 3) & ~G_GUINT64_CONSTANT(3);
            if (rounded < 64)
                u &= (G_GUINT64_CONSTANT(1) << rounded) - 1;
        }
        g_string_append_printf(out, "0x%" PRIX64, u);
        break;
    default:
        if (is_signed)
            g_string_append_printf(out, "%" PRId64, (gint64)u);
        else
            g_string_append_printf(out, "%" PRIu64, u);
        break;
    }
}

/* A scalar's text; FALSE for compound fields. */
static gboolean scalar_text(GString *out, const bt_field *f)
{
    bt_field_class_type t = bt_field_get_class_type(f);
    if (bt_field_class_type_is(t, BT_FIELD_CLASS_TYPE_ENUMERATION)) {
        bt_field_class_enumeration_mapping_label_array labels;
        guint64 n = 0;
        if (bt_field_class_type_is(t, BT_FIELD_CLASS_TYPE_SIGNED_INTEGER))
            bt_field_enumeration_signed_get_mapping_labels(f, &labels, &n);
        else
            bt_field_enumeration_unsigned_get_mapping_labels(f, &labels, &n);
        if (n > 0)
            g_string_append(out, labels[0]);
        else
            int_text(out, f);
    } else if (bt_field_class_type_is(t, BT_FIELD_CLASS_TYPE_INTEGER)) {
        int_text(out, f);
    } else if (t == BT_FIELD_CLASS_TYPE_BOOL) {
        g_string_append(out, bt_field_bool_get_value(f) ? "true" : "false");
    } else if (t == BT_FIELD_CLASS_TYPE_BIT_ARRAY) {
        g_string_append_printf(out, "0x%" PRIX64, bt_field_bit_array_get_value_as_integer(f));
    } else if (t == BT_FIELD_CLASS_TYPE_SINGLE_PRECISION_REAL) {
        g_string_append_printf(out, "%g", (double)bt_field_real_single_precision_get_value(f));
    } else if (t == BT_FIELD_CLASS_TYPE_DOUBLE_PRECISION_REAL) {
        g_string_append_printf(out, "%g", bt_field_real_double_precision_get_value(f));
    } else if (t == BT_FIELD_CLASS_TYPE_STRING) {
        const char *s = bt_field_string_get_value(f);
        g_string_append(out, s ? s : "");
    } else {
        return FALSE;
    }
    return TRUE;
}

static gboolean is_compound_class(const bt_field_class *fc)
{
    bt_field_class_type t = bt_field_class_get_type(fc);
    return t == BT_FIELD_CLASS_TYPE_STRUCTURE ||
           bt_field_class_type_is(t, BT_FIELD_CLASS_TYPE_ARRAY) ||
           bt_field_class_type_is(t, BT_FIELD_CLASS_TYPE_VARIANT) ||
           bt_field_class_type_is(t, BT_FIELD_CLASS_TYPE_OPTION);
}

static gboolean key_append(ctf_read *r, gsize at, const char *sep, const char *name, gsize *len)
{
    char *k = r->b.lt_key;
    gsize s = at > 0 ? strlen(sep) : 0, n = strlen(name);
    if (at + s + n + 1 > sizeof r->b.lt_key)
        return FALSE;
    memcpy(k + at, sep, s);
    memcpy(k + at + s, name, n + 1);
    *len = at + s + n;
    return TRUE;
}

static gboolean add(ctf_read *r, gsize key_len, const char *value)
{
    r->b.lt_key[key_len] = '\0';
    return tsb_add_field(&r->b, r->b.lt_key, value);
}

static gboolean flatten(ctf_read *r, const bt_field *f, gsize key_len, int depth)
{
    if (depth > 32)
        return FALSE;
    bt_field_class_type t = bt_field_get_class_type(f);
    const bt_field_class *fc = bt_field_borrow_class_const(f);
    gsize k;
    if (t == BT_FIELD_CLASS_TYPE_STRUCTURE) {
        guint64 n = bt_field_class_structure_get_member_count(fc);
        for (guint64 i = 0; i < n; i++) {
            const bt_field_class_structure_member *m =
                bt_field_class_structure_borrow_member_by_index_const(fc, i);
            if (!key_append(r, key_len, ".", bt_field_class_structure_member_get_name(m), &k) ||
                !flatten(r, bt_field_structure_borrow_member_field_by_index_const(f, i), k, depth + 1))
                return FALSE;
        }
        return TRUE;
    }
    if (bt_field_class_type_is(t, BT_FIELD_CLASS_TYPE_VARIANT))
        return flatten(r, bt_field_variant_borrow_selected_option_field_const(f), key_len, depth + 1);
    if (bt_field_class_type_is(t, BT_FIELD_CLASS_TYPE_OPTION)) {
        const bt_field *o = bt_field_option_borrow_field_const(f);
        return o ? flatten(r, o, key_len, depth + 1) : add(r, key_len, "<none>");
    }
    if (bt_field_class_type_is(t, BT_FIELD_CLASS_TYPE_ARRAY)) {
        guint64 n = bt_field_array_get_length(f);
        if (is_compound_class(bt_field_class_array_borrow_element_field_class_const(fc))) {
            for (guint64 i = 0; i < n; i++) {
                char idx[32];
                g_snprintf(idx, sizeof idx, "[%" PRIu64 "]", i);
                if (!key_append(r, key_len, "", idx, &k) ||
                    !flatten(r, bt_field_array_borrow_element_field_by_index_const(f, i), k, depth + 1))
                    return FALSE;
            }
            return TRUE;
        }
        GString *joined = g_string_new(NULL);
        for (guint64 i = 0; i < n; i++) {
            if (i > 0)
                g_string_append_c(joined, ',');
            scalar_text(joined, bt_field_array_borrow_element_field_by_index_const(f, i));
        }
        gboolean ok = add(r, key_len, joined->str);
        g_string_free(joined, TRUE);
        return ok;
    }
    g_string_truncate(r->value, 0);
    return scalar_text(r->value, f) && add(r, key_len, r->value->str);
}

/* ---- the sinks ---- */

static gboolean add_scope(ctf_read *r, const bt_field *f)
{
    return !f || flatten(r, f, 0, 0);
}

static void event_message(stream_sink *s, const bt_message *msg)
{
    ctf_read *r = s->r;
    const bt_event *e = bt_message_event_borrow_event_const(msg);
    const char *name = bt_event_class_get_name(bt_event_borrow_class_const(e));
    r->b.line_no++;
    s->n_events++;
    gint64 ns = 0;
    if (bt_message_event_borrow_stream_class_default_clock_class_const(msg) &&
        bt_clock_snapshot_get_ns_from_origin(bt_message_event_borrow_default_clock_snapshot_const(msg),
                                             &ns) != BT_CLOCK_SNAPSHOT_GET_NS_FROM_ORIGIN_STATUS_OK)
        ns = -1;
    const char *why = NULL;
    if (ns < 0 || ns >= TS_TIME_MAX) {
        why = "time out of range";
    } else {
        ts_event *ev = tsb_push(&r->b);
        ev->ts_ns = ns;
        const bt_packet *p = bt_event_borrow_packet_const(e);
        gboolean ok = add_scope(r, p ? bt_packet_borrow_context_field_const(p) : NULL) &&
                      add_scope(r, bt_event_borrow_common_context_field_const(e)) &&
                      add_scope(r, bt_event_borrow_specific_context_field_const(e));
        guint n_ctx = ev->n_fields;
        ok = ok && add_scope(r, bt_event_borrow_payload_field_const(e));
        why = ok ? ts_lttng_map(&r->b, ev, name ? name : "<unknown>",
                                strlen(name ? name : "<unknown>"), n_ctx)
                 : "fields too deep, too many or too long";
        if (why)
            tsb_pop(&r->b);
    }
    if (why) {
        r->b.evs->n_bad++;
        add_message(r, g_strdup_printf("%s: event %u (%s): %s", r->dir, r->b.line_no,
                                       name ? name : "?", why));
    }
}

static bt_graph_simple_sink_component_consume_func_status consume(bt_message_iterator *it,
                                                                  void *data)
{
    stream_sink *s = data;
    bt_message_array_const msgs;
    guint64 n;
    switch (bt_message_iterator_next(it, &msgs, &n)) {
    case BT_MESSAGE_ITERATOR_NEXT_STATUS_OK:
        break;
    case BT_MESSAGE_ITERATOR_NEXT_STATUS_END:
        return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_END;
    case BT_MESSAGE_ITERATOR_NEXT_STATUS_AGAIN:
        return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_AGAIN;
    default: {
        /* this stream ends here; the others go on */
        char *cause = take_error();
        s->cut = TRUE;
        s->r->b.evs->n_cut++;
        add_message(s->r, g_strdup_printf("%s: stream %s cut after %" G_GUINT64_FORMAT
                                          " events, the rest of it is lost: %s",
                                          s->r->dir, s->port, s->n_events, cause));
        g_free(cause);
        return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_END;
    }
    }
    for (guint64 i = 0; i < n; i++) {
        const bt_message *m = msgs[i];
        guint64 lost;
        if (bt_message_get_type(m) == BT_MESSAGE_TYPE_EVENT)
            event_message(s, m);
        else if (bt_message_get_type(m) == BT_MESSAGE_TYPE_DISCARDED_EVENTS &&
                 bt_message_discarded_events_get_count(m, &lost) == BT_PROPERTY_AVAILABILITY_AVAILABLE)
            s->r->b.evs->n_lost += (guint)MIN(lost, (guint64)(G_MAXUINT - s->r->b.evs->n_lost));
        bt_message_put_ref(m);
    }
    return BT_GRAPH_SIMPLE_SINK_COMPONENT_CONSUME_FUNC_STATUS_OK;
}

/* ---- the graph ---- */

static const bt_component_source *add_source(bt_graph *g, const char *inputs, const char *dir,
                                             GError **err)
{
    const bt_plugin *plugin = NULL;
    if (bt_plugin_find("ctf", BT_TRUE, BT_TRUE, BT_TRUE, BT_TRUE, BT_FALSE, &plugin) !=
        BT_PLUGIN_FIND_STATUS_OK) {
        bt_current_thread_clear_error();
        g_set_error(err, TS_EVENTS_ERROR, TS_EVENTS_ERROR_IO,
                    "%s: cannot read CTF traces: babeltrace2's ctf plugin is not installed", dir);
        return NULL;
    }
    const bt_component_class_source *cls =
        bt_plugin_borrow_source_component_class_by_name_const(plugin, "fs");
    bt_value *params = bt_value_map_create();
    bt_value *array = NULL;
    const bt_component_source *src = NULL;
    if (!cls || !params || bt_value_map_insert_empty_array_entry(params, "inputs", &array) ||
        bt_value_array_append_string_element(array, inputs) ||
        bt_graph_add_source_component(g, cls, "src", params, BT_LOGGING_LEVEL_NONE, &src) !=
            BT_GRAPH_ADD_COMPONENT_STATUS_OK) {
        char *cause = take_error();
        g_set_error(err, TS_EVENTS_ERROR, TS_EVENTS_ERROR_FORMAT,
                    "%s: not a readable CTF trace: %s", dir, cause);
        g_free(cause);
        src = NULL;
    }
    bt_value_put_ref(params);
    bt_plugin_put_ref(plugin);
    return src;
}

static gboolean add_sinks(ctf_read *r, bt_graph *g, const bt_component_source *src,
                          GPtrArray *sinks, GError **err)
{
    guint64 n = bt_component_source_get_output_port_count(src);
    for (guint64 i = 0; i < n; i++) {
        const bt_port_output *out = bt_component_source_borrow_output_port_by_index_const(src, i);
        stream_sink *s = g_new0(stream_sink, 1);
        s->r = r;
        s->port = g_strdup(bt_port_get_name(bt_port_output_as_port_const(out)));
        g_ptr_array_add(sinks, s);
        char name[32];
        g_snprintf(name, sizeof name, "sink%" PRIu64, i);
        const bt_component_sink *sink = NULL;
        if (bt_graph_add_simple_sink_component(g, name, NULL, consume, NULL, s, &sink) !=
                BT_GRAPH_ADD_COMPONENT_STATUS_OK ||
            bt_graph_connect_ports(g, out, bt_component_sink_borrow_input_port_by_index_const(sink, 0),
                                   NULL) != BT_GRAPH_CONNECT_PORTS_STATUS_OK) {
            char *cause = take_error();
            g_set_error(err, TS_EVENTS_ERROR, TS_EVENTS_ERROR_FORMAT, "%s: %s", r->dir, cause);
            g_free(cause);
            return FALSE;
        }
    }
    return TRUE;
}

static void free_sink(gpointer p)
{
    stream_sink *s = p;
    g_free(s->port);
    g_free(s);
}

/* The `metadata` files in dir and below (src.ctf.fs looks for traces recursively). */
static void find_metadata(const char *dir, int depth, GPtrArray *found)
{
    char *m = g_build_filename(dir, "metadata", NULL);
    if (g_file_test(m, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add(found, m);
    else
        g_free(m);
    GDir *d = depth < 8 ? g_dir_open(dir, 0, NULL) : NULL;
    for (const char *e; d && (e = g_dir_read_name(d)) != NULL;) {
        char *sub = g_build_filename(dir, e, NULL);
        if (g_file_test(sub, G_FILE_TEST_IS_DIR) && !g_file_test(sub, G_FILE_TEST_IS_SYMLINK))
            find_metadata(sub, depth + 1, found);
        g_free(sub);
    }
    if (d)
        g_dir_close(d);
}

/* Packetized metadata must be whole packets: babeltrace2 2.0 loops forever on a cut one.
 * Each packet: magic, uuid[16], checksum, content_size, packet_size (bits), then 5 bytes. */
static gboolean metadata_packets_whole(const char *path, char **why)
{
    char *data;
    gsize len;
    if (!g_file_get_contents(path, &data, &len, NULL)) {
        *why = g_strdup_printf("%s cannot be read", path);
        return FALSE;
    }
    static const guint8 le[4] = {0x57, 0x1D, 0xD1, 0x75}, be[4] = {0x75, 0xD1, 0x1D, 0x57};
    gboolean packetized = len >= 4 && (memcmp(data, le, 4) == 0 || memcmp(data, be, 4) == 0);
    gboolean little = len >= 4 && memcmp(data, le, 4) == 0;
    gsize off = 0;
    guint n = 0;
    *why = NULL;
    while (packetized && off < len && !*why) {
        const guint8 *p = (const guint8 *)data + off;
        guint32 content = 0, size = 0;
        if (len - off >= 37) {
            for (int i = 3; i >= 0; i--) {
                content = (content << 8) | p[24 + (little ? i : 3 - i)];
                size = (size << 8) | p[28 + (little ? i : 3 - i)];
            }
        }
        if (len - off < 37 || memcmp(p, data, 4) != 0 || size % 8 != 0 || size / 8 < 37 ||
            size / 8 > len - off || content > size || content < 37 * 8)
            *why = g_strdup_printf("broken metadata: %s is cut or damaged in packet %u (byte %"
                                   G_GSIZE_FORMAT ")", path, n + 1, off);
        off += size / 8;
        n++;
    }
    g_free(data);
    return *why == NULL;
}

/* NULL when dir holds CTF traces whose metadata babeltrace2 can be given; else the error. */
static GError *check_dir(const char *path, const char *dir)
{
    GPtrArray *found = g_ptr_array_new_with_free_func(g_free);
    if (g_file_test(dir, G_FILE_TEST_IS_DIR))
        find_metadata(dir, 0, found);
    GError *e = NULL;
    if (found->len == 0)
        e = g_error_new(TS_EVENTS_ERROR, TS_EVENTS_ERROR_IO,
                        "%s: not a CTF trace directory (no metadata file in it)", path);
    for (guint i = 0; i < found->len && !e; i++) {
        char *why;
        if (!metadata_packets_whole(found->pdata[i], &why)) {
            e = g_error_new(TS_EVENTS_ERROR, TS_EVENTS_ERROR_FORMAT, "%s: %s", dir, why);
            g_free(why);
        }
    }
    g_ptr_array_free(found, TRUE);
    return e;
}

gboolean ts_ctf_metadata_file(const char *path)
{
    char *base = g_path_get_basename(path);
    gboolean named = strcmp(base, "metadata") == 0;
    g_free(base);
    if (!named || !g_file_test(path, G_FILE_TEST_IS_REGULAR))
        return FALSE;
    /* text metadata (it starts with a CTF comment) or packetized (magic 0x75D11D57, either order) */
    guint8 head[8] = {0};
    FILE *f = fopen(path, "rb");
    gsize n = f ? fread(head, 1, sizeof head, f) : 0;
    if (f)
        fclose(f);
    static const guint8 le[4] = {0x57, 0x1D, 0xD1, 0x75}, be[4] = {0x75, 0xD1, 0x1D, 0x57};
    return n >= 4 && (memcmp(head, "/* CTF", MIN(n, 6)) == 0 || memcmp(head, le, 4) == 0 ||
                      memcmp(head, be, 4) == 0);
}

/* Reads the trace(s) under inputs; messages name dir. NULL and *err when babeltrace2 refuses
 * the trace as a whole. */
static ts_events *read_trace(const char *inputs, const char *dir, GError **err)
{
    ctf_read r;
    tsb_init(&r.b, dir, TS_EVENTS_CTF);
    r.dir = dir;
    r.value = g_string_new(NULL);
    GPtrArray *sinks = g_ptr_array_new_with_free_func(free_sink);
    bt_graph *g = bt_graph_create(0);
    const bt_component_source *src = g ? add_source(g, inputs, dir, err) : NULL;
    gboolean ok = src && add_sinks(&r, g, src, sinks, err);
    /* No stream to read (an empty stream file): babeltrace2 aborts on running a graph without
     * a sink, so there is nothing to run. */
    if (ok && sinks->len) {
        bt_graph_run_status st;
        while ((st = bt_graph_run(g)) == BT_GRAPH_RUN_STATUS_AGAIN)
            g_usleep(1000);
        if (st != BT_GRAPH_RUN_STATUS_OK) {
            /* a failure outside the streams (the sinks end their own stream on errors) */
            char *cause = take_error();
            r.b.evs->n_cut++;
            add_message(&r, g_strdup_printf("%s: reading stopped after %u events: %s", dir,
                                            r.b.line_no, cause));
            g_free(cause);
        }
    } else if (!*err) {
        g_set_error(err, TS_EVENTS_ERROR, TS_EVENTS_ERROR_FORMAT, "%s: not a CTF trace", dir);
    }
    bt_graph_put_ref(g);
    g_ptr_array_free(sinks, TRUE);
    g_string_free(r.value, TRUE);
    if (!ok) {
        tsb_discard(&r.b);
        return NULL;
    }
    r.b.evs->n_lines = r.b.line_no;
    return tsb_finish(&r.b);
}

/* The trace again, with the stream file cut at the start of one of its last packets. */
static ts_events *salvage(const char *dir, const char *file)
{
    GStatBuf st;
    if (g_stat(file, &st) != 0)
        return NULL;
    GArray *starts = ts_ctf_packet_starts(file, 4);
    ts_events *evs = NULL;
    for (guint i = 0; i < starts->len && !evs; i++) {
        gsize cut = g_array_index(starts, gsize, i);
        char *tmp = ts_ctf_salvage_copy(dir, file, cut);
        if (!tmp)
            break;
        GError *e = NULL;
        evs = read_trace(tmp, dir, &e);
        g_clear_error(&e);
        ts_ctf_salvage_remove(tmp);
        if (!evs)
            continue;
        evs->n_cut++;
        g_ptr_array_insert(evs->messages, 0, g_strdup_printf(
            "%s: stream file %s is cut short: read up to its packet at byte %" G_GSIZE_FORMAT
            ", the last %" G_GINT64_FORMAT " bytes of it are lost", dir, file, cut,
            (gint64)st.st_size - (gint64)cut));
        if (evs->messages->len > TS_EVENTS_MAX_MESSAGES)
            g_ptr_array_set_size(evs->messages, TS_EVENTS_MAX_MESSAGES);
    }
    g_array_free(starts, TRUE);
    return evs;
}

/* How long the child may take. The child of a process with other threads (Wireshark's,
 * tshark's, a fuzzer's) may block for good on a lock another thread held at the fork (in
 * malloc, dlopen, the locale): after this long it is killed and the trace read here, without
 * the check, rather than waiting for ever. A trace that merely takes longer is read twice in
 * part; one that would stop the process is then not caught. */
#define CHILD_SECONDS 30

/* babeltrace2 2.0's CTF plugin aborts the process on some damaged packet sizes (an assertion
 * in its msg-iter.c) instead of returning an error. The trace is therefore read once in a child
 * process first: when that child dies, the trace is refused with an error, and the process
 * that asked (tshark, Wireshark) goes on without it. */
static GError *child_survives(const char *dir)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return NULL; /* cannot check: read it here */
    if (pid == 0) {
        GError *e = NULL;
        ts_events *evs = read_trace(dir, dir, &e);
        ts_events_free(evs);
        g_clear_error(&e);
        _exit(0);
    }
    int status = 0;
    if (!ts_child_wait(pid, CHILD_SECONDS, &status))
        return NULL; /* stuck, not dead (killed now), or lost: read it here */
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return NULL;
    return g_error_new(TS_EVENTS_ERROR, TS_EVENTS_ERROR_FORMAT,
                       "%s: babeltrace2 stopped the process reading this trace (%s %d): a "
                       "damaged stream file", dir, WIFSIGNALED(status) ? "signal" : "exit status",
                       WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
}

ts_events *ts_ctf_load(const char *path, GError **err)
{
    char *dir = g_file_test(path, G_FILE_TEST_IS_DIR) ? g_strdup(path) : g_path_get_dirname(path);
    GError *e = check_dir(path, dir);
    if (!e)
        e = child_survives(dir);
    ts_events *evs = e ? NULL : read_trace(dir, dir, &e);
    char *file;
    if (!evs && e && ts_ctf_broken_stream(e->message, &file)) {
        evs = salvage(dir, file);
        if (evs)
            g_clear_error(&e);
        g_free(file);
    }
    if (e)
        g_propagate_error(err, e);
    g_free(dir);
    return evs;
}
