/* libFuzzer target: babeltrace2's text output of LTTng traces, format detection, and alignment
 * and matching of what it parsed. */
#include "fuzz_common.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)ts_events_detect((const char *)data, size);
    ts_events *evs =
        ts_events_parse_buffer((const char *)data, size, "fuzz", TS_EVENTS_LTTNG_TEXT, NULL);
    if (evs) {
        fuzz_align_and_match(evs);
        ts_events_free(evs);
    }
    return 0;
}
