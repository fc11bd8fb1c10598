/* A CTF stream file cut short (a full disk, an interrupted copy) makes babeltrace2 refuse the
 * whole trace: it indexes every packet before reading any. The trace is then read again from a
 * temporary copy in which that file ends at the start of one of its last packets, and the other
 * files are symbolic links. A packet starts with the magic 0xC1FC1FC1 and the trace's UUID: the
 * file's first 20 bytes, found again at any offset (LTTng's packets fill whole pages, but
 * babeltrace2's sink.ctf.fs writes them back to back). */
#include "ctf_salvage.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

gboolean ts_ctf_broken_stream(const char *message, char **file)
{
    static const char mark[] = "Failed to index CTF stream file '";
    const char *s = strstr(message, mark);
    const char *e = s ? strchr(s + strlen(mark), '\'') : NULL;
    if (!e)
        return FALSE;
    s += strlen(mark);
    *file = g_strndup(s, (gsize)(e - s));
    return TRUE;
}

GArray *ts_ctf_packet_starts(const char *file, guint max)
{
    GArray *starts = g_array_new(FALSE, FALSE, sizeof(gsize));
    GMappedFile *m = g_mapped_file_new(file, FALSE, NULL);
    if (!m)
        return starts;
    const guint8 *d = (const guint8 *)g_mapped_file_get_contents(m);
    gsize len = g_mapped_file_get_length(m);
    enum { HEAD = 20 };
    static const guint8 le[4] = {0xC1, 0x1F, 0xFC, 0xC1};
    GArray *all = g_array_new(FALSE, FALSE, sizeof(gsize));
    if (d && len >= HEAD && memcmp(d, le, 4) == 0) {
        for (gsize at = 1; at + HEAD <= len;) {
            const guint8 *p = memchr(d + at, le[0], len - HEAD + 1 - at);
            if (!p)
                break;
            at = (gsize)(p - d);
            if (memcmp(p, d, HEAD) == 0)
                g_array_append_val(all, at);
            at++;
        }
    }
    for (guint i = all->len; i-- > 0 && starts->len < max;)
        g_array_append_val(starts, g_array_index(all, gsize, i));
    g_array_free(all, TRUE);
    g_mapped_file_unref(m);
    return starts;
}

static gboolean copy_prefix(const char *from, const char *to, gsize len)
{
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
    gboolean ok = out != NULL;
    char buf[64 * 1024];
    while (ok && len > 0) {
        gsize n = fread(buf, 1, MIN(len, sizeof buf), in);
        ok = n > 0 && fwrite(buf, 1, n, out) == n;
        len -= n;
    }
    if (out)
        ok = fclose(out) == 0 && ok;
    if (in)
        fclose(in);
    return ok;
}

char *ts_ctf_salvage_copy(const char *dir, const char *file, gsize cut)
{
    char *tmp = g_dir_make_tmp("tcpstate-ctf-XXXXXX", NULL);
    GDir *d = tmp ? g_dir_open(dir, 0, NULL) : NULL;
    gboolean ok = d != NULL;
    char *broken = g_path_get_basename(file);
    for (const char *e; ok && (e = g_dir_read_name(d)) != NULL;) {
        char *from = g_build_filename(dir, e, NULL), *to = g_build_filename(tmp, e, NULL);
        if (strcmp(e, broken) == 0)
            ok = copy_prefix(from, to, cut);
        else if (g_file_test(from, G_FILE_TEST_IS_REGULAR))
            ok = symlink(from, to) == 0;
        g_free(from);
        g_free(to);
    }
    if (d)
        g_dir_close(d);
    g_free(broken);
    if (!ok && tmp) {
        ts_ctf_salvage_remove(tmp);
        tmp = NULL;
    }
    return tmp;
}

void ts_ctf_salvage_remove(char *tmp)
{
    GDir *d = g_dir_open(tmp, 0, NULL);
    for (const char *e; d && (e = g_dir_read_name(d)) != NULL;) {
        char *p = g_build_filename(tmp, e, NULL);
        g_remove(p);
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(tmp);
    g_free(tmp);
}
