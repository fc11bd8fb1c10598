/* The differences between the Wireshark series tcpstate builds for (4.0, 4.4, 4.6), in one
 * place, keyed on Wireshark's own version macros. Everything else in plugin/ and taps/ is
 * written once against the names below.
 *
 *   field values    4.0: field_info holds an fvalue_t; 4.2 on: a pointer to one
 *   boolean prefs   4.0: gboolean *; 4.2 on: bool *
 *   description     4.2 on: plugins may say what they register (plugin_describe)
 *   -z init         4.6 on: a stat_tap_ui's init callback says whether it succeeded
 *   conv. filters   4.4 on: the callbacks return bool and take the user data given at
 *                   registration (4.2 is not a series tcpstate builds for)
 *   wiretap records 4.6 on: a record carries its bytes (tools/gen_capture.c defines
 *                   TS_COMPAT_WIRETAP before including this header)
 */
#ifndef TCPSTATE_WS_COMPAT_H
#define TCPSTATE_WS_COMPAT_H

#include <ws_version.h>
#ifndef TS_COMPAT_WIRETAP
#include <epan/proto.h>
#endif

#define TS_WS_AT_LEAST(major, minor)                                                              \
    (WIRESHARK_VERSION_MAJOR > (major) ||                                                         \
     (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

#if TS_WS_AT_LEAST(4, 2)
#include <stdbool.h>
#define TS_FIELD_VALUE(fi) ((fi)->value)
typedef bool ts_pref_bool;
#define TS_HAS_PLUGIN_DESCRIBE 1
#else
#define TS_FIELD_VALUE(fi) (&(fi)->value)
typedef gboolean ts_pref_bool;
#define TS_HAS_PLUGIN_DESCRIBE 0
#endif

#if TS_WS_AT_LEAST(4, 6)
typedef bool ts_stat_tap_init_result;
#define TS_STAT_TAP_INIT_DONE return true
#else
typedef void ts_stat_tap_init_result;
#define TS_STAT_TAP_INIT_DONE return
#endif

/* A conversation filter's callbacks: declare them as
 *   static ts_conv_filter_bool f(TS_CONV_FILTER_PARAMS(pinfo))
 * and register them with TS_REGISTER_CONVERSATION_FILTER (no user data). */
#if TS_WS_AT_LEAST(4, 4)
typedef bool ts_conv_filter_bool;
#define TS_CONV_FILTER_PARAMS(pinfo) packet_info *pinfo, void *user_data _U_
#define TS_REGISTER_CONVERSATION_FILTER(proto, name, valid, build)                                \
    register_conversation_filter(proto, name, valid, build, NULL)
#else
typedef gboolean ts_conv_filter_bool;
#define TS_CONV_FILTER_PARAMS(pinfo) packet_info *pinfo
#define TS_REGISTER_CONVERSATION_FILTER(proto, name, valid, build)                                \
    register_conversation_filter(proto, name, valid, build)
#endif

#ifdef TS_COMPAT_WIRETAP
#include <wiretap/wtap.h>

static inline void ts_wtap_rec_init(wtap_rec *rec)
{
#if TS_WS_AT_LEAST(4, 6)
    wtap_rec_init(rec, 2048);
#else
    wtap_rec_init(rec);
#endif
}

/* Writes one packet record whose bytes are len bytes at bytes. */
static inline gboolean ts_wtap_dump_packet(wtap_dumper *w, wtap_rec *rec, const guint8 *bytes, guint32 len,
                                           int *err, gchar **err_info)
{
#if TS_WS_AT_LEAST(4, 6)
    ws_buffer_clean(&rec->data);
    ws_buffer_append(&rec->data, bytes, len);
    return wtap_dump(w, rec, err, err_info);
#else
    (void)len;
    return wtap_dump(w, rec, bytes, err, err_info);
#endif
}
#endif

#endif
