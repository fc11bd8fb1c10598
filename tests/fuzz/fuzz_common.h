/* Shared by the fuzz targets: after parsing, align and match the events against packets made up
 * from the events themselves, so that the clock and matching code see arbitrary events too. */
#ifndef TCPSTATE_FUZZ_COMMON_H
#define TCPSTATE_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "events.h"

void fuzz_align_and_match(const ts_events *evs);

#endif
